/* A worker's input: taking the connection on, reading its lines and
 * acting on each (an answer goes to the dispatcher, a message to the
 * console); all output goes through worker.c. */
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
#include "wconn.h"
#include "worker.h"

static struct loop	*wloop;
static struct chunk	*greeting;

static const char wconn_hello[] =
    "HELLO taskd " TCPCHAT_VERSION ": answer each \"TASK id n\" with "
    "\"RESULT id n*n\"; any other line is a message; \"exit\" ends\n";

static void	wconn_io(struct loop *, int, int, void *);

void
wconn_accept(struct loop *l, int fd, const struct sockaddr *sa,
    socklen_t salen, struct addrlim *lim, struct addrlim_conn *al)
{
	struct worker *w;
	int one = 1;

	wloop = l;
	if (greeting == NULL)
		greeting = chunk_new(wconn_hello, sizeof(wconn_hello) - 1);
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
	if (loop_add(l, fd, POLLIN, wconn_io, w) == -1) {
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
wconn_print(const struct worker *w, const char *line, size_t len)
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
wconn_may_say(struct worker *w)
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
wconn_blank(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != ' ' && p[i] != '\t')
			return 0;
	return 1;
}

static void
wconn_message(struct worker *w, const char *line, size_t len)
{
	char reply[64];
	int n;

	if (!wconn_may_say(w)) {
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
	if (!wconn_blank(line, len))
		wconn_print(w, line, len);
	n = snprintf(reply, sizeof(reply), "OK %zu\n", len);
	worker_send(w, reply, (size_t)n);
}

static int
wconn_on_line(void *arg, char *line, size_t len)
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
		wconn_message(w, line, len);
		break;
	}
	return w->closing ? -1 : 0;
}

static int
wconn_on_long(void *arg)
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
wconn_read(struct worker *w)
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
		if (framer_feed(&w->fr, buf, (size_t)n, wconn_on_line,
		    wconn_on_long, w) == -1 || (size_t)n < sizeof(buf))
			return;
	}
}

static void
wconn_io(struct loop *l, int fd, int revents, void *arg)
{
	struct worker *w = arg;

	(void)l;
	(void)fd;
	if (revents & POLLOUT)
		worker_flush(w);
	if (!w->closing && (revents & (POLLIN | POLLHUP | POLLERR)))
		wconn_read(w);
}

void
wconn_close_all(const char *reason)
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
