/* What the three models share: accepting from the listeners on one loop,
 * refusals, the counters on SIGUSR1. */
#include <sys/socket.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "echod_srv.h"
#include "echod_stats.h"
#include "log.h"
#include "loop.h"
#include "net.h"

static void
echod_srv_resume(struct loop *loop, void *arg)
{
	struct echod_srv *srv = arg;
	int i;

	for (i = 0; i < srv->nlfds; i++)
		loop_events(loop, srv->lfds[i], POLLIN);
}

static void
echod_srv_on_listen(struct loop *loop, int lfd, int revents, void *arg)
{
	struct echod_srv *srv = arg;
	struct sockaddr_storage ss;
	socklen_t sslen;
	char addr[NET_ADDRSTRLEN];
	int fd = -1, i;

	(void)revents;
	for (i = 0; i < ECHOD_ACCEPT_MAX; i++) {
		sslen = sizeof(ss);
		if ((fd = net_accept(lfd, &ss, &sslen)) == -1)
			break;
		net_addrstr((struct sockaddr *)&ss, sslen, addr, sizeof(addr));
		/* XXX issue 16: ask the per-address limiter here. */
		srv->on_client(srv, fd, addr);
		if (srv->nlfds == 0)
			return;		/* the model stopped listening */
	}
	if (fd == -1 && (errno == EMFILE || errno == ENFILE ||
	    errno == ENOBUFS || errno == ENOMEM)) {
		/* Out of descriptors: pause a second rather than spin on a
		 * listener that stays readable. */
		log_error("accept: %s", strerror(errno));
		for (i = 0; i < srv->nlfds; i++)
			loop_events(loop, srv->lfds[i], 0);
		loop_timer_after(loop, 1000, echod_srv_resume, srv);
	}
}

void
echod_srv_report(struct echod_srv *srv, const char *when)
{
	struct echod_counts c;
	char buf[256];

	echod_stats_read(srv->stats, &c);
	/* Asked for, so shown even with -q. */
	fprintf(stderr, "echod: %s: %s\n", when,
	    echod_stats_format(&c, buf, sizeof(buf)));
}

static void
echod_srv_on_usr1(struct loop *loop, int signo, void *arg)
{
	(void)loop;
	(void)signo;
	echod_srv_report(arg, "stats");
}

int
echod_srv_start(struct echod_srv *srv)
{
	int i;

	for (i = 0; i < srv->nlfds; i++)
		if (loop_add(srv->loop, srv->lfds[i], POLLIN,
		    echod_srv_on_listen, srv) == -1)
			return -1;
	return loop_signal(srv->loop, SIGUSR1, echod_srv_on_usr1, srv);
}

void
echod_srv_unlisten(struct echod_srv *srv)
{
	int i;

	for (i = 0; i < srv->nlfds; i++) {
		loop_del(srv->loop, srv->lfds[i]);
		close(srv->lfds[i]);
	}
	srv->nlfds = 0;
}

void
echod_srv_refuse(struct echod_srv *srv, int fd)
{
	ssize_t w;

	/* A fresh socket's send buffer takes one short line; if not, the
	 * close alone says no. */
	w = send(fd, ECHOD_REFUSAL, sizeof(ECHOD_REFUSAL) - 1, MSG_NOSIGNAL);
	(void)w;
	close(fd);
	echod_stats_refuse(srv->stats);
}
