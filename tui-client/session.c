/* The connection to the server: non-blocking connect over every address,
 * line framing, an output queue, reconnecting with backoff. */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "session.h"
#include "text.h"
#include "framer.h"
#include "tcpchat.h"
#include "loop.h"
#include "net.h"
#include "outq.h"
#include "efun.h"

struct session {
	struct loop		*loop;
	char			*hosts[SERVERS_MAX];
	char			*ports[SERVERS_MAX];
	size_t			 nservers;
	size_t			 at;		/* the one being used */
	int			 fd;
	enum session_state		 state;
	int			 retry;
	int			 attempt;	/* failures since stable */
	int64_t			 online_at;	/* when accepted, or 0 */
	int			 clean;		/* the server said bye */
	unsigned		 gen;		/* bumped on every close */
	struct addrinfo		*ais;
	struct addrinfo		*ai;		/* the one being tried */
	struct framer		 fr;
	struct outq		 q;
	struct timer		*timer;
	int64_t			 retry_at;
	const struct session_cb	*cb;
	void			*arg;
	char			 why[160];
};

static void	session_try(struct session *);
static void	session_start(struct session *);

int64_t
session_backoff_ms(int attempt)
{
	int64_t ms;

	ms = BACKOFF_FIRST_MS;
	while (attempt-- > 0 && ms < BACKOFF_MAX_MS)
		ms *= 2;
	return ms < BACKOFF_MAX_MS ? ms : BACKOFF_MAX_MS;
}

static void
session_retry_fire(struct loop *loop, void *arg)
{
	struct session *c = arg;

	(void)loop;
	c->timer = NULL;
	session_start(c);
}

/* Drop the socket and what was queued for it. */
static void
session_drop(struct session *c)
{
	if (c->fd != -1) {
		loop_del(c->loop, c->fd);
		/* A socket given up on: what close() says changes nothing. */
		(void)close(c->fd);
		c->fd = -1;
	}
	c->gen++;
	framer_reset(&c->fr);
	outq_clear(&c->q);
	if (c->ais != NULL) {
		freeaddrinfo(c->ais);
		c->ais = c->ai = NULL;
	}
}

/* Lost or failed: tell the owner, then wait to retry or give up. */
static void
session_lost(struct session *c, const char *why)
{
	int64_t ms;

	/* The server's BYE reason may be long: cut at a character. */
	snprintf(c->why, sizeof(c->why), "%.*s",
	    (int)text_cut(why, strlen(why), sizeof(c->why) - 1), why);
	session_drop(c);
	/* Only a connection that lasted starts the delays over: one the
	 * server drops at once (full, or kicked) must not be hammered. */
	if ((c->online_at != 0 &&
	    loop_clock() - c->online_at >= (int64_t)STABLE_MS * 1000000) ||
	    c->clean)
		c->attempt = 0;
	c->online_at = 0;
	c->clean = 0;
	/* Fail over: the next server gets the next try. */
	c->at = (c->at + 1) % c->nservers;
	if (c->retry) {
		ms = session_backoff_ms(c->attempt++);
		c->state = SESSION_WAIT;
		c->retry_at = loop_clock() + ms * 1000000;
		c->timer = loop_timer_after(c->loop, ms, session_retry_fire, c);
	} else
		c->state = SESSION_OFF;
	c->cb->down(c->arg, c->why);
}

/* The framer's line is not NUL-terminated; the owner gets a copy that
 * is, with a byte to spare. */
static int
session_on_line(void *arg, char *line, size_t len)
{
	struct session *c = arg;
	unsigned gen = c->gen;
	char small[1024], *copy;

	copy = len < sizeof(small) ? small : emalloc(len + 1);
	memcpy(copy, line, len);
	copy[len] = '\0';
	c->cb->line(c->arg, copy, len);
	if (copy != small)
		free(copy);
	return gen == c->gen ? 0 : -1;
}

static int
session_on_long(void *arg)
{
	(void)arg;
	return 0;	/* a line too long to be ours: skipped */
}

static void
session_read(struct session *c)
{
	char buf[65536];
	ssize_t n;

	n = read(c->fd, buf, sizeof(buf));
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n == -1) {
		session_lost(c, strerror(errno));
		return;
	}
	if (n == 0) {
		session_lost(c, "the server closed the connection");
		return;
	}
	framer_feed(&c->fr, buf, (size_t)n, session_on_line, session_on_long,
	    c);
}

static void
session_io(struct loop *loop, int fd, int revents, void *arg)
{
	struct session *c = arg;
	unsigned gen = c->gen;

	(void)loop;
	(void)fd;
	if (revents & (POLLIN | POLLHUP | POLLERR))
		session_read(c);
	if (gen == c->gen && (revents & POLLOUT))
		session_flush(c);
}

static void
session_on_connect(struct loop *loop, int fd, int revents, void *arg)
{
	struct session *c = arg;
	int err;

	(void)revents;
	if ((err = net_connect_error(fd)) != 0) {
		snprintf(c->why, sizeof(c->why), "%s", strerror(err));
		loop_del(loop, fd);
		(void)close(fd);	/* given up on */
		c->fd = -1;
		c->ai = c->ai->ai_next;
		session_try(c);
		return;
	}
	freeaddrinfo(c->ais);
	c->ais = c->ai = NULL;
	loop_del(loop, fd);
	if (loop_add(loop, fd, POLLIN, session_io, c) == -1) {
		/* The slot just freed cannot be missing; yet if it is, the
		 * connection is no use unwatched. */
		(void)close(fd);	/* given up on */
		c->fd = -1;
		session_lost(c, strerror(errno));
		return;
	}
	c->state = SESSION_UP;
	c->cb->up(c->arg);
}

/* Try c->ai and the addresses after it until one is in progress. */
static void
session_try(struct session *c)
{
	char msg[sizeof(c->why) + 64];

	for (; c->ai != NULL; c->ai = c->ai->ai_next) {
		if ((c->fd = net_connect(c->ai)) == -1) {
			snprintf(c->why, sizeof(c->why), "%s",
			    strerror(errno));
			continue;
		}
		if (loop_add(c->loop, c->fd, POLLOUT, session_on_connect,
		    c) == 0)
			return;
		(void)close(c->fd);	/* never connected */
		c->fd = -1;
	}
	snprintf(msg, sizeof(msg), "cannot connect to %s port %s: %s",
	    c->hosts[c->at], c->ports[c->at], c->why);
	session_lost(c, msg);
}

/* Resolving blocks, but only here: at start and on each reconnect. */
static void
session_start(struct session *c)
{
	struct addrinfo hints;
	char msg[sizeof(c->why)];
	int rc;

	c->state = SESSION_CONNECTING;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(c->hosts[c->at], c->ports[c->at], &hints, &c->ais);
	if (rc != 0) {
		c->ais = NULL;
		snprintf(msg, sizeof(msg), "cannot resolve %s port %s: %s",
		    c->hosts[c->at], c->ports[c->at], gai_strerror(rc));
		session_lost(c, msg);
		return;
	}
	c->ai = c->ais;
	snprintf(c->why, sizeof(c->why), "no address");
	session_try(c);
}

struct session *
session_new(struct loop *loop, const char *const *hosts,
    const char *const *ports, size_t n, int retry,
    const struct session_cb *cb, void *arg)
{
	struct session *c;
	size_t i;

	c = ecalloc(1, sizeof(*c));
	c->loop = loop;
	for (i = 0; i < n && i < SERVERS_MAX; i++) {
		c->hosts[i] = estrdup(hosts[i]);
		c->ports[i] = estrdup(ports[i]);
	}
	c->nservers = i;
	c->fd = -1;
	c->retry = retry;
	c->cb = cb;
	c->arg = arg;
	framer_init(&c->fr, SERVER_LINE_MAX);
	outq_init(&c->q);
	session_start(c);
	return c;
}

void
session_fail(struct session *c, const char *why)
{
	if (c->state == SESSION_UP || c->state == SESSION_CONNECTING)
		session_lost(c, why);
}

void
session_clean(struct session *c)
{
	c->clean = 1;
}

void
session_restart(struct session *c)
{
	int was = c->state == SESSION_UP || c->state == SESSION_CONNECTING;

	session_drop(c);
	loop_timer_cancel(c->loop, c->timer);
	c->timer = NULL;
	c->attempt = 0;
	c->online_at = 0;
	c->clean = 0;
	c->state = SESSION_CONNECTING;
	if (was)
		c->cb->down(c->arg, "reconnecting");
	session_start(c);
}

void
session_close(struct session *c)
{
	session_drop(c);
	loop_timer_cancel(c->loop, c->timer);
	c->timer = NULL;
	c->state = SESSION_OFF;
}

void
session_free(struct session *c)
{
	if (c == NULL)
		return;
	session_close(c);
	while (c->nservers > 0) {
		c->nservers--;
		free(c->hosts[c->nservers]);
		free(c->ports[c->nservers]);
	}
	free(c);
}

int
session_send(struct session *c, const char *line)
{
	struct chunk *ch;

	if (c->state != SESSION_UP)
		return -1;
	ch = chunk_fmt("%s\n", line);
	outq_push(&c->q, ch);
	chunk_unref(ch);
	loop_events(c->loop, c->fd, POLLIN | POLLOUT);
	return 0;
}

size_t
session_flush(struct session *c)
{
	if (c->state != SESSION_UP)
		return 0;
	if (outq_flush(&c->q, c->fd) == -1) {
		session_lost(c, strerror(errno));
		return 0;
	}
	if (c->q.bytes == 0)
		loop_events(c->loop, c->fd, POLLIN);
	return c->q.bytes;
}

size_t
session_queued(const struct session *c)
{
	return c->state == SESSION_UP ? c->q.bytes : 0;
}

void
session_online(struct session *c)
{
	c->online_at = loop_clock();
}

const char *
session_host(const struct session *c)
{
	return c->hosts[c->at];
}

const char *
session_port(const struct session *c)
{
	return c->ports[c->at];
}

enum session_state
session_state(const struct session *c)
{
	return c->state;
}

int64_t
session_retry_ms(const struct session *c)
{
	int64_t ms;

	if (c->state != SESSION_WAIT)
		return 0;
	ms = (c->retry_at - loop_clock()) / 1000000;
	return ms > 0 ? ms : 0;
}
