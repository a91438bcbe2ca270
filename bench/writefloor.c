/* writefloor: how soon can any one process write a line to N sockets? */

/*
 * The yardstick for clockd's lateness: no server logic at all, just what
 * the kernel charges.  A child connects N loopback clients and reads them
 * from one epoll loop, as clockbench does; the parent accepts them and, at
 * each wall-clock second, writes "HH:MM:SS\n" to every socket in a tight
 * loop, noting when each write() returned.  A line is in its reader's
 * socket by the time write() returns (loopback delivers in the sender's
 * context), so with many sockets no single-threaded server can beat
 * these times on this machine: clockd's p99 lateness at 10,000 clients is
 * to be read against done_p99_ms, and us_per_write (the time between the
 * first and the last write over their number) is what each client costs.
 */

#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "num.h"
#include "xmalloc.h"

#define NS		1000000000LL
#define N_MAX		10000
#define ROUNDS_MAX	60

#define EX_USAGE	64
#define EX_OSERR	71

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
	fprintf(stderr, "usage: writefloor [-n SOCKETS] [-r ROUNDS]\n");
	exit(EX_USAGE);
}

static void __attribute__((noreturn))
die(const char *what)
{
	fprintf(stderr, "writefloor: %s: %s\n", what, strerror(errno));
	exit(EX_OSERR);
}

/* The reader: n clients, drained from one epoll loop until the parent
 * closes the pipe it watches. */
static void __attribute__((noreturn))
reader(const struct sockaddr_in *sin, int n, int quit)
{
	struct epoll_event ev, evs[1024];
	char buf[4096];
	int ep, fd, i, k;

	if ((ep = epoll_create1(0)) == -1)
		die("epoll_create1");
	for (i = 0; i < n; i++) {
		if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
			die("socket");
		if (connect(fd, (const struct sockaddr *)sin,
		    sizeof(*sin)) == -1)
			die("connect");
		ev.events = EPOLLIN;
		ev.data.fd = fd;
		epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
	}
	ev.events = EPOLLIN;
	ev.data.fd = quit;
	epoll_ctl(ep, EPOLL_CTL_ADD, quit, &ev);
	for (;;) {
		if ((k = epoll_wait(ep, evs, 1024, -1)) == -1 && errno != EINTR)
			die("epoll_wait");
		for (i = 0; i < k; i++) {
			if (evs[i].data.fd == quit)
				_exit(0);
			(void)read(evs[i].data.fd, buf, sizeof(buf));
		}
	}
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static double
median(double *v, int n)
{
	int i, j;
	double t;

	for (i = 1; i < n; i++)		/* a handful: insertion sort */
		for (j = i; j > 0 && v[j - 1] > v[j]; j--) {
			t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Sleep to the next second, write a line to every fd; done[i] is when
 * write i returned, in ns after the second began. */
static void
round_write(const int *fds, int n, int64_t *done)
{
	struct timespec ts;
	char line[16];
	struct tm tm;
	time_t sec;
	int64_t s0;
	int i;

	s0 = (now_real() / NS + 1) * NS;
	ts.tv_sec = s0 / NS;
	ts.tv_nsec = 0;
	while (clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &ts, NULL) ==
	    EINTR)
		;
	sec = (time_t)(s0 / NS);
	gmtime_r(&sec, &tm);
	strftime(line, sizeof(line), "%H:%M:%S\n", &tm);
	for (i = 0; i < n; i++) {
		if (write(fds[i], line, 9) != 9)
			die("write");
		done[i] = now_real() - s0;
	}
}

int
main(int argc, char *argv[])
{
	struct sockaddr_in sin;
	struct rlimit rl;
	socklen_t len = sizeof(sin);
	double p50[ROUNDS_MAX], p99[ROUNDS_MAX], last[ROUNDS_MAX];
	double each[ROUNDS_MAX];
	int64_t *done;
	const char *why;
	long long v;
	int *fds, n = N_MAX, rounds = 5, lfd, quit[2], ch, i, r, status;
	pid_t pid;

	while ((ch = getopt(argc, argv, "n:r:")) != -1) {
		if (ch != 'n' && ch != 'r')
			usage();
		if (num_parse(optarg, 1, ch == 'n' ? N_MAX : ROUNDS_MAX, &v,
		    &why) == -1) {
			fprintf(stderr, "writefloor: -%c %s: %s\n", ch, optarg,
			    why);
			usage();
		}
		*(ch == 'n' ? &n : &rounds) = (int)v;
	}
	if (optind != argc)
		usage();
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((lfd = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(lfd, 4096) == -1 ||
	    getsockname(lfd, (struct sockaddr *)&sin, &len) == -1)
		die("listen");
	if (pipe(quit) == -1)
		die("pipe");
	if ((pid = fork()) == -1)
		die("fork");
	if (pid == 0) {
		close(quit[1]);
		close(lfd);
		reader(&sin, n, quit[0]);
	}
	close(quit[0]);
	fds = xreallocarray(NULL, (size_t)n, sizeof(*fds));
	done = xreallocarray(NULL, (size_t)n, sizeof(*done));
	for (i = 0; i < n; i++)
		if ((fds[i] = accept(lfd, NULL, NULL)) == -1)
			die("accept");
	for (r = 0; r < rounds; r++) {
		round_write(fds, n, done);
		last[r] = done[n - 1] / 1e6;
		each[r] = n > 1 ? (done[n - 1] - done[0]) / 1e3 / (n - 1) : 0;
		qsort(done, (size_t)n, sizeof(*done), cmp_i64);
		p50[r] = done[n / 2] / 1e6;
		p99[r] = done[(n * 99 + 99) / 100 - 1] / 1e6;
	}
	close(quit[1]);
	waitpid(pid, &status, 0);
	printf("sockets          %d\n", n);
	printf("rounds           %d\n", rounds);
	printf("us_per_write     %.2f\n", median(each, rounds));
	printf("done_p50_ms      %.1f\n", median(p50, rounds));
	printf("done_p99_ms      %.1f\n", median(p99, rounds));
	printf("done_last_ms     %.1f\n", median(last, rounds));
	free(fds);
	free(done);
	return 0;
}
