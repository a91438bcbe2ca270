/* The poll model: one thread, one poll() loop, every client a non-blocking
 * socket with its session; a timer per client for its next echo or its
 * idle limit. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "echod.h"
#include "echod_args.h"
#include "echod_poll.h"
#include "echod_sess.h"
#include "echod_srv.h"
#include "echod_stats.h"
#include "efun.h"
#include "log.h"
#include "loop.h"

struct echod_pclient {
	struct echod_pclient	*prev, *next;	/* every client, for exit */
	struct echod_srv	*srv;
	struct addrlim_conn	*al;		/* its place in srv->lim */
	int			 fd;
	int			 blocked;	/* waiting for POLLOUT */
	struct echod_sess	 sess;
	struct timer		*timer;
	int64_t			 timer_at;
	int64_t			 idle_at;	/* INT64_MAX: never */
};

struct echod_poll {
	struct echod_pclient	*clients;
	size_t			 count;
};

static void	echod_poll_service(struct echod_pclient *, int64_t now);

static void
echod_poll_drop(struct echod_pclient *pc, const char *why)
{
	struct echod_poll *p = pc->srv->model;

	log_verbose("fd %d: %s", pc->fd, why);
	loop_timer_cancel(pc->srv->loop, pc->timer);
	loop_del(pc->srv->loop, pc->fd);
	close(pc->fd);
	echod_sess_free(&pc->sess);
	echod_srv_release(pc->srv, pc->al);
	if (pc->prev != NULL)
		pc->prev->next = pc->next;
	else
		p->clients = pc->next;
	if (pc->next != NULL)
		pc->next->prev = pc->prev;
	p->count--;
	echod_stats_disconnect(pc->srv->stats);
	free(pc);
}

static void
echod_poll_on_timer(struct loop *loop, void *arg)
{
	struct echod_pclient *pc = arg;

	pc->timer = NULL;
	echod_poll_service(pc, loop_now(loop));
}

/* Arm the one timer at the earlier of the next echo and the idle limit;
 * an unchanged deadline keeps its timer. */
static void
echod_poll_arm(struct echod_pclient *pc)
{
	int64_t at = pc->blocked ? INT64_MAX : echod_sess_due(&pc->sess);

	if (pc->idle_at < at)
		at = pc->idle_at;
	if (pc->timer != NULL && pc->timer_at == at)
		return;
	loop_timer_cancel(pc->srv->loop, pc->timer);
	pc->timer = NULL;
	if (at != INT64_MAX)
		pc->timer = loop_timer_at(pc->srv->loop, at,
		    echod_poll_on_timer, pc);
	pc->timer_at = at;
}

/* Write what is due, then watch for what the session needs next. */
static void
echod_poll_service(struct echod_pclient *pc, int64_t now)
{
	int ev;

	if ((pc->blocked = echod_sess_flush(&pc->sess, pc->fd, now)) == -1) {
		echod_poll_drop(pc, strerror(errno));
		return;
	}
	if (echod_sess_done(&pc->sess)) {
		echod_poll_drop(pc, "left");
		return;
	}
	if (now >= pc->idle_at) {
		echod_poll_drop(pc, "idle");
		return;
	}
	ev = (echod_sess_want_read(&pc->sess) ? POLLIN : 0) |
	    (pc->blocked ? POLLOUT : 0);
	loop_events(pc->srv->loop, pc->fd, ev);
	echod_poll_arm(pc);
}

static void
echod_poll_on_io(struct loop *loop, int fd, int revents, void *arg)
{
	struct echod_pclient *pc = arg;
	char buf[ECHOD_READ_MAX];
	int64_t now = loop_now(loop);
	ssize_t n;

	if ((revents & POLLERR) || (revents & (POLLHUP | POLLIN)) == POLLHUP) {
		echod_poll_drop(pc, "reset");
		return;
	}
	if (pc->srv->conf->idle_s > 0)
		pc->idle_at = now + (int64_t)pc->srv->conf->idle_s * 1000000000;
	if ((revents & POLLIN) && echod_sess_want_read(&pc->sess)) {
		n = read(fd, buf, sizeof(buf));
		if (n > 0)
			echod_sess_feed(&pc->sess, buf, (size_t)n, now);
		else if (n == 0)
			echod_sess_eof(&pc->sess, now);
		else if (errno != EAGAIN && errno != EINTR) {
			echod_poll_drop(pc, strerror(errno));
			return;
		}
	}
	echod_poll_service(pc, now);
}

static int
echod_poll_on_client(struct echod_srv *srv, int fd, const char *addr,
    struct addrlim_conn *al)
{
	struct echod_poll *p = srv->model;
	struct echod_pclient *pc;

	if (p->count >= (size_t)srv->conf->max_clients) {
		log_verbose("%s: refused, %zu clients", addr, p->count);
		echod_srv_refuse(srv, fd);
		return -1;
	}
	pc = ecalloc(1, sizeof(*pc));
	pc->srv = srv;
	pc->fd = fd;
	echod_sess_init(&pc->sess, srv->conf, srv->stats);
	pc->idle_at = srv->conf->idle_s > 0 ? loop_clock() +
	    (int64_t)srv->conf->idle_s * 1000000000 : INT64_MAX;
	if (loop_add(srv->loop, fd, POLLIN, echod_poll_on_io, pc) == -1) {
		log_error("%s: %s", addr, strerror(errno));
		echod_sess_free(&pc->sess);
		free(pc);
		echod_srv_refuse(srv, fd);
		return -1;
	}
	pc->al = al;
	if ((pc->next = p->clients) != NULL)
		pc->next->prev = pc;
	p->clients = pc;
	p->count++;
	echod_stats_connect(srv->stats);
	log_verbose("fd %d: %s connected", fd, addr);
	echod_poll_arm(pc);
	return 0;
}

static void
echod_poll_on_stop(struct loop *loop, int signo, void *arg)
{
	(void)arg;
	log_verbose("signal %d: exiting", signo);
	loop_stop(loop);
}

int
echod_poll_run(struct echod_srv *srv)
{
	struct echod_poll p;
	int rc;

	memset(&p, 0, sizeof(p));
	srv->model = &p;
	srv->on_client = echod_poll_on_client;
	loop_signal(srv->loop, SIGTERM, echod_poll_on_stop, srv);
	loop_signal(srv->loop, SIGINT, echod_poll_on_stop, srv);
	rc = loop_run(srv->loop);
	/* Echoes still waiting for their delay are not sent: a shutdown
	 * does not wait out --delay for every client. */
	while (p.clients != NULL)
		echod_poll_drop(p.clients, "shutdown");
	return rc;
}
