/* The fork model: the parent accepts on its loop and forks a child per
 * client; SIGCHLD reaps them, SIGTERM is passed on to every one. */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "echod.h"
#include "echod_args.h"
#include "echod_fork.h"
#include "echod_serve.h"
#include "echod_srv.h"
#include "echod_stats.h"
#include "efun.h"
#include "log.h"
#include "loop.h"

#define ECHOD_FORK_GRACE_MS	5000	/* children's time to leave */

/* A live child and the place its client holds in srv->lim, given back
 * when the child is reaped. */
struct echod_child {
	pid_t			 pid;
	struct addrlim_conn	*al;
};

struct echod_fork {
	struct echod_child	*kids;		/* live children, dense */
	size_t			 count;
	size_t			 cap;
};

/* The child's shutdown pipe, written by its SIGTERM handler. */
static int	echod_fork_stopw = -1;

static void
echod_fork_on_term(int signo)
{
	int saved = errno;
	ssize_t w;

	(void)signo;
	w = write(echod_fork_stopw, "x", 1);
	(void)w;
	errno = saved;
}

/* In the child, signals still blocked: its own handlers, not the
 * parent's loop (whose self-pipe it shares). */
static int
echod_fork_child_signals(void)
{
	struct sigaction sa;
	int pfd[2];

	if (pipe2(pfd, O_CLOEXEC | O_NONBLOCK) == -1)
		return -1;
	echod_fork_stopw = pfd[1];
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = echod_fork_on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGUSR1, &sa, NULL);	/* the parent answers it */
	return pfd[0];
}

static void __attribute__((noreturn))
echod_fork_child(struct echod_srv *srv, int fd, const sigset_t *old)
{
	int i, stopfd;

	for (i = 0; i < srv->nlfds; i++)
		close(srv->lfds[i]);
	if ((stopfd = echod_fork_child_signals()) == -1) {
		log_error("child: pipe: %s", strerror(errno));
		_exit(1);
	}
	sigprocmask(SIG_SETMASK, old, NULL);
	echod_serve(fd, stopfd, srv->conf, srv->stats);
	_exit(0);
}

static int
echod_fork_on_client(struct echod_srv *srv, int fd, const char *addr,
    struct addrlim_conn *al)
{
	struct echod_fork *f = srv->model;
	sigset_t all, old;
	pid_t pid;

	if (f->count >= (size_t)srv->conf->max_clients) {
		log_verbose("%s: refused, %zu children", addr, f->count);
		echod_srv_refuse(srv, fd);
		return -1;
	}
	if (f->count == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 64;
		f->kids = ereallocarray(f->kids, f->cap, sizeof(*f->kids));
	}
	/* Blocked across fork(): a signal before the child has its own
	 * handlers would reach the parent's self-pipe. */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	if ((pid = fork()) == 0)
		echod_fork_child(srv, fd, &old);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (pid == -1) {
		log_error("%s: fork: %s", addr, strerror(errno));
		echod_srv_refuse(srv, fd);
		return -1;
	}
	close(fd);
	f->kids[f->count].pid = pid;
	f->kids[f->count++].al = al;
	echod_stats_connect(srv->stats);
	log_verbose("pid %ld: %s connected", (long)pid, addr);
	return 0;
}

/* Reap one child: 1 if one was reaped, 0 if none was ready, -1 if there
 * are no children at all. */
static int
echod_fork_reap(struct echod_srv *srv, int options)
{
	struct echod_fork *f = srv->model;
	pid_t pid;
	size_t i;
	int st;

	if ((pid = waitpid(-1, &st, options)) <= 0)
		return pid == 0 ? 0 : (errno == EINTR ? 0 : -1);
	for (i = 0; i < f->count; i++)
		if (f->kids[i].pid == pid) {
			echod_srv_release(srv, f->kids[i].al);
			f->kids[i] = f->kids[--f->count];
			echod_stats_disconnect(srv->stats);
			break;
		}
	if (WIFSIGNALED(st))
		log_error("pid %ld: killed by signal %d", (long)pid,
		    WTERMSIG(st));
	return 1;
}

static void
echod_fork_on_chld(struct loop *loop, int signo, void *arg)
{
	(void)loop;
	(void)signo;
	/* One SIGCHLD may stand for many exits. */
	while (echod_fork_reap(arg, WNOHANG) == 1)
		continue;
}

static void
echod_fork_on_stop(struct loop *loop, int signo, void *arg)
{
	(void)arg;
	log_verbose("signal %d: exiting", signo);
	loop_stop(loop);
}

/* SIGTERM to every child, then wait for them all; one that ignores it
 * for ECHOD_FORK_GRACE_MS gets SIGKILL. */
static void
echod_fork_stop_children(struct echod_srv *srv)
{
	struct echod_fork *f = srv->model;
	struct timespec ts = { 0, 10 * 1000000 };
	int64_t end;
	size_t i;

	for (i = 0; i < f->count; i++)
		kill(f->kids[i].pid, SIGTERM);
	end = loop_clock() + (int64_t)ECHOD_FORK_GRACE_MS * 1000000;
	while (f->count > 0 && loop_clock() < end)
		if (echod_fork_reap(srv, WNOHANG) == 0)
			nanosleep(&ts, NULL);
	for (i = 0; i < f->count; i++) {
		log_error("pid %ld: no exit after SIGTERM: killing it",
		    (long)f->kids[i].pid);
		kill(f->kids[i].pid, SIGKILL);
	}
	while (f->count > 0 && echod_fork_reap(srv, 0) != -1)
		continue;
}

int
echod_fork_run(struct echod_srv *srv)
{
	struct echod_fork f;
	int rc;

	memset(&f, 0, sizeof(f));
	srv->model = &f;
	srv->on_client = echod_fork_on_client;
	loop_signal(srv->loop, SIGCHLD, echod_fork_on_chld, srv);
	loop_signal(srv->loop, SIGTERM, echod_fork_on_stop, srv);
	loop_signal(srv->loop, SIGINT, echod_fork_on_stop, srv);
	rc = loop_run(srv->loop);
	echod_srv_unlisten(srv);
	echod_fork_stop_children(srv);
	free(f.kids);
	return rc;
}
