/* Output: reference-counted chunks and per-connection queues of them. */
#include <sys/uio.h>

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outq.h"
#include "efun.h"

#ifdef IOV_MAX
#define OUTQ_IOV	IOV_MAX
#else
#define OUTQ_IOV	64
#endif
#define OUTQ_CAP_MIN	8	/* ring slots on first use */

struct chunk *
chunk_alloc(size_t len)
{
	struct chunk	*c;

	/* A chunk of 4 GiB is a caller bug, never input: stop here rather
	 * than truncate len and send garbage. */
	if (len > UINT32_MAX)
		abort();
	c = emalloc(sizeof(*c) + len);
	c->refs = 1;
	c->len = len;
	return c;
}

struct chunk *
chunk_new(const void *data, size_t len)
{
	struct chunk	*c = chunk_alloc(len);

	if (len > 0)
		memcpy(c->data, data, len);
	return c;
}

struct chunk *
chunk_fmt(const char *fmt, ...)
{
	struct chunk	*c;
	va_list		 ap, aq;
	int		 n;

	va_start(ap, fmt);
	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)	/* only for a bad format or wide conversion */
		n = 0;
	/* One byte more for vsnprintf's NUL, which len leaves out. */
	c = chunk_alloc((size_t)n + 1);
	c->len = n;
	(void)vsnprintf(c->data, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return c;
}

struct chunk *
chunk_ref(struct chunk *c)
{
	/* Wrapping would free a chunk still queued; 2^32 references need
	 * 32 GiB of ring slots, so this is a leak elsewhere. */
	if (c->refs == UINT32_MAX)
		abort();
	c->refs++;
	return c;
}

void
chunk_unref(struct chunk *c)
{
	if (c != NULL && --c->refs == 0)
		free(c);
}

void
outq_init(struct outq *q)
{
	memset(q, 0, sizeof(*q));
}

/* Doubles the ring, unwrapping it so the oldest chunk is at 0. */
static void
outq_grow(struct outq *q)
{
	struct chunk	**ring;
	uint32_t	  cap, first;

	cap = q->cap ? q->cap * 2 : OUTQ_CAP_MIN;
	ring = ereallocarray(NULL, cap, sizeof(*ring));
	first = q->cap - q->head < q->count ? q->cap - q->head : q->count;
	if (q->count > 0) {
		memcpy(ring, q->ring + q->head, first * sizeof(*ring));
		memcpy(ring + first, q->ring, (q->count - first) *
		    sizeof(*ring));
	}
	free(q->ring);
	q->ring = ring;
	q->cap = cap;
	q->head = 0;
}

void
outq_push(struct outq *q, struct chunk *c)
{
	if (c->len == 0)
		return;	/* nothing to send: a flush would spin on it */
	if (q->count == q->cap)
		outq_grow(q);
	q->ring[(q->head + q->count) % q->cap] = chunk_ref(c);
	q->count++;
	q->bytes += c->len;
}

/* Unreferences the oldest chunk; frees the ring when the queue drains. */
static void
outq_pop(struct outq *q)
{
	chunk_unref(q->ring[q->head]);
	q->head = (q->head + 1) % q->cap;
	q->off = 0;
	if (--q->count == 0) {
		free(q->ring);
		q->ring = NULL;
		q->head = q->cap = 0;
	}
}

/* Forgets the first n bytes of the queue, which the kernel took. */
static void
outq_consume(struct outq *q, size_t n)
{
	size_t	rest;

	q->bytes -= n;
	while (n > 0) {
		rest = q->ring[q->head]->len - q->off;
		if (n < rest) {
			q->off += n;
			return;
		}
		n -= rest;
		outq_pop(q);
	}
}

/* Fills iov from the queue; returns the iovecs used and the bytes. */
static int
outq_iov(const struct outq *q, struct iovec *iov, size_t *bytes)
{
	struct chunk	*c;
	uint32_t	 i;
	int		 n = 0;

	*bytes = 0;
	for (i = 0; i < q->count && n < OUTQ_IOV; i++, n++) {
		c = q->ring[(q->head + i) % q->cap];
		iov[n].iov_base = c->data + (i == 0 ? q->off : 0);
		iov[n].iov_len = c->len - (i == 0 ? q->off : 0);
		*bytes += iov[n].iov_len;
	}
	return n;
}

ssize_t
outq_flush(struct outq *q, int fd)
{
	struct iovec	iov[OUTQ_IOV];
	size_t		want, total = 0;
	ssize_t		n;
	int		niov;

	while (q->count > 0) {
		niov = outq_iov(q, iov, &want);
		n = writev(fd, iov, niov);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n == -1)
			return -1;
		outq_consume(q, (size_t)n);
		total += (size_t)n;
		/* A short write means the socket is full: asking again
		 * would only earn EAGAIN. */
		if ((size_t)n < want)
			break;
	}
	return (ssize_t)total;
}

void
outq_clear(struct outq *q)
{
	while (q->count > 0)
		outq_pop(q);
	outq_init(q);
}
