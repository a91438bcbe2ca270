/* taskbench: thousands of workers for taskd: every task each tick, how late. */

/*
 * One process, one epoll loop, N workers connecting from source addresses
 * spread over 127.0.0.10..109 (as many machines' workers would).  Once all
 * are in, for --ticks ticks each worker must get exactly one task a tick
 * and answer it; every answer must come back "ACK id ok".  Lateness is the
 * kernel's receive timestamp of the TASK line (SO_TIMESTAMPNS) minus the
 * start of the second its n names (taskd ticks on multiples of --every of
 * the wall clock and n is that second mod 100): what taskd achieved, not
 * how fast this process reads N sockets.  RSS per worker is taskd's
 * VmRSS with everyone in minus before anyone came, over N.
 */

#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "efun.h"
#include "num.h"

#define NS		1000000000LL
#define TICKS_MAX	120
#define CONNECT_WINDOW	256		/* handshakes in flight at once */
#define SRC_ADDRS	100		/* 127.0.0.10 .. 127.0.0.109 */
#define EVENTS_MAX	1024
#define PART_MAX	128		/* a line's unfinished tail */

enum tw_state { TW_IDLE, TW_CONNECTING, TW_OPEN, TW_DEAD };

struct tw {
	int		 fd;
	uint8_t		 state;
	uint8_t		 plen;
	uint8_t		 hello;		/* greeting seen */
	char		 part[PART_MAX];
	uint64_t	 task_id;	/* last task taken */
	int		 task_tick;	/* its tick index, or -1 */
};

static struct {
	struct tw	*w;
	int		 n, ticks, every, port;
	pid_t		 spid;
	int		 ep, open, hellos, inflight, next, dead;
	int64_t		 t0;		/* wall ns of measured tick 0, or 0 */
	int		 got[TICKS_MAX];	/* tasks received per tick */
	int		 ok[TICKS_MAX];		/* ACK ok per tick */
	int		 extra;		/* tasks beyond one per tick */
	uint64_t	 wrong, early, other;
	int64_t		*late;		/* ns, one per task received */
	size_t		 nlate;
	int		 json;
} b;

static int64_t
wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * NS + ts.tv_nsec;
}

static long
proc_kib(pid_t pid, const char *key)
{
	char path[64], line[256];
	long v = -1;
	FILE *fp;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), fp) != NULL)
		if (strncmp(line, key, strlen(key)) == 0)
			v = strtol(line + strlen(key), NULL, 10);
	fclose(fp);
	return v;
}

/* utime + stime of pid in clock ticks. */
static long long
proc_cpu(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long ut = 0, st = 0;
	FILE *fp;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	if ((p = strrchr(buf, ')')) == NULL ||
	    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu "
	    "%lu", &ut, &st) != 2)
		return -1;
	return (long long)(ut + st);
}

static void
tw_close(struct tw *w)
{
	if (w->state == TW_CONNECTING)
		b.inflight--;
	if (w->state == TW_OPEN)
		b.open--;
	if (w->fd != -1)
		close(w->fd);
	w->fd = -1;
	w->state = TW_DEAD;
	b.dead++;
}

static void
tw_connect(int i)
{
	struct tw *w = &b.w[i];
	struct sockaddr_in src, dst;
	struct epoll_event ev;
	int one = 1;

	memset(&src, 0, sizeof(src));
	src.sin_family = AF_INET;
	src.sin_addr.s_addr = htonl(0x7f00000aU + (uint32_t)(i % SRC_ADDRS));
	memset(&dst, 0, sizeof(dst));
	dst.sin_family = AF_INET;
	dst.sin_port = htons((uint16_t)b.port);
	dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	w->task_tick = -1;
	if ((w->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) == -1 ||
	    bind(w->fd, (struct sockaddr *)&src, sizeof(src)) == -1 ||
	    (connect(w->fd, (struct sockaddr *)&dst, sizeof(dst)) == -1 &&
	    errno != EINPROGRESS)) {
		fprintf(stderr, "taskbench: worker %d: %s\n", i,
		    strerror(errno));
		tw_close(w);
		return;
	}
	setsockopt(w->fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one));
	setsockopt(w->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	w->state = TW_CONNECTING;
	b.inflight++;
	ev.events = EPOLLOUT | EPOLLIN;
	ev.data.u32 = (uint32_t)i;
	epoll_ctl(b.ep, EPOLL_CTL_ADD, w->fd, &ev);
}

static void
tw_send(struct tw *w, const char *s, size_t len)
{
	/* A line or two in an empty socket buffer: it fits or we are
	 * measuring a broken machine. */
	if (write(w->fd, s, len) != (ssize_t)len) {
		fprintf(stderr, "taskbench: write: short or failed\n");
		tw_close(w);
	}
}

static void
tw_task(struct tw *w, const char *line, int64_t kts)
{
	uint64_t id;
	long long n, sec, tsec;
	char out[64];
	int len, tick;

	if (sscanf(line, "TASK %" SCNu64 " %lld", &id, &n) != 2 || n < 0 ||
	    n > 99) {
		b.other++;
		return;
	}
	len = snprintf(out, sizeof(out), "RESULT %" PRIu64 " %lld\n", id,
	    n * n);
	w->task_id = id;
	w->task_tick = -1;
	tw_send(w, out, (size_t)len);
	/* The second the task was handed out in: the latest one at or
	 * before its arrival that is n mod 100. */
	sec = kts / NS;
	tsec = sec - (((sec - n) % 100) + 100) % 100;
	if (b.t0 == 0 || tsec * NS < b.t0) {
		b.early++;
		return;
	}
	tick = (int)((tsec * NS - b.t0) / ((int64_t)b.every * NS));
	if (tick >= b.ticks)
		return;
	b.late[b.nlate++] = kts - tsec * NS;
	if (b.got[tick]++ >= b.n)
		b.extra++;
	w->task_tick = tick;
}

static void
tw_line(struct tw *w, const char *line, int64_t kts)
{
	uint64_t id;
	char word[16];

	if (strncmp(line, "TASK ", 5) == 0)
		tw_task(w, line, kts);
	else if (strncmp(line, "HELLO ", 6) == 0) {
		if (!w->hello++)
			b.hellos++;
	} else if (sscanf(line, "ACK %" SCNu64 " %15s", &id, word) == 2) {
		if (strcmp(word, "ok") != 0)
			b.wrong++;
		else if (id == w->task_id && w->task_tick >= 0)
			b.ok[w->task_tick]++;
	} else
		b.other++;
}

static void
tw_read(struct tw *w)
{
	char buf[4096], cbuf[CMSG_SPACE(sizeof(struct timespec))];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr mh;
	struct cmsghdr *cm;
	int64_t kts;
	ssize_t n;
	char *p, *nl;

	for (;;) {
		memset(&mh, 0, sizeof(mh));
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = cbuf;
		mh.msg_controllen = sizeof(cbuf);
		if ((n = recvmsg(w->fd, &mh, 0)) <= 0) {
			if (n == 0 || (errno != EAGAIN && errno != EINTR))
				tw_close(w);
			return;
		}
		kts = wall_ns();
		for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
			if (cm->cmsg_level == SOL_SOCKET &&
			    cm->cmsg_type == SCM_TIMESTAMPNS) {
				struct timespec ts;

				memcpy(&ts, CMSG_DATA(cm), sizeof(ts));
				kts = (int64_t)ts.tv_sec * NS + ts.tv_nsec;
			}
		for (p = buf; p < buf + n; p = nl + 1) {
			nl = memchr(p, '\n', (size_t)(buf + n - p));
			if (nl == NULL) {
				if ((size_t)(buf + n - p) + w->plen >= PART_MAX)
					w->plen = 0;	/* junk: drop it */
				memcpy(w->part + w->plen, p, buf + n - p);
				w->plen += (uint8_t)(buf + n - p);
				break;
			}
			if (w->plen > 0) {
				char line[PART_MAX * 2];
				size_t k = (size_t)(nl - p);

				if (k + w->plen >= sizeof(line))
					k = sizeof(line) - w->plen - 1;
				memcpy(line, w->part, w->plen);
				memcpy(line + w->plen, p, k);
				line[w->plen + k] = '\0';
				w->plen = 0;
				tw_line(w, line, kts);
			} else {
				*nl = '\0';
				tw_line(w, p, kts);
			}
			if (w->state != TW_OPEN)
				return;
		}
	}
}

static void
tw_event(int i, uint32_t events)
{
	struct tw *w = &b.w[i];
	struct epoll_event ev;
	socklen_t len = sizeof(int);
	int err = 0;

	if (w->state == TW_CONNECTING) {
		if (!(events & (EPOLLOUT | EPOLLERR | EPOLLHUP)))
			return;
		getsockopt(w->fd, SOL_SOCKET, SO_ERROR, &err, &len);
		if (err != 0) {
			fprintf(stderr, "taskbench: connect: %s\n",
			    strerror(err));
			tw_close(w);
			return;
		}
		w->state = TW_OPEN;
		b.inflight--;
		b.open++;
		ev.events = EPOLLIN;
		ev.data.u32 = (uint32_t)i;
		epoll_ctl(b.ep, EPOLL_CTL_MOD, w->fd, &ev);
	}
	if (w->state == TW_OPEN)
		tw_read(w);
}

static int
cmp64(const void *a, const void *c)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)c;

	return x < y ? -1 : x > y;
}

static double
pct(double p)
{
	size_t i;

	if (b.nlate == 0)
		return -1;
	i = (size_t)(p * (double)(b.nlate - 1) + 0.5);
	return (double)b.late[i] / 1e6;
}

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: taskbench -p PORT [-n WORKERS] [-t TICKS] "
	    "[--every SECS] [--server-pid PID] [--json]\n");
	exit(EX_USAGE);
}

static long long
arg(const char *name, const char *s, long long lo, long long hi)
{
	const char *why;
	long long v;

	if (num_parse(s, lo, hi, &v, &why) == -1) {
		fprintf(stderr, "taskbench: %s \"%s\": %s (%lld..%lld)\n",
		    name, s, why, lo, hi);
		exit(EX_USAGE);
	}
	return v;
}

static void
options(int argc, char *argv[])
{
	static const struct option lo[] = {
		{ "every",	required_argument,	NULL, 'e' },
		{ "json",	no_argument,		NULL, 'j' },
		{ "server-pid",	required_argument,	NULL, 's' },
		{ NULL,		0,			NULL, 0 }
	};
	int ch;

	b.n = 5000;
	b.ticks = 10;
	b.every = 1;
	while ((ch = getopt_long(argc, argv, "n:p:t:", lo, NULL)) != -1) {
		switch (ch) {
		case 'e':
			b.every = (int)arg("--every", optarg, 1, 60);
			break;
		case 'j':
			b.json = 1;
			break;
		case 'n':
			b.n = (int)arg("-n", optarg, 1, 19000);
			break;
		case 'p':
			b.port = (int)arg("-p", optarg, 1, 65535);
			break;
		case 's':
			b.spid = (pid_t)arg("--server-pid", optarg, 1, INT32_MAX);
			break;
		case 't':
			b.ticks = (int)arg("-t", optarg, 1, TICKS_MAX);
			break;
		default:
			usage();
		}
	}
	if (b.port == 0 || optind != argc)
		usage();
}

/* Poll for up to ms; connect more while the window allows. */
static void
pass(int ms)
{
	struct epoll_event ev[EVENTS_MAX];
	int i, k;

	while (b.next < b.n && b.inflight < CONNECT_WINDOW)
		tw_connect(b.next++);
	k = epoll_wait(b.ep, ev, EVENTS_MAX, ms);
	for (i = 0; i < k; i++)
		tw_event((int)ev[i].data.u32, ev[i].events);
}

static void
report(long rss0, long rss1, long long cpu, double secs)
{
	int i, full = 0, answered = 0;
	long long tasks = 0;
	double per = b.n > 0 && rss0 >= 0 && rss1 >= 0 ?
	    (double)(rss1 - rss0) * 1024.0 / b.n : -1;
	double cpupct = cpu >= 0 && secs > 0 ?
	    100.0 * (double)cpu / (double)sysconf(_SC_CLK_TCK) / secs : -1;

	for (i = 0; i < b.ticks; i++) {
		tasks += b.got[i];
		full += b.got[i] == b.n;
		answered += b.ok[i] == b.n;
	}
	qsort(b.late, b.nlate, sizeof(*b.late), cmp64);
	printf("workers %d connected %d dropped %d, ticks %d: every worker a "
	    "task %d/%d, every answer ok %d/%d\n", b.n, b.open + 0, b.dead,
	    b.ticks, full, b.ticks, answered, b.ticks);
	printf("tasks %lld (want %lld), extra %d, not ok %" PRIu64 ", "
	    "unexpected %" PRIu64 "\n", tasks, (long long)b.n * b.ticks,
	    b.extra, b.wrong, b.other);
	printf("dispatch lateness ms: p50 %.3f p99 %.3f max %.3f\n", pct(0.5),
	    pct(0.99), pct(1.0));
	printf("taskd RSS KiB: %ld before, %ld with %d workers: %.0f bytes "
	    "per worker; CPU %.1f%%\n", rss0, rss1, b.n, per, cpupct);
	if (b.json)
		printf("{\"workers\":%d,\"connected\":%d,\"dropped\":%d,"
		    "\"ticks\":%d,\"ticks_all_tasks\":%d,\"ticks_all_ok\":%d,"
		    "\"tasks\":%lld,\"extra\":%d,\"not_ok\":%" PRIu64 ","
		    "\"late_p50_ms\":%.3f,\"late_p99_ms\":%.3f,"
		    "\"late_max_ms\":%.3f,\"rss_before_kib\":%ld,"
		    "\"rss_kib\":%ld,\"rss_per_worker_bytes\":%.0f,"
		    "\"cpu_pct\":%.1f}\n", b.n, b.open, b.dead, b.ticks, full,
		    answered, tasks, b.extra, b.wrong, pct(0.5), pct(0.99),
		    pct(1.0), rss0, rss1, per, cpupct);
}

int
main(int argc, char *argv[])
{
	struct rlimit rl;
	int64_t deadline, now, end;
	long rss0, rss1 = -1;
	long long cpu0 = -1, cpu = -1;
	int i;

	options(argc, argv);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	b.w = ecalloc((size_t)b.n, sizeof(*b.w));
	for (i = 0; i < b.n; i++)
		b.w[i].fd = -1;
	b.late = ecalloc((size_t)b.n * b.ticks + 1, sizeof(*b.late));
	if ((b.ep = epoll_create1(EPOLL_CLOEXEC)) == -1) {
		perror("taskbench: epoll_create1");
		return EX_OSERR;
	}
	rss0 = b.spid ? proc_kib(b.spid, "VmRSS:") : -1;
	/* Connect everyone, bounded: 60 s. */
	deadline = wall_ns() + 60 * NS;
	while (b.hellos + b.dead < b.n && wall_ns() < deadline)
		pass(50);
	if (b.hellos < b.n)
		fprintf(stderr, "taskbench: only %d of %d workers in\n",
		    b.hellos, b.n);
	/* Measure from the second tick boundary on: the first after all
	 * are in may find some still holding a task from before. */
	now = wall_ns();
	b.t0 = (now / (b.every * NS) + 2) * (b.every * NS);
	end = b.t0 + (int64_t)b.ticks * b.every * NS + NS / 2;
	while (wall_ns() < b.t0)
		pass(20);
	if (b.spid)
		cpu0 = proc_cpu(b.spid);
	while ((now = wall_ns()) < end)
		pass((int)((end - now) / 1000000) + 1);
	if (b.spid) {
		rss1 = proc_kib(b.spid, "VmRSS:");
		cpu = proc_cpu(b.spid);
		if (cpu0 >= 0 && cpu >= 0)
			cpu -= cpu0;
	}
	report(rss0, rss1, cpu, (double)b.ticks * b.every);
	for (i = 0; i < b.n; i++)
		if (b.w[i].fd != -1)
			close(b.w[i].fd);
	return 0;
}
