/* taskd: hands every idle worker a task each tick and checks the answers. */
#include <sys/resource.h>
#include <sys/socket.h>

#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "addrlim.h"
#include "dispatch.h"
#include "log.h"
#include "loop.h"
#include "net.h"
#include "results.h"
#include "taskargs.h"
#include "taskd.h"
#include "wconn.h"
#include "worker.h"

#define TASKD_USAGE \
	"usage: taskd [-hqVv] [-b ADDR] [-p PORT] [--every SECS] " \
	"[--timeout SECS]\n" \
	"             [--results FILE] [--max-per-addr N] [port]\n"

static struct {
	struct loop	*loop;
	struct addrlim	 lim;		/* workers per address */
	int		 lfds[TASKD_LISTEN_MAX];
	int		 nlfds;
	int		 paused;
	int		 sync_failed;
} td;

static void __attribute__((noreturn))
usage(void)
{
	fputs(TASKD_USAGE, stderr);
	exit(EX_USAGE);
}

static void __attribute__((noreturn))
help(void)
{
	printf(TASKD_USAGE
	    "Hands every idle worker a task each tick (TASK id n, n = Unix "
	    "time mod 100)\nand checks the answers (RESULT id n*n).\n"
	    "\n"
	    "  -p, --port PORT   listen on PORT (default %s; 0: any)\n"
	    "  -b, --bind ADDR   listen on ADDR only (default: all, v4+v6)\n"
	    "  --every SECS      seconds between tasks (default %d)\n"
	    "  --timeout SECS    seconds to answer before the task goes to "
	    "another\n"
	    "                    worker (default %d)\n"
	    "  --results FILE    append one JSON line per answer\n"
	    "  --max-per-addr N  workers from one address, an IPv6 /64 "
	    "counting as one\n"
	    "                    (default %d; 0: no limit)\n"
	    "  -v, --verbose     say more (per connection; -vv debug)\n"
	    "  -q, --quiet       errors only (no per-answer lines)\n"
	    "  -h, --help        this help\n"
	    "  -V, --version     print the version\n",
	    TASKD_PORT_DEFAULT, TASKD_EVERY_DEFAULT, TASKD_TIMEOUT_DEFAULT,
	    TASKD_PER_ADDR_DEFAULT);
	exit(0);
}

static void	taskd_listen_on(int);

static void
taskd_resume(struct loop *l, void *arg)
{
	(void)l;
	(void)arg;
	taskd_listen_on(1);
}

/* One address must not take every place: past --max-per-addr a
 * connection gets one BYE line naming the limit and is closed, and the
 * first such refusal in a minute from that address is logged. There is
 * no login phase, so an admitted worker is settled at once. */
static void
taskd_admit(struct loop *l, int fd, const struct sockaddr *sa,
    socklen_t len)
{
	char line[ADDRLIM_WHY_MAX + 8];
	struct addrlim_verdict v;
	struct addrlim_conn *al;
	int n;

	if ((al = addrlim_admit(&td.lim, sa, len, NULL,
	    loop_now(l) / 1000000000, &v)) != NULL) {
		addrlim_settle(&td.lim, al);
		wconn_accept(l, fd, sa, len, &td.lim, al);
		return;
	}
	n = snprintf(line, sizeof(line), "BYE %s\n", v.why);
	if (n >= (int)sizeof(line))
		n = sizeof(line) - 1;
	if (write(fd, line, (size_t)n) == -1)
		log_debug("fd %d: %s", fd, strerror(errno));
	close(fd);
	if (v.log)
		log_info("%s: refused: %s (not logged again for a minute)",
		    v.addr, v.why);
}

static void
taskd_accept(struct loop *l, int lfd, int revents, void *arg)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, i;

	(void)revents;
	(void)arg;
	for (i = 0; i < TASKD_ACCEPT_MAX && !td.paused; i++) {
		len = sizeof(ss);
		if ((fd = net_accept(lfd, &ss, &len)) != -1) {
			taskd_admit(l, fd, (struct sockaddr *)&ss, len);
			continue;
		}
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return;
		if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO)
			continue;
		log_error("accept: %s", strerror(errno));
		if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
		    errno == ENOMEM) {
			/* Out of descriptors: stop watching the listeners
			 * for a while rather than spin on them. */
			taskd_listen_on(0);
			loop_timer_after(l, TASKD_ACCEPT_RETRY_MS,
			    taskd_resume, NULL);
		}
		return;
	}
}

static void
taskd_listen_on(int on)
{
	int i;

	for (i = 0; i < td.nlfds; i++)
		loop_events(td.loop, td.lfds[i], on ? POLLIN : 0);
	td.paused = !on;
}

static void
taskd_listen(const char *host, const char *port)
{
	char why[256];
	int bound, i;

	td.nlfds = net_listen(host, port, TASKD_BACKLOG, td.lfds,
	    TASKD_LISTEN_MAX, &bound, why, sizeof(why));
	if (td.nlfds <= 0)
		errx(EX_UNAVAILABLE, "%s", why);
	for (i = 0; i < td.nlfds; i++)
		if (loop_add(td.loop, td.lfds[i], POLLIN, taskd_accept,
		    NULL) == -1)
			err(EX_OSERR, "loop_add");
	printf("Listening on the port :%d\n", bound);
	fflush(stdout);
}

static void
taskd_on_stop(struct loop *l, int signo, void *arg)
{
	(void)arg;
	log_info("caught signal %d: exiting", signo);
	loop_stop(l);
}

static void
taskd_on_usr1(struct loop *l, int signo, void *arg)
{
	(void)l;
	(void)signo;
	(void)arg;
	dispatch_stats();
}

/* Results are written and synced once per pass that produced some. */
static void
taskd_prepoll(struct loop *l, void *arg)
{
	(void)l;
	(void)arg;
	if (results_sync() == -1) {
		if (!td.sync_failed)
			log_error("--results: %s (kept in memory, retrying)",
			    strerror(errno));
		td.sync_failed = 1;
	} else
		td.sync_failed = 0;
}

/* Thousands of workers need thousands of descriptors. */
static void
taskd_raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static void
taskd_end(void)
{
	int i;

	wconn_close_all("taskd is shutting down");
	(void)loop_once(td.loop, 0);	/* the deferred closes */
	dispatch_stats();
	if (results_dropped() > 0)
		log_error("--results: %llu lines dropped: the file could not "
		    "keep up", (unsigned long long)results_dropped());
	results_close();
	dispatch_free();
	for (i = 0; i < td.nlfds; i++)
		close(td.lfds[i]);
	loop_free(td.loop);
	addrlim_free(&td.lim);
}

int
main(int argc, char *argv[])
{
	struct taskd_opts o;
	char why[256];

	switch (taskargs_taskd(argc, argv, &o, why, sizeof(why))) {
	case TASKARGS_RUN:
		break;
	case TASKARGS_HELP:
		help();
	case TASKARGS_VERSION:
		printf("taskd %s\n", TCPCHAT_VERSION);
		return 0;
	case TASKARGS_BAD:
		errx(EX_USAGE, "%s", why);
	default:
		usage();
	}
	log_init("taskd", o.level);
	taskd_raise_nofile();
	if (o.results != NULL && results_open(o.results) == -1)
		err(EX_CANTCREAT, "--results %s", o.results);
	if ((td.loop = loop_new()) == NULL)
		err(EX_OSERR, "loop_new");
	/* Signals first: whoever reads "Listening" may send SIGUSR1 at once,
	 * and its default action would kill us. */
	if (loop_signal(td.loop, SIGINT, taskd_on_stop, NULL) == -1 ||
	    loop_signal(td.loop, SIGTERM, taskd_on_stop, NULL) == -1 ||
	    loop_signal(td.loop, SIGUSR1, taskd_on_usr1, NULL) == -1)
		err(EX_OSERR, "loop_signal");
	addrlim_init(&td.lim, &(struct addrlim_limits){
	    .per_addr = o.max_per_addr });
	taskd_listen(o.bind, o.port);
	loop_prepoll(td.loop, taskd_prepoll, NULL);
	dispatch_init(td.loop, o.every, o.timeout);
	worker_init(td.loop, dispatch_remove);
	log_info("a task every %d s to each idle worker; %d s to answer",
	    o.every, o.timeout);
	if (loop_run(td.loop) == -1) {
		log_error("poll: %s", strerror(errno));
		taskd_end();
		return EX_OSERR;
	}
	taskd_end();
	return 0;
}
