/* clockbench: many clients of a clock server: every tick there, how late. */

/*
 * One process, one epoll loop.  Every client connects, then from a second
 * S0 on, for --ticks seconds, each must receive exactly one line naming
 * each second (the server runs in UTC, so a line's time of day names its
 * second).  Lateness is the kernel's receive timestamp (SO_TIMESTAMPNS)
 * minus the start of the second the line names: what the server achieved,
 * not how fast this process gets round to reading 10,000 sockets.
 */

#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "efun.h"

#define NS		1000000000LL
#define DAY		86400
#define TICKS_MAX	60		/* one bit per tick in a uint64_t */
#define CONNECT_WINDOW	400		/* handshakes in flight at once */
#define DEST_ADDRS	8		/* 127.0.0.1..8 spread the 4-tuples */
#define EVENTS_MAX	1024
#define PART_MAX	32		/* a line's unfinished tail */


enum bc_state { BC_IDLE, BC_CONNECTING, BC_OPEN, BC_DEAD };

struct bc {
	int		fd;
	uint8_t		state;
	uint8_t		plen;
	uint8_t		opened;		/* connected at some point */
	char		part[PART_MAX];
	uint64_t	got;		/* bit i: second S0 + i arrived */
};

struct bench {
	struct bc	*c;
	int		 n;
	int		 ticks;
	int		 port;
	int		 ep;
	int		 open;
	int		 opened;	/* ever connected */
	int		 inflight;
	int		 next;		/* next client to connect */
	int		 failed;
	int		 lost;		/* closed after connecting */
	int64_t		 s0;		/* first second measured, or 0 */
	uint64_t	 dups;
	uint64_t	 stray;		/* lines that are not a time */
	uint32_t	*late;		/* microseconds, one per line */
	size_t		 nlate;
	size_t		 caplate;
	struct in_addr	 dest[DEST_ADDRS];
	int		 ndest;
};

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
	fprintf(stderr, "usage: clockbench -p PORT [-a ADDR] [-n CLIENTS] "
	    "[-t TICKS] [-w SECS]\n");
	exit(EX_USAGE);
}

static void
bc_connect(struct bench *b, int i)
{
	struct sockaddr_in sin;
	struct epoll_event ev;
	struct bc *c = &b->c[i];
	int one = 1;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(b->port);
	sin.sin_addr = b->dest[i % b->ndest];
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd == -1) {
		c->state = BC_DEAD;
		b->failed++;
		return;
	}
	setsockopt(c->fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one));
	if (connect(c->fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 &&
	    errno != EINPROGRESS) {
		close(c->fd);
		c->state = BC_DEAD;
		b->failed++;
		return;
	}
	c->state = BC_CONNECTING;
	b->inflight++;
	ev.events = EPOLLOUT | EPOLLIN;
	ev.data.u32 = (uint32_t)i;
	epoll_ctl(b->ep, EPOLL_CTL_ADD, c->fd, &ev);
}

static void
bc_ramp(struct bench *b)
{
	while (b->next < b->n && b->inflight < CONNECT_WINDOW)
		bc_connect(b, b->next++);
}

static void
bc_kill(struct bench *b, struct bc *c)
{
	if (c->state == BC_CONNECTING)
		b->inflight--;
	if (c->state == BC_OPEN) {
		b->open--;
		b->lost++;
	} else {
		b->failed++;
	}
	close(c->fd);
	c->state = BC_DEAD;
}

static void
bc_keep_late(struct bench *b, int64_t late_ns)
{
	if (b->nlate == b->caplate) {
		b->caplate = b->caplate ? b->caplate * 2 : 4096;
		b->late = ereallocarray(b->late, b->caplate,
		    sizeof(*b->late));
	}
	if (late_ns < 0)
		late_ns = 0;
	b->late[b->nlate++] = (uint32_t)(late_ns / 1000);
}

/* "HH:MM:SS" received at kernel time ts (ns): which second it names. */
static int64_t
bc_second(const char *s, size_t n, int64_t ts)
{
	int64_t t = ts / NS, day, sec;
	int h, m, x;

	if (n != 8 || sscanf(s, "%2d:%2d:%2d", &h, &m, &x) != 3)
		return -1;
	day = t - t % DAY;
	sec = day + h * 3600 + m * 60 + x;
	if (sec > t + DAY / 2)
		sec -= DAY;
	else if (sec < t - DAY / 2)
		sec += DAY;
	return sec;
}

static void
bc_line(struct bench *b, struct bc *c, const char *s, size_t n, int64_t ts)
{
	int64_t sec = bc_second(s, n, ts);

	if (sec == -1) {
		b->stray++;
		return;
	}
	if (b->s0 == 0 || sec < b->s0 || sec >= b->s0 + b->ticks)
		return;
	if (c->got & (1ULL << (sec - b->s0)))
		b->dups++;
	c->got |= 1ULL << (sec - b->s0);
	bc_keep_late(b, ts - sec * NS);
}

static void
bc_feed(struct bench *b, struct bc *c, const char *p, size_t n, int64_t ts)
{
	const char *nl;
	size_t k;

	while (n > 0) {
		nl = memchr(p, '\n', n);
		k = nl ? (size_t)(nl - p) : n;
		if (c->plen + k > PART_MAX) {
			b->stray++;
			c->plen = 0;
		} else {
			memcpy(c->part + c->plen, p, k);
			c->plen += k;
		}
		if (nl == NULL)
			return;
		bc_line(b, c, c->part, c->plen, ts);
		c->plen = 0;
		p += k + 1;
		n -= k + 1;
	}
}

static void
bc_read(struct bench *b, struct bc *c)
{
	char buf[4096], cbuf[CMSG_SPACE(sizeof(struct timespec))];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr mh;
	struct cmsghdr *cm;
	struct timespec *kts;
	int64_t ts;
	ssize_t n;

	for (;;) {
		memset(&mh, 0, sizeof(mh));
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = cbuf;
		mh.msg_controllen = sizeof(cbuf);
		if ((n = recvmsg(c->fd, &mh, 0)) <= 0)
			break;
		ts = now_real();
		for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
			if (cm->cmsg_level == SOL_SOCKET &&
			    cm->cmsg_type == SCM_TIMESTAMPNS) {
				kts = (struct timespec *)CMSG_DATA(cm);
				ts = kts->tv_sec * NS + kts->tv_nsec;
			}
		bc_feed(b, c, buf, (size_t)n, ts);
	}
	if (n == 0 || (n == -1 && errno != EAGAIN && errno != EINTR))
		bc_kill(b, c);
}

static void
bc_event(struct bench *b, struct bc *c, uint32_t events)
{
	struct epoll_event ev;
	socklen_t len = sizeof(int);
	int err = 0;

	if (c->state == BC_CONNECTING) {
		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) ==
		    -1 || err != 0) {
			bc_kill(b, c);
			return;
		}
		if (!(events & (EPOLLOUT | EPOLLIN)))
			return;
		b->inflight--;
		b->open++;
		b->opened++;
		c->opened = 1;
		c->state = BC_OPEN;
		ev.events = EPOLLIN;
		ev.data.u32 = (uint32_t)(c - b->c);
		epoll_ctl(b->ep, EPOLL_CTL_MOD, c->fd, &ev);
	}
	if (c->state == BC_OPEN)
		bc_read(b, c);
}

/* Run the loop until real time reaches until_ns (or, when connecting,
 * until every client has connected or failed). */
static void
bc_run(struct bench *b, int64_t until_ns, int connecting)
{
	struct epoll_event evs[EVENTS_MAX];
	int i, k, ms;

	for (;;) {
		if (connecting) {
			bc_ramp(b);
			if (b->open + b->failed >= b->n)
				return;
		}
		ms = (int)((until_ns - now_real()) / 1000000);
		if (ms <= 0)
			return;
		if ((k = epoll_wait(b->ep, evs, EVENTS_MAX, ms > 100 ? 100 :
		    ms)) == -1 && errno != EINTR) {
			perror("clockbench: epoll_wait");
			exit(EX_OSERR);
		}
		for (i = 0; i < k; i++)
			bc_event(b, &b->c[evs[i].data.u32], evs[i].events);
	}
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static double
pct(const struct bench *b, double p)
{
	size_t i;

	if (b->nlate == 0)
		return 0;
	i = (size_t)(p * (double)(b->nlate - 1) + 0.5);
	return b->late[i] / 1000.0;
}

/* The report: one "key value" line each, easy to read and to grep. */
static int
bc_report(struct bench *b, double connect_s)
{
	uint64_t want, missing = 0;
	int i, short_clients = 0, bits, ok;

	for (i = 0; i < b->n; i++) {
		if (!b->c[i].opened)
			continue;
		bits = __builtin_popcountll(b->c[i].got);
		missing += (uint64_t)(b->ticks - bits);
		short_clients += bits < b->ticks;
	}
	want = (uint64_t)b->opened * b->ticks;
	ok = b->opened == b->n && missing == 0 && b->dups == 0;
	qsort(b->late, b->nlate, sizeof(*b->late), cmp_u32);
	printf("clients          %d connected of %d in %.2f s\n", b->opened,
	    b->n, connect_s);
	printf("ticks            %d\n", b->ticks);
	printf("lines            %zu of %llu expected\n", b->nlate,
	    (unsigned long long)want);
	printf("missing          %llu (clients short: %d, lost: %d)\n",
	    (unsigned long long)missing, short_clients, b->lost);
	printf("duplicates       %llu\n", (unsigned long long)b->dups);
	printf("every_tick       %s\n", ok ? "yes" : "NO");
	printf("late_p50_ms      %.2f\n", pct(b, 0.50));
	printf("late_p99_ms      %.2f\n", pct(b, 0.99));
	printf("late_max_ms      %.2f\n", pct(b, 1.0));
	return ok ? 0 : EX_UNAVAILABLE;
}

static void
bc_options(struct bench *b, int argc, char *argv[], int *wait_s)
{
	const char *addr = "127.0.0.1";
	int ch;

	while ((ch = getopt(argc, argv, "a:n:p:t:w:")) != -1) {
		switch (ch) {
		case 'a':
			addr = optarg;
			break;
		case 'n':
			b->n = atoi(optarg);
			break;
		case 'p':
			b->port = atoi(optarg);
			break;
		case 't':
			b->ticks = atoi(optarg);
			break;
		case 'w':
			*wait_s = atoi(optarg);
			break;
		default:
			usage();
		}
	}
	if (optind != argc || b->n < 1 || b->port < 1 || b->port > 65535 ||
	    b->ticks < 1 || b->ticks > TICKS_MAX || *wait_s < 1)
		usage();
	if (inet_pton(AF_INET, addr, &b->dest[0]) != 1)
		usage();
	b->ndest = 1;
	/* Loopback: spread over 127.0.0.1..8 so 4-tuples never run out. */
	if (strcmp(addr, "127.0.0.1") == 0)
		for (; b->ndest < DEST_ADDRS; b->ndest++)
			b->dest[b->ndest].s_addr = htonl(0x7f000001 +
			    b->ndest);
}

int
main(int argc, char *argv[])
{
	struct bench b;
	struct rlimit rl;
	int64_t t0, start;
	int wait_s = 60, rc;

	memset(&b, 0, sizeof(b));
	b.n = 1000;
	b.ticks = 5;
	bc_options(&b, argc, argv, &wait_s);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	b.c = ecalloc(b.n, sizeof(*b.c));
	if ((b.ep = epoll_create1(EPOLL_CLOEXEC)) == -1) {
		perror("clockbench: epoll_create1");
		return EX_OSERR;
	}
	t0 = now_real();
	bc_run(&b, t0 + wait_s * NS, 1);
	/* Measure from the second after next: a whole second of margin. */
	start = now_real();
	b.s0 = start / NS + 2;
	bc_run(&b, (b.s0 + b.ticks) * NS + NS / 2, 0);
	rc = bc_report(&b, (start - t0) / 1e9);
	free(b.late);
	free(b.c);
	return rc;
}
