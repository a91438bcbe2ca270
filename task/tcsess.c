/* taskc's connection to taskd: connecting, lines both ways, reconnecting. */
#include <sys/socket.h>

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "efun.h"
#include "framer.h"
#include "loop.h"
#include "net.h"
#include "outq.h"
#include "taskc.h"
#include "tcsess.h"

static struct {
	struct loop		*loop;
	const char		*host, *port;
	struct tcsess_cb	 cb;
	struct addrinfo		*ais, *ai;	/* the list, the one tried */
	struct timer		*retry;
	struct framer		 fr;
	struct outq		 q;
	long			 backoff;	/* ms before the next try */
	int			 fd;
	int			 up;
	char			 addr[NET_ADDRSTRLEN];
} s = { .fd = -1 };

static void	tcsess_try(void);
static void	tcsess_next(void);
static void	tcsess_io(struct loop *, int, int, void *);

static void
tcsess_drop(void)
{
	if (s.fd != -1) {
		loop_del(s.loop, s.fd);
		close(s.fd);
		s.fd = -1;
	}
	s.up = 0;
	outq_clear(&s.q);
	framer_reset(&s.fr);
}

static void
tcsess_on_retry(struct loop *l, void *arg)
{
	(void)l;
	(void)arg;
	s.retry = NULL;
	tcsess_try();
}

/* Gone or never there: wait, doubling the wait each time, with some
 * jitter so that many workers of a restarted taskd do not all come
 * back in the same millisecond. */
static void
tcsess_down(const char *why)
{
	long ms;

	tcsess_drop();
	if (s.ais != NULL) {
		freeaddrinfo(s.ais);
		s.ais = s.ai = NULL;
	}
	ms = s.backoff / 2 + random() % (s.backoff / 2 + 1);
	s.backoff = s.backoff * 2 > TASKC_BACKOFF_MAX_MS ?
	    TASKC_BACKOFF_MAX_MS : s.backoff * 2;
	s.retry = loop_timer_after(s.loop, ms, tcsess_on_retry, NULL);
	s.cb.on_down(why, ms, s.cb.arg);
}

static void
tcsess_connected(void)
{
	s.up = 1;
	s.backoff = TASKC_BACKOFF_MIN_MS;
	net_addrstr(s.ai->ai_addr, s.ai->ai_addrlen, s.addr, sizeof(s.addr));
	freeaddrinfo(s.ais);
	s.ais = s.ai = NULL;
	loop_events(s.loop, s.fd, s.q.bytes > 0 ? POLLIN | POLLOUT : POLLIN);
	s.cb.on_up(s.addr, s.cb.arg);
}

/* Start connecting to s.ai, or the next address that takes a socket. */
static void
tcsess_next(void)
{
	char why[256];

	for (; s.ai != NULL; s.ai = s.ai->ai_next) {
		if ((s.fd = net_connect(s.ai)) == -1)
			continue;
		if (loop_add(s.loop, s.fd, POLLOUT, tcsess_io, NULL) == -1) {
			close(s.fd);
			s.fd = -1;
			continue;
		}
		return;
	}
	snprintf(why, sizeof(why), "cannot connect to %s port %s: %s",
	    s.host, s.port, strerror(errno));
	tcsess_down(why);
}

static void
tcsess_try(void)
{
	struct addrinfo hints;
	char why[256];
	int rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(s.host, s.port, &hints, &s.ais)) != 0) {
		s.ais = NULL;
		snprintf(why, sizeof(why), "%s: %s", s.host, gai_strerror(rc));
		tcsess_down(why);
		return;
	}
	s.ai = s.ais;
	tcsess_next();
}

static int
tcsess_line(void *arg, char *line, size_t len)
{
	(void)arg;
	s.cb.on_line(line, len, s.cb.arg);
	return s.up ? 0 : -1;
}

static int
tcsess_long(void *arg)
{
	(void)arg;
	return 0;	/* taskd sends no long lines; a liar loses them */
}

static void
tcsess_read(void)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(s.fd, buf, sizeof(buf))) == -1 && errno == EINTR)
		;
	if (n == 0) {
		tcsess_down("connection closed by taskd");
		return;
	}
	if (n == -1) {
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			tcsess_down(strerror(errno));
		return;
	}
	framer_feed(&s.fr, buf, (size_t)n, tcsess_line, tcsess_long, NULL);
}

static void
tcsess_flush(void)
{
	if (outq_flush(&s.q, s.fd) == -1) {
		tcsess_down(strerror(errno));
		return;
	}
	loop_events(s.loop, s.fd, s.q.bytes > 0 ? POLLIN | POLLOUT : POLLIN);
}

static void
tcsess_io(struct loop *l, int fd, int revents, void *arg)
{
	int e;

	(void)l;
	(void)fd;
	(void)arg;
	if (!s.up) {
		if ((e = net_connect_error(s.fd)) != 0) {
			loop_del(s.loop, s.fd);
			close(s.fd);
			s.fd = -1;
			errno = e;
			s.ai = s.ai->ai_next;
			tcsess_next();
			return;
		}
		tcsess_connected();
		return;
	}
	if (revents & POLLOUT)
		tcsess_flush();
	if (s.up && (revents & (POLLIN | POLLHUP | POLLERR)))
		tcsess_read();
}

void
tcsess_start(struct loop *l, const char *host, const char *port,
    const struct tcsess_cb *cb)
{
	s.loop = l;
	s.host = host;
	s.port = port;
	s.cb = *cb;
	s.backoff = TASKC_BACKOFF_MIN_MS;
	framer_init(&s.fr, TASKC_LINE_MAX);
	outq_init(&s.q);
	srandom((unsigned)getpid());
	tcsess_try();
}

int
tcsess_up(void)
{
	return s.up;
}

int
tcsess_send(const char *line, size_t len)
{
	struct chunk *c;

	if (!s.up)
		return -1;
	if (s.q.bytes + len + 1 > TASKC_QUEUE_MAX) {
		tcsess_down("taskd is not reading");
		return -1;
	}
	c = chunk_alloc(len + 1);
	memcpy(c->data, line, len);
	c->data[len] = '\n';
	outq_push(&s.q, c);
	chunk_unref(c);
	tcsess_flush();
	return 0;
}

size_t
tcsess_pending(void)
{
	return s.q.bytes;
}

void
tcsess_stop(void)
{
	tcsess_drop();
	loop_timer_cancel(s.loop, s.retry);
	s.retry = NULL;
	if (s.ais != NULL)
		freeaddrinfo(s.ais);
	s.ais = s.ai = NULL;
}
