/* Fan-out: clockd's clients, each handed every tick through a bounded queue. */
#include <sys/socket.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "addrlim.h"
#include "clockd.h"
#include "clockd_fanout.h"
#include "log.h"
#include "loop.h"
#include "net.h"
#include "outq.h"
#include "efun.h"

struct fanout_client {
	int		fd;
	int		eof;		/* it shut its sending side */
	struct addrlim_conn *al;	/* its count in f->lim */
	struct outq	q;
};

void
clockd_fanout_init(struct fanout *f, struct loop *loop)
{
	memset(f, 0, sizeof(*f));
	f->loop = loop;
}

void
clockd_fanout_set(struct fanout *f, const char *line, size_t len)
{
	chunk_unref(f->now);
	f->now = chunk_new(line, len);
}

static void
clockd_fanout_drop(struct fanout *f, struct fanout_client *c, const char *why)
{
	if (why != NULL)
		log_verbose("fd %d: %s", c->fd, why);
	loop_del(f->loop, c->fd);
	close(c->fd);
	outq_clear(&c->q);
	f->byfd[c->fd] = NULL;
	f->count--;
	if (f->lim != NULL)
		addrlim_release(f->lim, c->al);
	free(c);
}

/* Input until the client's EOF (to notice it), POLLOUT while some output
 * is left. */
static void
clockd_fanout_events(struct fanout *f, struct fanout_client *c)
{
	loop_events(f->loop, c->fd, (c->eof ? 0 : POLLIN) |
	    (c->q.count ? POLLOUT : 0));
}

/* Write what the socket takes now. 0, or -1 when the client was
 * dropped. */
static int
clockd_fanout_flush(struct fanout *f, struct fanout_client *c)
{
	if (outq_flush(&c->q, c->fd) == -1) {
		clockd_fanout_drop(f, c, strerror(errno));
		return -1;
	}
	clockd_fanout_events(f, c);
	return 0;
}

/* "[::1]:40000" or "fd 7" into buf. */
static const char *
clockd_fanout_peer(int fd, char *buf, size_t len)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);

	if (getpeername(fd, (struct sockaddr *)&ss, &sl) == -1 ||
	    net_addrstr((struct sockaddr *)&ss, sl, buf, len) == NULL)
		snprintf(buf, len, "fd %d", fd);
	return buf;
}

static void
clockd_fanout_send(struct fanout *f, struct fanout_client *c)
{
	char peer[NET_ADDRSTRLEN];

	if (f->now == NULL)
		return;
	outq_push(&c->q, f->now);
	if (c->q.count > CLOCKD_QUEUE_TICKS_MAX ||
	    c->q.bytes > CLOCKD_QUEUE_BYTES_MAX) {
		/* Notable, unlike an ordinary hang-up: logged unless -q,
		 * with the address, so an operator knows who. */
		f->dropped++;
		log_info("%s: not reading, dropped", clockd_fanout_peer(c->fd, peer,
		    sizeof(peer)));
		clockd_fanout_drop(f, c, NULL);
		return;
	}
	clockd_fanout_flush(f, c);
}

/*
 * Input is ignored; reading it notices a reset.  An EOF is only the end
 * of the client's input (`nc -N`, `echo | nc`): like gopl's clock2, which
 * never reads, it goes on getting the time.  If it has really gone, the
 * next tick's write draws a reset (POLLERR) or fails, and it is dropped.
 */
static void
clockd_fanout_on_io(struct loop *loop, int fd, int revents, void *arg)
{
	struct fanout *f = arg;
	struct fanout_client *c = f->byfd[fd];
	char junk[4096];
	ssize_t n;

	(void)loop;
	if (revents & POLLOUT && clockd_fanout_flush(f, c) == -1)
		return;
	if (!(revents & (POLLIN | POLLHUP | POLLERR)))
		return;
	n = read(fd, junk, sizeof(junk));
	if (n == 0 && (c->eof || revents & (POLLHUP | POLLERR)))
		clockd_fanout_drop(f, c, "closed");
	else if (n == 0) {
		c->eof = 1;
		clockd_fanout_events(f, c);
	} else if (n == -1 && errno != EAGAIN && errno != EINTR)
		clockd_fanout_drop(f, c, strerror(errno));
}

static void
clockd_fanout_grow(struct fanout *f, int fd)
{
	size_t n;

	if ((size_t)fd < f->nbyfd)
		return;
	n = f->nbyfd ? f->nbyfd : 64;
	while (n <= (size_t)fd)
		n *= 2;
	f->byfd = ereallocarray(f->byfd, n, sizeof(*f->byfd));
	memset(f->byfd + f->nbyfd, 0, (n - f->nbyfd) * sizeof(*f->byfd));
	f->nbyfd = n;
}

void
clockd_fanout_add(struct fanout *f, int fd, struct addrlim_conn *al)
{
	struct fanout_client *c;

	clockd_fanout_grow(f, fd);
	c = ecalloc(1, sizeof(*c));
	c->fd = fd;
	c->al = al;
	outq_init(&c->q);
	f->byfd[fd] = c;
	f->count++;
	if (loop_add(f->loop, fd, POLLIN, clockd_fanout_on_io, f) == -1) {
		clockd_fanout_drop(f, c, strerror(errno));
		return;
	}
	/* Like gopl's clock2, a new client hears the time at once. */
	clockd_fanout_send(f, c);
}

void
clockd_fanout_tick(struct fanout *f)
{
	size_t i;

	/* A client dropped here is freed at once: nothing else points at
	 * it, and no descriptor is opened before the loop ends. */
	for (i = 0; i < f->nbyfd; i++)
		if (f->byfd[i] != NULL)
			clockd_fanout_send(f, f->byfd[i]);
}

void
clockd_fanout_free(struct fanout *f)
{
	size_t i;

	for (i = 0; i < f->nbyfd; i++)
		if (f->byfd[i] != NULL)
			clockd_fanout_drop(f, f->byfd[i], "shutting down");
	free(f->byfd);
	chunk_unref(f->now);
	memset(f, 0, sizeof(*f));
}
