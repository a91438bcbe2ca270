/* One taskd connection: reading lines, its output queue, closing. */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "addrlim.h"
#include "dispatch.h"
#include "efun.h"
#include "log.h"
#include "loop.h"
#include "taskproto.h"
#include "text.h"
#include "worker.h"

static struct loop	*wloop;
static struct chunk	*greeting;

static const char worker_hello[] =
    "HELLO taskd " TCPCHAT_VERSION ": answer each \"TASK id n\" with "
    "\"RESULT id n*n\"; any other line is a message; \"exit\" ends\n";

static void	worker_io(struct loop *, int, int, void *);

static void
worker_watch(struct worker *w)
{
	loop_events(wloop, w->fd, w->q.bytes > 0 ? POLLIN | POLLOUT : POLLIN);
}

static void
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

void
worker_accept(struct loop *l, int fd, const struct sockaddr *sa,
    socklen_t salen, struct addrlim *lim, struct addrlim_conn *al)
{
	struct worker *w;
	int one = 1;

	wloop = l;
	if (greeting == NULL)
		greeting = chunk_new(worker_hello, sizeof(worker_hello) - 1);
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	w = ecalloc(1, sizeof(*w));
	w->fd = fd;
	w->lim = lim;
	w->al = al;
	net_addrstr(sa, salen, w->addr, sizeof(w->addr));
	framer_init(&w->fr, TASKD_LINE_MAX);
	outq_init(&w->q);
	w->tokens = TASKD_MSG_BURST;
	w->tokens_at = loop_now(l);
	if (loop_add(l, fd, POLLIN, worker_io, w) == -1) {
		log_error("%s: %s", w->addr, strerror(errno));
		addrlim_release(lim, al);
		close(fd);
		free(w);
		return;
	}
	log_verbose("%s: connected", w->addr);
	dispatch_add(w);
	worker_push(w, greeting);
}

/* Shown on the console as the tutorial's server does, sanitised: the
 * bytes are a stranger's and the console is a terminal. */
static void
worker_print(const struct worker *w, const char *line, size_t len)
{
	static char out[TEXT_CLEAN_MAX(TASKD_LINE_MAX) + 1];
	char stamp[32];
	struct tm tm;
	time_t now;
	size_t n;

	n = text_clean(line, len, out);
	now = time(NULL);
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &tm);
	printf("[%s][%s]:%.*s\n", stamp, w->addr, (int)n, out);
	fflush(stdout);
}

/* A token bucket: a flood of messages must not flood the console (or
 * slow taskd down to a terminal's pace) for everyone else. */
static int
worker_may_say(struct worker *w)
{
	int64_t now = loop_now(wloop);

	w->tokens += (double)(now - w->tokens_at) * TASKD_MSG_RATE / 1e9;
	if (w->tokens > TASKD_MSG_BURST)
		w->tokens = TASKD_MSG_BURST;
	w->tokens_at = now;
	if (w->tokens < 1)
		return 0;
	w->tokens -= 1;
	return 1;
}

static int
worker_blank(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != ' ' && p[i] != '\t')
			return 0;
	return 1;
}

static void
worker_message(struct worker *w, const char *line, size_t len)
{
	char reply[64];
	int n;

	if (!worker_may_say(w)) {
		w->st.refused++;
		n = snprintf(reply, sizeof(reply), "ERR too many messages "
		    "(%d a second): not shown\n", TASKD_MSG_RATE);
		worker_send(w, reply, (size_t)n);
		return;
	}
	w->st.messages++;
	dispatch_message();
	/* An empty line (Enter at nc) is confirmed but not worth a line on
	 * the console. */
	if (!worker_blank(line, len))
		worker_print(w, line, len);
	n = snprintf(reply, sizeof(reply), "OK %zu\n", len);
	worker_send(w, reply, (size_t)n);
}

static int
worker_on_line(void *arg, char *line, size_t len)
{
	struct worker *w = arg;
	struct taskproto_msg m;
	char reply[64 + TASKPROTO_TOKEN_MAX];
	int n;

	if (w->closing)
		return -1;
	switch (taskproto_parse_client(line, len, &m)) {
	case TP_RESULT:
		dispatch_result(w, m.id, m.num);
		break;
	case TP_EXIT:
		worker_send(w, "BYE see you\n", 12);
		worker_close(w, "said exit");
		return -1;
	case TP_BAD:
		n = snprintf(reply, sizeof(reply), "ERR %s\n", m.why);
		worker_send(w, reply, (size_t)n);
		break;
	default:
		worker_message(w, line, len);
		break;
	}
	return w->closing ? -1 : 0;
}

static int
worker_on_long(void *arg)
{
	struct worker *w = arg;
	char reply[64];
	int n;

	n = snprintf(reply, sizeof(reply), "ERR line too long (the limit is "
	    "%d bytes); dropped\n", TASKD_LINE_MAX);
	worker_send(w, reply, (size_t)n);
	return w->closing ? -1 : 0;
}

static void
worker_read(struct worker *w)
{
	char buf[4096];
	size_t total = 0;
	ssize_t n;

	/* Bounded per wake-up, so one fast sender cannot starve the rest. */
	while (!w->closing && total < TASKD_READ_MAX) {
		if ((n = read(w->fd, buf, sizeof(buf))) == 0) {
			worker_close(w, "closed by peer");
			return;
		}
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				worker_close(w, strerror(errno));
			return;
		}
		total += (size_t)n;
		if (framer_feed(&w->fr, buf, (size_t)n, worker_on_line,
		    worker_on_long, w) == -1 || (size_t)n < sizeof(buf))
			return;
	}
}

static void
worker_io(struct loop *l, int fd, int revents, void *arg)
{
	struct worker *w = arg;

	(void)l;
	(void)fd;
	if (revents & POLLOUT)
		worker_flush(w);
	if (!w->closing && (revents & (POLLIN | POLLHUP | POLLERR)))
		worker_read(w);
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
	dispatch_remove(w);
	loop_del(wloop, w->fd);
	loop_defer(wloop, worker_free, w);
}

void
worker_close_all(const char *reason)
{
	struct worker **all, *w;
	char line[128];
	int n;

	n = snprintf(line, sizeof(line), "BYE %s\n", reason);
	/* Each close takes the worker out of the list. */
	while (dispatch_workers(&all) > 0) {
		w = all[0];
		worker_send(w, line, (size_t)n);
		worker_close(w, reason);
	}
	chunk_unref(greeting);
	greeting = NULL;
}
