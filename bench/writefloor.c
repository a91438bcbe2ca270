/* writefloor: the least a clock server can do, to measure clockd against. */

/*
 * A clock server stripped to its syscalls: it accepts clients and, at each
 * wall-clock second, writes "HH:MM:SS\n" (UTC) to every one of them in a
 * tight loop; no queues, no poll() between writes, no reading.  clockbench
 * measures it exactly as it measures clockd, so the difference between the
 * two is what clockd's own code costs, and this one's lateness is what the
 * kernel charges for N loopback writes on this machine: no single-threaded
 * server can do better here.
 *
 * Started twice on one port (SO_REUSEPORT), the kernel shares the clients
 * between the two processes: what spreading the writes over both cores
 * would give at best.
 *
 *	writefloor [-p PORT]		prints "Listening on the port :N"
 */

#include <sys/resource.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "num.h"
#include "efun.h"

#define NS		1000000000LL
#define ACCEPT_MAX	256		/* accepts per wake */


struct floor {
	int	 lfd;
	int	*fds;
	size_t	 n;
	size_t	 cap;
	int64_t	 busy_ns;		/* writing, over all ticks */
	uint64_t writes;
};

static volatile sig_atomic_t	stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int64_t
now_real(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec * NS + ts.tv_nsec;
}

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: writefloor [-p PORT]\n");
	exit(EX_USAGE);
}

static void __attribute__((noreturn))
die(const char *what)
{
	fprintf(stderr, "writefloor: %s: %s\n", what, strerror(errno));
	exit(EX_OSERR);
}

static void
floor_listen(struct floor *f, int port)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int one = 1;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	/* Any address, like clockd: clockbench spreads its clients over
	 * 127.0.0.1 to 127.0.0.8 to have enough port numbers. */
	sin.sin_addr.s_addr = htonl(INADDR_ANY);
	sin.sin_port = htons((uint16_t)port);
	if ((f->lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) == -1)
		die("socket");
	setsockopt(f->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(f->lfd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
	if (bind(f->lfd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(f->lfd, 4096) == -1 ||
	    getsockname(f->lfd, (struct sockaddr *)&sin, &len) == -1)
		die("listen");
	printf("Listening on the port :%d\n", ntohs(sin.sin_port));
	fflush(stdout);
}

static void
floor_accept(struct floor *f)
{
	int fd, i;

	for (i = 0; i < ACCEPT_MAX; i++) {
		if ((fd = accept4(f->lfd, NULL, NULL, SOCK_NONBLOCK)) == -1)
			return;
		if (f->n == f->cap) {
			f->cap = f->cap ? f->cap * 2 : 1024;
			f->fds = ereallocarray(f->fds, f->cap,
			    sizeof(*f->fds));
		}
		f->fds[f->n++] = fd;
	}
}

/* One line to everyone; a client that is gone (or full) is closed. */
static void
floor_tick(struct floor *f, time_t sec)
{
	char line[16];
	struct tm tm;
	int64_t t0;
	size_t i, k;

	gmtime_r(&sec, &tm);
	strftime(line, sizeof(line), "%H:%M:%S\n", &tm);
	t0 = now_real();
	for (i = k = 0; i < f->n; i++) {
		if (write(f->fds[i], line, 9) == 9)
			f->fds[k++] = f->fds[i];
		else
			close(f->fds[i]);
	}
	f->busy_ns += now_real() - t0;
	f->writes += f->n;
	f->n = k;
}

/* Accept until the next second begins, then tick. */
static void
floor_run(struct floor *f)
{
	struct pollfd pfd = { .fd = f->lfd, .events = POLLIN };
	int64_t next = (now_real() / NS + 1) * NS, left;
	struct timespec ts;

	while (!stop) {
		left = next - now_real();
		if (left > 2000000) {
			/* Wake 2 ms early, then sleep to the boundary. */
			if (poll(&pfd, 1, (int)((left - 2000000) / 1000000)) >
			    0)
				floor_accept(f);
			continue;
		}
		ts.tv_sec = next / NS;
		ts.tv_nsec = 0;
		while (clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &ts,
		    NULL) == EINTR && !stop)
			;
		floor_tick(f, (time_t)(next / NS));
		next += NS;
	}
}

int
main(int argc, char *argv[])
{
	struct floor f;
	struct rlimit rl;
	struct sigaction sa;
	const char *why;
	long long port = 0;
	int ch;

	while ((ch = getopt(argc, argv, "p:")) != -1) {
		if (ch != 'p')
			usage();
		if (num_parse(optarg, 0, 65535, &port, &why) == -1) {
			fprintf(stderr, "writefloor: -p %s: %s\n", optarg, why);
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	memset(&f, 0, sizeof(f));
	floor_listen(&f, (int)port);
	floor_run(&f);
	if (f.writes > 0)
		fprintf(stderr, "writefloor: %llu writes, %.2f us each\n",
		    (unsigned long long)f.writes,
		    f.busy_ns / 1e3 / (double)f.writes);
	while (f.n > 0)
		close(f.fds[--f.n]);
	free(f.fds);
	close(f.lfd);
	return 0;
}
