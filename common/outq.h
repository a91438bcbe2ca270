/* Output: reference-counted chunks and per-connection queues of them. */
#ifndef OUTQ_H
#define OUTQ_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Formatted once, shared by every queue that holds it. */
struct chunk {
	uint32_t	refs;
	uint32_t	len;
	char		data[];
};

/* A chunk holding a copy of len bytes of data, with one reference. */
struct chunk	*chunk_new(const void *data, size_t len);
/* A chunk of len uninitialised bytes, with one reference. */
struct chunk	*chunk_alloc(size_t len);
/* A chunk holding the printf-formatted text, with one reference. */
struct chunk	*chunk_fmt(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));
/* Take one more reference; returns c. */
struct chunk	*chunk_ref(struct chunk *);
/* Drop one reference, freeing c with the last; NULL is ignored. */
void		 chunk_unref(struct chunk *);

/* A queue of chunk references; the ring is allocated while non-empty
 * only, so an idle connection holds no queue memory. */
struct outq {
	struct chunk	**ring;
	uint32_t	  head;		/* index of the oldest chunk */
	uint32_t	  count;	/* chunks queued */
	uint32_t	  cap;		/* ring slots */
	uint32_t	  off;		/* bytes of ring[head] already sent */
	size_t		  bytes;	/* unsent bytes in the queue */
};

/* An empty queue. */
void	outq_init(struct outq *);
/* Queue c (a new reference is taken). */
void	outq_push(struct outq *, struct chunk *c);
/* Write as much as fd takes with writev(); the bytes written (0 when the
 * socket is full), or -1 with errno on an error other than EAGAIN. */
ssize_t	outq_flush(struct outq *, int fd);
/* Drop everything queued and free the ring. */
void	outq_clear(struct outq *);

#endif
