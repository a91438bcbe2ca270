/* A bounded FIFO of accepted connections guarded by a mutex and a
 * condition variable: the accept thread pushes, workers pop; workers give
 * tags back on a done-list the accept thread reaps. */
#include <errno.h>
#include <stdlib.h>

#include "echod_queue.h"

int
echod_queue_init(struct echod_queue *q, size_t cap)
{
	int e;

	if (cap == 0) {
		errno = EINVAL;
		return -1;
	}
	q->head = q->count = 0;
	q->done_head = q->done_count = 0;
	q->cap = cap;
	q->closed = 0;
	q->ring = calloc(cap, sizeof(*q->ring));
	q->tags = calloc(cap, sizeof(*q->tags));
	q->done = calloc(cap, sizeof(*q->done));
	if (q->ring == NULL || q->tags == NULL || q->done == NULL)
		goto fail;
	if ((e = pthread_mutex_init(&q->mu, NULL)) != 0) {
		errno = e;
		goto fail;
	}
	if ((e = pthread_cond_init(&q->ready, NULL)) != 0) {
		pthread_mutex_destroy(&q->mu);
		errno = e;
		goto fail;
	}
	return 0;
fail:
	e = errno;
	free(q->ring);
	free(q->tags);
	free(q->done);
	q->ring = NULL;
	q->tags = q->done = NULL;
	errno = e;
	return -1;
}

void
echod_queue_free(struct echod_queue *q)
{
	pthread_cond_destroy(&q->ready);
	pthread_mutex_destroy(&q->mu);
	free(q->ring);
	free(q->tags);
	free(q->done);
	q->ring = NULL;
	q->tags = q->done = NULL;
}

int
echod_queue_push(struct echod_queue *q, int fd, void *tag)
{
	size_t i;
	int rc = 0;

	pthread_mutex_lock(&q->mu);
	if (q->closed) {
		errno = EPIPE;
		rc = -1;
	} else if (q->count == q->cap) {
		errno = EAGAIN;
		rc = -1;
	} else {
		i = (q->head + q->count) % q->cap;
		q->ring[i] = fd;
		q->tags[i] = tag;
		q->count++;
		/* One fd wakes one worker. */
		pthread_cond_signal(&q->ready);
	}
	pthread_mutex_unlock(&q->mu);
	return rc;
}

/* The oldest fd and its tag; the caller holds the lock and count > 0. */
static int
echod_queue_shift(struct echod_queue *q, void **tag)
{
	int fd;

	fd = q->ring[q->head];
	if (tag != NULL)
		*tag = q->tags[q->head];
	q->head = (q->head + 1) % q->cap;
	q->count--;
	return fd;
}

int
echod_queue_pop(struct echod_queue *q, void **tag)
{
	int fd = -1;

	pthread_mutex_lock(&q->mu);
	/* A loop, not an if: wakeups may be spurious, and another worker
	 * may have taken the fd between the signal and our waking. */
	while (q->count == 0 && !q->closed)
		pthread_cond_wait(&q->ready, &q->mu);
	if (!q->closed)
		fd = echod_queue_shift(q, tag);
	pthread_mutex_unlock(&q->mu);
	return fd;
}

int
echod_queue_take(struct echod_queue *q, void **tag)
{
	int fd = -1;

	pthread_mutex_lock(&q->mu);
	if (q->count > 0)
		fd = echod_queue_shift(q, tag);
	pthread_mutex_unlock(&q->mu);
	return fd;
}

void
echod_queue_close(struct echod_queue *q)
{
	pthread_mutex_lock(&q->mu);
	q->closed = 1;
	pthread_cond_broadcast(&q->ready);
	pthread_mutex_unlock(&q->mu);
}

size_t
echod_queue_count(struct echod_queue *q)
{
	size_t n;

	pthread_mutex_lock(&q->mu);
	n = q->count;
	pthread_mutex_unlock(&q->mu);
	return n;
}

int
echod_queue_done(struct echod_queue *q, void *tag)
{
	int rc = 0;

	pthread_mutex_lock(&q->mu);
	if (q->done_count == q->cap) {
		errno = EAGAIN;
		rc = -1;
	} else {
		q->done[(q->done_head + q->done_count) % q->cap] = tag;
		q->done_count++;
	}
	pthread_mutex_unlock(&q->mu);
	return rc;
}

int
echod_queue_reap(struct echod_queue *q, void **tag)
{
	int rc = 0;

	pthread_mutex_lock(&q->mu);
	if (q->done_count > 0) {
		*tag = q->done[q->done_head];
		q->done_head = (q->done_head + 1) % q->cap;
		q->done_count--;
		rc = 1;
	}
	pthread_mutex_unlock(&q->mu);
	return rc;
}
