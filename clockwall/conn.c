/* Connections: one non-blocking socket per clock, retried with backoff. */
#include <sys/socket.h>

#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conn.h"
#include "log.h"
#include "net.h"
#include "resolve.h"

#define MS	1000000LL

static void	conn_on_io(struct loop *, int, int, void *);
static void	conn_try(struct loop *, void *);

static void
conn_close(struct loop *loop, struct clock *c)
{
	loop_timer_cancel(loop, c->timer);
	c->timer = NULL;
	resolve_cancel(c->resolving);
	c->resolving = NULL;
	if (c->fd != -1) {
		loop_del(loop, c->fd);
		(void)close(c->fd);	/* dropped: nothing to report */
		c->fd = -1;
	}
	c->connected = 0;
	framer_reset(&c->fr);
}

static void
conn_retry(struct loop *loop, void *arg)
{
	struct clock *c = arg;

	c->timer = NULL;
	conn_start(loop, c);
}

static void
conn_down(struct loop *loop, struct clock *c, enum clock_reason why)
{
	int64_t ms;

	conn_close(loop, c);
	ms = clock_down(c, why);
	log_verbose("%s: down (%s), retry in %lld ms", c->spec.name,
	    clock_reason_str(why), (long long)ms);
	c->timer = loop_timer_after(loop, ms, conn_retry, c);
}

/* This address failed: the next one gets its turn (from a timer, so the
 * old descriptor is gone from this pass), or the clock is down. */
static void
conn_next(struct loop *loop, struct clock *c, enum clock_reason why)
{
	if (c->aicur != NULL && c->aicur->ai_next != NULL) {
		conn_close(loop, c);
		c->aicur = c->aicur->ai_next;
		c->timer = loop_timer_after(loop, 0, conn_try, c);
		return;
	}
	conn_down(loop, c, why);
}

static void
conn_timeout(struct loop *loop, void *arg)
{
	struct clock *c = arg;

	c->timer = NULL;
	conn_next(loop, c, REASON_TIMEOUT);
}

static void
conn_try(struct loop *loop, void *arg)
{
	struct clock *c = arg;

	c->timer = NULL;
	if ((c->fd = net_connect(c->aicur)) == -1) {
		conn_next(loop, c, clock_reason_errno(errno));
		return;
	}
	if (loop_add(loop, c->fd, POLLOUT, conn_on_io, c) == -1) {
		conn_next(loop, c, REASON_ERROR);
		return;
	}
	c->timer = loop_timer_after(loop, CLOCKWALL_CONNECT_MS, conn_timeout,
	    c);
}

/* The host's addresses (or why there are none): try the first. */
static void
conn_resolved(struct loop *loop, struct addrinfo *ai, int rc, void *arg)
{
	struct clock *c = arg;

	c->resolving = NULL;
	if (ai == NULL) {
		log_verbose("%s: %s", c->spec.host, rc == EAI_SYSTEM ?
		    strerror(errno) : gai_strerror(rc));
		conn_down(loop, c, rc == EAI_SYSTEM ? REASON_ERROR :
		    REASON_UNKNOWN_HOST);
		return;
	}
	c->ai = c->aicur = ai;
	conn_try(loop, c);
}

void
conn_start(struct loop *loop, struct clock *c)
{
	conn_close(loop, c);
	clock_connecting(c);
	if (c->ai != NULL)
		freeaddrinfo(c->ai);
	c->ai = c->aicur = NULL;
	/* Names are looked up again on each try: addresses change. */
	c->resolving = resolve_start(loop, c->spec.host, c->spec.port,
	    conn_resolved, c);
}

void
conn_stop(struct loop *loop, struct clock *c)
{
	conn_close(loop, c);
	if (c->ai != NULL)
		freeaddrinfo(c->ai);
	c->ai = c->aicur = NULL;
}

static void
conn_connected(struct loop *loop, struct clock *c)
{
	char addr[NET_ADDRSTRLEN];
	int err;

	if ((err = net_connect_error(c->fd)) != 0) {
		conn_next(loop, c, clock_reason_errno(err));
		return;
	}
	loop_timer_cancel(loop, c->timer);
	c->timer = NULL;
	c->connected = 1;
	clock_connected(c);
	log_verbose("%s: connected to %s", c->spec.name, net_addrstr(
	    c->aicur->ai_addr, c->aicur->ai_addrlen, addr, sizeof(addr)));
	c->last_ns = c->conn_ns = loop_now(loop);
	c->lines = 0;
	framer_init(&c->fr, CLOCKWALL_LINE_MAX);
	loop_events(loop, c->fd, POLLIN);
}

struct conn_feed {
	struct clock	*c;
	int64_t		 now;
	time_t		 utc;
};

/*
 * A clock says the time once a second; one that floods us with lines is
 * garbage, so that it cannot make us spend a core reading it.  Counted
 * since the connection began, not per second: after we were stopped (a
 * suspended laptop, Ctrl-S) an honest clock's backlog arrives at once,
 * but it is never more than a line for each second that passed.
 */
static int
conn_on_line(void *arg, char *line, size_t len)
{
	struct conn_feed *f = arg;
	struct clock *c = f->c;

	if (++c->lines > CLOCKWALL_LINES_MAX + 2 * ((f->now - c->conn_ns) /
	    (1000 * MS)))
		return -1;
	clock_line(c, line, len, f->now, f->utc);
	return 0;
}

static int
conn_on_long(void *arg)
{
	(void)arg;
	return -1;
}

static void
conn_read(struct loop *loop, struct clock *c)
{
	struct conn_feed f = { c, loop_now(loop), time(NULL) };
	char buf[4096];
	ssize_t n;

	n = read(c->fd, buf, sizeof(buf));
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n == -1)
		conn_down(loop, c, clock_reason_errno(errno));
	else if (n == 0)
		conn_down(loop, c, REASON_CLOSED);
	else if (framer_feed(&c->fr, buf, n, conn_on_line, conn_on_long,
	    &f) == -1)
		conn_down(loop, c, REASON_GARBAGE);
}

static void
conn_on_io(struct loop *loop, int fd, int revents, void *arg)
{
	struct clock *c = arg;

	(void)fd;
	if (!c->connected)
		conn_connected(loop, c);
	else if (revents & (POLLIN | POLLHUP | POLLERR))
		conn_read(loop, c);
}

void
conn_check_silent(struct loop *loop, struct clock *c, int64_t now_ns)
{
	if (c->connected && now_ns - c->last_ns > CLOCKWALL_SILENT_MS * MS)
		conn_down(loop, c, REASON_TIMEOUT);
}
