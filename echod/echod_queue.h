/* A bounded FIFO of accepted connections, from the accepting thread to
 * the workers, and a done-list back: one mutex, one condition variable. */
#ifndef ECHOD_QUEUE_H
#define ECHOD_QUEUE_H

#include <pthread.h>
#include <stddef.h>

/*
 * Each fd travels with a tag, an opaque pointer the workers never
 * dereference (the threads model's per-address place). A worker done with
 * a connection gives its tag back through the done-list, under the same
 * mutex, and the accepting thread takes it with echod_queue_reap(): what
 * the tag stands for is only ever touched by that one thread.
 */
struct echod_queue {
	pthread_mutex_t	 mu;
	pthread_cond_t	 ready;		/* an fd was pushed, or closed */
	int		*ring;
	void		**tags;		/* ring[i]'s tag */
	size_t		 head;		/* oldest fd */
	size_t		 count;
	size_t		 cap;
	void		**done;		/* tags given back, a ring of cap */
	size_t		 done_head;
	size_t		 done_count;
	int		 closed;
};

/* An empty queue holding up to cap fds and cap done tags (cap >= 1); 0,
 * or -1 with errno. */
int	echod_queue_init(struct echod_queue *, size_t cap);
/* Free the queue (not the fds still in it: take them first). */
void	echod_queue_free(struct echod_queue *);
/* Append fd and its tag without waiting: 0, or -1 with errno EAGAIN
 * (full) or EPIPE (closed). */
int	echod_queue_push(struct echod_queue *, int fd, void *tag);
/* The oldest fd, and its tag into *tag if tag is not NULL, waiting while
 * the queue is empty; -1 once it is closed (fds still queued then are
 * left for echod_queue_take()). */
int	echod_queue_pop(struct echod_queue *, void **tag);
/* The oldest fd (and tag) without waiting, or -1 when empty. */
int	echod_queue_take(struct echod_queue *, void **tag);
/* Wake every waiting pop() and make pushes fail. */
void	echod_queue_close(struct echod_queue *);
/* fds queued now. */
size_t	echod_queue_count(struct echod_queue *);
/* A worker gives tag back: 0, or -1 with errno EAGAIN when cap tags are
 * already waiting to be reaped (works after close too). */
int	echod_queue_done(struct echod_queue *, void *tag);
/* The oldest tag given back into *tag: 1, or 0 when there is none. */
int	echod_queue_reap(struct echod_queue *, void **tag);

#endif
