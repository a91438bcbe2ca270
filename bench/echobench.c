/* echobench: N echo clients in one epoll loop, each with one line in
 * flight; lines/s, round-trip percentiles, and the server's costs. */

/*
 * Closed loop: every client sends a line, waits for all of it to come
 * back, checks it byte for byte, and sends the next, for --duration
 * seconds.  With --delay D on the server each client so makes at most
 * 1000/D round trips a second: the figure to watch there is whether the
 * p99 stays near D as clients grow.  Clients are bound to source
 * addresses 127.0.0.2 and up (--spread), so 5,000 of them do not share
 * one address's port range.  One process, one thread: the generator is
 * not the bottleneck until the server's lines/s reach its own ceiling
 * (see bench/README.md).
 */
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "echobench.h"
#include "efun.h"
#include "num.h"

#define EB_REFUSAL	"echod: too many clients"
#define EB_INFLIGHT	256	/* connects in progress at once */
#define EB_EVENTS	1024

enum eb_state { EB_NEW, EB_CONNECTING, EB_UP, EB_REFUSED, EB_FAILED };

struct eb_client {
	int		 fd;
	enum eb_state	 state;
	uint32_t	 off;		/* bytes of the echo received */
	int64_t		 sent;		/* ns the line went out; 0: idle */
	uint64_t	 echoes;
};

static struct {
	const char	*host;
	int		 port;
	long		 clients;
	long		 secs;
	long		 size;
	long		 window;
	long		 spread;
	pid_t		 pid;
	const char	*label;
} O = { "127.0.0.1", 0, 10, 5, 32, 30, 250, 0, "-" };

static struct eb_client	*cl;
static char		*line;		/* what every client sends */
static uint32_t		*rtt;		/* round trips, microseconds */
static size_t		 nrtt, caprtt;
static uint64_t		 corrupt, closed;
static int		 ep;

static int64_t
eb_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: echobench -p PORT [-H HOST] [-n CLIENTS] "
	    "[-d SECS] [-s SIZE] [-w SECS]\n"
	    "                 [-a ADDRS] [-P SERVER-PID] [-l LABEL]\n");
	exit(EX_USAGE);
}

static long
eb_num(const char *what, const char *s, long lo, long hi)
{
	const char *why;
	long long v;

	if (num_parse(s, lo, hi, &v, &why) == -1) {
		fprintf(stderr, "echobench: %s \"%s\": %s (%ld..%ld)\n", what,
		    s, why, lo, hi);
		exit(EX_USAGE);
	}
	return (long)v;
}

static void
eb_opts(int argc, char *argv[])
{
	int ch;

	while ((ch = getopt(argc, argv, "a:d:H:l:n:p:P:s:w:")) != -1) {
		switch (ch) {
		case 'a':
			O.spread = eb_num("addresses", optarg, 0, 250);
			break;
		case 'd':
			O.secs = eb_num("seconds", optarg, 1, 3600);
			break;
		case 'H':
			O.host = optarg;
			break;
		case 'l':
			O.label = optarg;
			break;
		case 'n':
			O.clients = eb_num("clients", optarg, 1, 100000);
			break;
		case 'p':
			O.port = (int)eb_num("port", optarg, 1, 65535);
			break;
		case 'P':
			O.pid = (pid_t)eb_num("pid", optarg, 1, 1 << 30);
			break;
		case 's':
			O.size = eb_num("size", optarg, 2, 65536);
			break;
		case 'w':
			O.window = eb_num("window", optarg, 1, 600);
			break;
		default:
			usage();
		}
	}
	if (optind != argc || O.port == 0)
		usage();
}

/* Start client i's connect; 0, or -1 when it failed at once. */
static int
eb_connect(long i)
{
	struct sockaddr_in sin, src;
	struct epoll_event ev;
	int fd, one = 1;

	cl[i].state = EB_FAILED;
	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) == -1)
		return -1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (O.spread > 0) {
		memset(&src, 0, sizeof(src));
		src.sin_family = AF_INET;
		src.sin_addr.s_addr = htonl(0x7f000002 + (uint32_t)(i %
		    O.spread));
		if (bind(fd, (struct sockaddr *)&src, sizeof(src)) == -1) {
			close(fd);
			return -1;
		}
	}
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)O.port);
	if (inet_pton(AF_INET, O.host, &sin.sin_addr) != 1) {
		fprintf(stderr, "echobench: %s: not an IPv4 address\n", O.host);
		exit(EX_USAGE);
	}
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 &&
	    errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	cl[i].fd = fd;
	cl[i].state = EB_CONNECTING;
	ev.events = EPOLLOUT | EPOLLIN;
	ev.data.u64 = (uint64_t)i;
	epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
	return 0;
}

static void
eb_fail(struct eb_client *c, enum eb_state st)
{
	if (c->state == EB_UP || c->state == EB_CONNECTING) {
		epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
		close(c->fd);
		c->fd = -1;
		if (c->state == EB_UP && st == EB_FAILED)
			closed++;
	}
	c->state = st;
}

static void
eb_send(struct eb_client *c, int64_t now)
{
	if (send(c->fd, line, (size_t)O.size, MSG_NOSIGNAL) != O.size) {
		eb_fail(c, EB_FAILED);
		return;
	}
	c->sent = now;
	c->off = 0;
}

static void
eb_record(int64_t ns)
{
	if (nrtt == caprtt) {
		caprtt = caprtt ? caprtt * 2 : 65536;
		rtt = ereallocarray(rtt, caprtt, sizeof(*rtt));
	}
	rtt[nrtt++] = (uint32_t)(ns / 1000 > UINT32_MAX ? UINT32_MAX :
	    ns / 1000);
}

/* Bytes arrived for c: check them against the line; a whole echo is a
 * round trip, and the next line goes out while running. */
static void
eb_readable(struct eb_client *c, int running, int64_t now)
{
	char buf[65536];
	ssize_t n;

	if ((n = read(c->fd, buf, sizeof(buf))) <= 0) {
		if (n == -1 && errno == EAGAIN)
			return;
		eb_fail(c, EB_FAILED);
		return;
	}
	if (c->echoes == 0 && c->off == 0 &&
	    (size_t)n >= sizeof(EB_REFUSAL) - 1 &&
	    memcmp(buf, EB_REFUSAL, sizeof(EB_REFUSAL) - 1) == 0) {
		eb_fail(c, EB_REFUSED);
		return;
	}
	if (c->sent == 0 || c->off + (size_t)n > (size_t)O.size ||
	    memcmp(buf, line + c->off, (size_t)n) != 0) {
		corrupt++;
		eb_fail(c, EB_FAILED);
		return;
	}
	if ((c->off += (uint32_t)n) < O.size)
		return;
	c->echoes++;
	if (running) {
		eb_record(now - c->sent);
		eb_send(c, now);
	} else
		c->sent = 0;
}

static void
eb_event(struct epoll_event *e, int running, int64_t now)
{
	struct eb_client *c = &cl[e->data.u64];
	struct epoll_event ev;
	socklen_t len = sizeof(int);
	int err = 0;

	if (c->state == EB_CONNECTING) {
		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) ==
		    -1 || err != 0) {
			eb_fail(c, EB_FAILED);
			return;
		}
		c->state = EB_UP;
		ev.events = EPOLLIN;
		ev.data.u64 = e->data.u64;
		epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
		if (running)
			eb_send(c, now);
	}
	if (c->state == EB_UP && (e->events & (EPOLLIN | EPOLLERR |
	    EPOLLHUP)))
		eb_readable(c, running, now);
}

/* One epoll pass of at most ms milliseconds. */
static void
eb_pass(int ms, int running)
{
	struct epoll_event evs[EB_EVENTS];
	int64_t now;
	int i, n;

	n = epoll_wait(ep, evs, EB_EVENTS, ms);
	now = eb_now();
	for (i = 0; i < n; i++)
		eb_event(&evs[i], running, now);
}

static long
eb_count(enum eb_state st)
{
	long i, n = 0;

	for (i = 0; i < O.clients; i++)
		n += cl[i].state == st;
	return n;
}

/* Connect everyone, EB_INFLIGHT at a time, within the window. */
static double
eb_connect_all(void)
{
	int64_t t0 = eb_now(), end = t0 + (int64_t)O.window * 1000000000;
	long next = 0;

	while (eb_now() < end) {
		while (next < O.clients && eb_count(EB_CONNECTING) <
		    EB_INFLIGHT)
			eb_connect(next++);
		if (next == O.clients && eb_count(EB_CONNECTING) == 0)
			break;
		eb_pass(10, 0);
	}
	/* A refusal follows the accept: give it a moment to arrive. */
	end = eb_now() + 200000000;
	while (eb_now() < end)
		eb_pass(50, 0);
	return (double)(eb_now() - t0) / 1e9;
}

static int
eb_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static double
eb_pct(double p)
{
	size_t i;

	if (nrtt == 0)
		return 0;
	i = (size_t)(p * (double)(nrtt - 1) + 0.5);
	return rtt[i] / 1000.0;
}

int
main(int argc, char *argv[])
{
	struct eb_proc p0, p1;
	struct rlimit rl;
	double consecs, secs;
	int64_t t0, end;
	long i, stalled = 0;
	int have = 0;

	eb_opts(argc, argv);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	line = emalloc((size_t)O.size);
	memset(line, 'e', (size_t)O.size);
	line[O.size - 1] = '\n';
	cl = ecalloc((size_t)O.clients, sizeof(*cl));
	if ((ep = epoll_create1(EPOLL_CLOEXEC)) == -1) {
		perror("echobench: epoll");
		return EX_OSERR;
	}
	if (O.pid != 0)
		have = eb_proc_read(O.pid, &p0) == 0;
	consecs = eb_connect_all();
	t0 = eb_now();
	end = t0 + O.secs * 1000000000LL;
	for (i = 0; i < O.clients; i++)
		if (cl[i].state == EB_UP)
			eb_send(&cl[i], t0);
	while (eb_now() < end)
		eb_pass((int)((end - eb_now()) / 1000000) + 1, 1);
	secs = (double)(eb_now() - t0) / 1e9;
	if (have && eb_proc_read(O.pid, &p1) == -1)
		have = 0;
	for (i = 0; i < O.clients; i++)
		stalled += cl[i].state == EB_UP && cl[i].echoes == 0;
	qsort(rtt, nrtt, sizeof(*rtt), eb_cmp);
	printf("label=%s clients=%ld up=%ld refused=%ld failed=%ld "
	    "stalled=%ld closed=%" PRIu64 " corrupt=%" PRIu64 " connect_s=%.2f "
	    "secs=%.2f lines=%zu rate=%.0f p50_ms=%.3f p99_ms=%.3f "
	    "max_ms=%.3f", O.label, O.clients, eb_count(EB_UP),
	    eb_count(EB_REFUSED), eb_count(EB_FAILED), stalled, closed,
	    corrupt, consecs, secs, nrtt, (double)nrtt / secs, eb_pct(0.5),
	    eb_pct(0.99), eb_pct(1.0));
	if (have)
		printf(" cpu_s=%.2f ctxsw=%" PRIu64 " hwm_kib=%" PRIu64
		    " pss_kib=%" PRIu64 " procs=%ld threads=%ld",
		    p1.cpu_s - p0.cpu_s, p1.ctxsw - p0.ctxsw, p1.hwm_kib,
		    p1.pss_kib, p1.procs, p1.threads);
	printf("\n");
	return 0;
}
