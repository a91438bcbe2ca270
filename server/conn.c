/* A connection's input side: taking it on, reading it, and freeing it
 * once it has closed. Its lines go to line.c; its output is client.c. */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "addrlim.h"
#include "client.h"
#include "conn.h"
#include "tcpchatd.h"
#include "line.h"
#include "log.h"
#include "login.h"
#include "loop.h"
#include "net.h"
#include "server.h"
#include "throttle.h"

static void	conn_io(struct loop *, int, int, void *);

/* One line, straight to the socket, and close; logged if log, which
 * addrlim sets once a minute per address. */
static void
conn_reject(int fd, const char *addr, const char *why, int log)
{
	char line[256];
	int n;

	if (why == NULL)
		n = snprintf(line, sizeof(line), CHAT_FULL "\n",
		    srv.o.max_clients, srv.o.max_clients);
	else
		n = snprintf(line, sizeof(line), "%s\n", why);
	if (n >= (int)sizeof(line))
		n = sizeof(line) - 1;
	if (write(fd, line, (size_t)n) == -1)
		log_debug("fd %d: %s", fd, strerror(errno));
	close(fd);
	if (log)
		log_info("%s: refused: %.*s (not logged again for a minute)",
		    addr, n - 1, line);
}

void
conn_accept(int fd, const struct sockaddr *sa, socklen_t len)
{
	char addr[NET_ADDRSTRLEN];
	struct addrlim_verdict v;
	struct client *c;
	int64_t now = loop_now(srv.loop) / 1000000000;
	int one = 1;

	net_addrstr(sa, len, addr, sizeof(addr));
	/* --max-clients counts people with a name, so that connections
	 * idling at the name prompt cannot lock others out; those have
	 * their own, larger bound (and the name timeout), per address too. */
	if (srv.njoined >= srv.o.max_clients) {
		conn_reject(fd, addr, NULL, addrlim_log_ok(&srv.addrs, sa,
		    len, now));
		return;
	}
	if ((c = client_new(fd, sa, len, now, &v)) == NULL) {
		conn_reject(fd, v.addr, v.why, v.log);
		return;
	}
	if (v.victim != NULL)
		client_bye(v.victim, "evicted", ADDRLIM_EVICTED);
	/* Without TCP_NODELAY lines still arrive, only later: not worth
	 * refusing the connection for. */
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (loop_add(srv.loop, fd, POLLIN, conn_io, c) == -1) {
		log_error("%s: %s", addr, strerror(errno));
		client_destroy(c);
		return;
	}
	login_start(c);
	client_push(c, srv.banner);
	log_verbose("fd %d: connection from %s", fd, addr);
}

static void
conn_read(struct client *c)
{
	ssize_t n;

	if (srv.rate.interval > 0) {
		n = throttle_read(c);
		if (throttle_tell(c)) {
			client_notice(c, "You are sending too fast: your "
			    "lines are read at %lld a second now, the rest "
			    "waits.", srv.o.line_rate);
			if (!(c->flags & CF_STRUCT))
				client_owe_prompt(c);
		}
	} else
		n = read(c->fd, srv.scratch, SCRATCH_MAX);
	if (n > 0) {
		(void)framer_feed(&c->fr, srv.scratch, (size_t)n, line_input,
		    line_toolong, c);
		return;
	}
	if (n == 0) {
		client_close(c, "closed");
		return;
	}
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return;
	client_close(c, errno == ECONNRESET ? "reset" : "read error");
}

static void
conn_io(struct loop *l, int fd, int revents, void *arg)
{
	struct client *c = arg;

	(void)l;
	(void)fd;
	if (c->state != CS_CLOSING && (revents & POLLOUT))
		client_flush(c);
	/* Held, it asked for no input: a hang-up or an error is a reset
	 * (a FIN is read in turn, after the lines before it). */
	if (c->state != CS_CLOSING && throttle_held(c) &&
	    (revents & (POLLHUP | POLLERR)))
		client_close(c, "reset");
	if (c->state != CS_CLOSING && (revents & (POLLIN | POLLHUP | POLLERR)))
		conn_read(c);
}

void
conn_reap(void)
{
	struct client *c;
	size_t i;

	/* A leave notice may kick another member, which then joins the
	 * list: it is walked to its end, as it grows. */
	for (i = 0; i < srv.nclosing; i++) {
		c = srv.closing[i];
		login_leave(c);
		/* One last try for a goodbye line; a kicked client gets
		 * nothing. */
		if (!(c->flags & CF_KICKED) && c->q.bytes > 0)
			(void)outq_flush(&c->q, c->fd);
		client_destroy(c);
	}
	srv.nclosing = 0;
}
