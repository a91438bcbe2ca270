/* A tcpchatd inside a unit test: the real server modules on one loop,
 * with clients on socketpair(2)s that a test writes to and reads from. */
#ifndef CHATD_FIXTURE_H
#define CHATD_FIXTURE_H

#include <sys/socket.h>
#include <netinet/in.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "server/client.h"
#include "server/conn.h"
#include "server/names.h"
#include "server/server.h"

#define PEER_BUF	(8 << 20)
#define FX	static __attribute__((unused))

/* One client as a test sees it: its end of the socketpair and what it
 * has read so far (NUL-terminated). */
struct peer {
	int		 fd;
	struct client	*c;
	char		*buf;
	size_t		 len;
	int		 eof;
};

/* Start the server once per test binary: loopback, port 0, quiet, no
 * line rate and no flush gap, so one loop pass does a whole exchange. */
FX int
fx_setup(void **state)
{
	char why[256];
	int code;

	(void)state;
	(void)names_locale();
	server_defaults();
	srv.o.bind = "127.0.0.1";
	srv.o.port = "0";
	srv.o.line_rate = 0;
	srv.o.flush_gap_us = 0;
	srv.o.verbosity = LOG_QUIET;
	log_init("test", LOG_QUIET);
	if (server_start(why, sizeof(why), &code) == -1) {
		fprintf(stderr, "server_start: %s\n", why);
		return -1;
	}
	return 0;
}

/* Run the loop until nothing is left to do (bounded). */
FX void
fx_pump(void)
{
	int i;

	for (i = 0; i < 8; i++)
		(void)loop_once(srv.loop, 0);
}

/* A new connection; sndbuf (if not 0) bounds the server's end, so that
 * a peer that does not read backs up the server's queue soon. */
FX void
peer_open(struct peer *p, int sndbuf)
{
	struct sockaddr_in sin;
	int sv[2];

	memset(p, 0, sizeof(*p));
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
		fail_msg("socketpair: %s", strerror(errno));
	if (sndbuf > 0)
		(void)setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &sndbuf,
		    sizeof(sndbuf));
	(void)fcntl(sv[0], F_SETFL, O_NONBLOCK);
	(void)fcntl(sv[1], F_SETFL, O_NONBLOCK);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	conn_accept(sv[0], (struct sockaddr *)&sin, sizeof(sin));
	assert_true(srv.nall > 0);
	p->c = srv.all[srv.nall - 1];
	assert_int_equal(p->c->fd, sv[0]);
	p->fd = sv[1];
	p->buf = calloc(1, PEER_BUF + 1);
	assert_non_null(p->buf);
	fx_pump();
}

/* Read what has arrived; the whole text read so far. */
FX const char *
peer_read(struct peer *p)
{
	size_t before;
	ssize_t n = -1;
	int i;

	/* The server writes as the socket drains: read and pass the loop
	 * in turn until neither has more (bounded). */
	for (i = 0; i < 10000; i++) {
		before = p->len;
		fx_pump();
		while (p->len < PEER_BUF && (n = read(p->fd, p->buf + p->len,
		    PEER_BUF - p->len)) > 0)
			p->len += (size_t)n;
		if (n == 0)
			p->eof = 1;
		if (p->len == before)
			break;
	}
	p->buf[p->len] = '\0';
	return p->buf;
}

/* Forget what was read so far. */
FX void
peer_clear(struct peer *p)
{
	(void)peer_read(p);
	p->len = 0;
	p->buf[0] = '\0';
}

/* Send one line (a "\n" is added) and let the server handle it. */
FX void
peer_say(struct peer *p, const char *line)
{
	char b[8192];
	int n;

	n = snprintf(b, sizeof(b), "%s\n", line);
	assert_int_equal(write(p->fd, b, (size_t)n), n);
	fx_pump();
}

/* Connect and take a name: text (0), or structured (/hello first) in
 * protocol version 1 or 2. */
FX void
peer_join(struct peer *p, const char *nick, int structured)
{
	peer_open(p, 0);
	if (structured)
		peer_say(p, structured == 2 ? "/hello tcpchat 2" :
		    "/hello tcpchat 1");
	peer_say(p, nick);
	assert_int_equal(p->c->state, CS_CHAT);
	peer_clear(p);
}

/* Hang up and let the server reap the connection. */
FX void
peer_close(struct peer *p)
{
	close(p->fd);
	fx_pump();
	free(p->buf);
	p->buf = NULL;
}

/* How often s occurs in the peer's text. */
FX int
peer_count(struct peer *p, const char *s)
{
	const char *t = p->buf;
	int n = 0;

	while ((t = strstr(t, s)) != NULL) {
		n++;
		t += strlen(s);
	}
	return n;
}

#endif
