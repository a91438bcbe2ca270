/* A worker's output: its queue, flushing, closing. It calls nothing
 * above it: what a close means to the dispatcher is a callback given
 * once at start (worker_init). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "addrlim.h"
#include "log.h"
#include "loop.h"
#include "worker.h"

static struct loop	*wloop;
static void		(*worker_gone)(struct worker *);

void
worker_init(struct loop *l, void (*gone)(struct worker *))
{
	wloop = l;
	worker_gone = gone;
}

static void
worker_watch(struct worker *w)
{
	loop_events(wloop, w->fd, w->q.bytes > 0 ? POLLIN | POLLOUT : POLLIN);
}

void
worker_flush(struct worker *w)
{
	if (outq_flush(&w->q, w->fd) == -1) {
		worker_close(w, strerror(errno));
		return;
	}
	worker_watch(w);
}

void
worker_push(struct worker *w, struct chunk *c)
{
	if (w->closing)
		return;
	if (w->q.bytes + c->len > TASKD_QUEUE_MAX) {
		worker_close(w, "not reading: output queue full");
		return;
	}
	outq_push(&w->q, c);
	worker_flush(w);
}

void
worker_send(struct worker *w, const char *p, size_t len)
{
	struct chunk *c;
	ssize_t n = 0;

	if (w->closing)
		return;
	/* The usual case, an empty queue: straight to the socket. */
	if (w->q.bytes == 0) {
		while ((n = write(w->fd, p, len)) == -1 && errno == EINTR)
			;
		if (n == -1 && errno != EAGAIN && errno != EWOULDBLOCK) {
			worker_close(w, strerror(errno));
			return;
		}
		if (n == (ssize_t)len)
			return;
		if (n < 0)
			n = 0;
	}
	c = chunk_new(p + n, len - (size_t)n);
	worker_push(w, c);
	chunk_unref(c);
}

static void
worker_free(struct loop *l, void *arg)
{
	struct worker *w = arg;

	(void)l;
	/* A last try for what is queued (a BYE); never waited for. */
	if (w->q.bytes > 0)
		(void)outq_flush(&w->q, w->fd);
	addrlim_release(w->lim, w->al);
	close(w->fd);
	outq_clear(&w->q);
	framer_reset(&w->fr);
	free(w);
}

void
worker_close(struct worker *w, const char *reason)
{
	if (w->closing)
		return;
	w->closing = 1;
	log_verbose("%s: gone (%s): %llu tasks, %llu answers, %llu wrong, "
	    "%llu late, %llu messages (%llu over the rate)", w->addr, reason,
	    (unsigned long long)w->st.tasks,
	    (unsigned long long)w->st.answers,
	    (unsigned long long)w->st.wrong, (unsigned long long)w->st.late,
	    (unsigned long long)w->st.messages,
	    (unsigned long long)w->st.refused);
	worker_gone(w);
	loop_del(wloop, w->fd);
	loop_defer(wloop, worker_free, w);
}
