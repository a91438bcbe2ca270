/* What the three models share: accepting from the listeners on one loop,
 * the per-address limit, refusals, the counters on SIGUSR1. */
#include <sys/socket.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "addrlim.h"
#include "echod_args.h"
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

/*
 * One address must not take every place: past --max-per-addr a client
 * gets one line naming the limit and is closed, and the first such
 * refusal from an address in a minute is logged. echod has no login
 * phase, so an admitted client is settled at once.
 */
static struct addrlim_conn *
echod_srv_admit(struct echod_srv *srv, int fd, const struct sockaddr *sa,
    socklen_t salen)
{
	char line[ADDRLIM_WHY_MAX + 16];
	struct addrlim_verdict v;
	struct addrlim_conn *al;
	ssize_t w;
	int n;

	if ((al = addrlim_admit(&srv->lim, sa, salen, NULL,
	    loop_now(srv->loop) / 1000000000, &v)) != NULL) {
		addrlim_settle(&srv->lim, al);
		return al;
	}
	n = snprintf(line, sizeof(line), "echod: %s\n", v.why);
	if (n >= (int)sizeof(line))
		n = sizeof(line) - 1;
	w = send(fd, line, (size_t)n, MSG_NOSIGNAL);
	(void)w;
	close(fd);
	echod_stats_refuse(srv->stats);
	if (v.log)
		log_info("%s: refused: %s (not logged again for a minute)",
		    v.addr, v.why);
	return NULL;
}

static void
echod_srv_on_listen(struct loop *loop, int lfd, int revents, void *arg)
{
	struct echod_srv *srv = arg;
	struct sockaddr_storage ss;
	struct addrlim_conn *al;
	socklen_t sslen;
	char addr[NET_ADDRSTRLEN];
	int fd = -1, i;

	(void)revents;
	for (i = 0; i < ECHOD_ACCEPT_MAX; i++) {
		sslen = sizeof(ss);
		if ((fd = net_accept(lfd, &ss, &sslen)) == -1)
			break;
		if ((al = echod_srv_admit(srv, fd, (struct sockaddr *)&ss,
		    sslen)) == NULL)
			continue;
		net_addrstr((struct sockaddr *)&ss, sslen, addr, sizeof(addr));
		if (srv->on_client(srv, fd, addr, al) == -1)
			addrlim_release(&srv->lim, al);
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

	addrlim_init(&srv->lim, &(struct addrlim_limits){
	    .per_addr = srv->conf->max_per_addr });
	for (i = 0; i < srv->nlfds; i++)
		if (loop_add(srv->loop, srv->lfds[i], POLLIN,
		    echod_srv_on_listen, srv) == -1)
			return -1;
	return loop_signal(srv->loop, SIGUSR1, echod_srv_on_usr1, srv);
}

void
echod_srv_release(struct echod_srv *srv, struct addrlim_conn *al)
{
	addrlim_release(&srv->lim, al);
}

void
echod_srv_free(struct echod_srv *srv)
{
	addrlim_free(&srv->lim);
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
