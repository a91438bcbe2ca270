/* loadgen: many chat clients in one epoll loop, measuring what the server delivers. */

/*
 * One process, no threads.  Every client reads; S of them also send
 * timestamped messages.  Received lines are parsed in place in one big read
 * buffer: only the unfinished tail of a line is copied, into a fixed slot
 * per client.  Nothing is allocated per message.
 *
 * A message's text is "@RR.S.Q.T xxx..." (hex: run id, sender, sequence,
 * monotonic send time in ns), padded to --size bytes, so any receiver can
 * tell loss, duplicates, reordering and latency without shared state.
 */

#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <netdb.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "num.h"
#include "xmalloc.h"

#define CARRY_MAX	1024		/* longest line tail kept between reads */
#define RBUF_SIZE	(256 * 1024)	/* the one read buffer */
#define OUTBUF_MAX	(64 * 1024)	/* a sender's unsent bytes, at most */
#define FILL_BYTES	(8 * 1024)	/* as-fast-as-possible refill size */
#define PER_SOURCE_MAX	5000		/* connections per source address */
#define EVENTS_MAX	1024
#define SIZE_MIN	40		/* room for the message header */
#define SIZE_MAX_MSG	900		/* stays below CARRY_MAX with prefix */
#define SERIES_MAX	3600		/* RSS samples kept, one a second */
#define QUIET_NS	(3 * NS)	/* no join notice for this long: settled */
#define DRAIN_QUIET_NS	(2 * NS)	/* no delivery for this long: drained */
#define NS		1000000000LL
#define MS		1000000LL

/* Latency histogram: microseconds, 64 linear sub-buckets per power of two,
 * about 1.6% precision, constant memory whatever the message count. */
#define HIST_SUB_BITS	6
#define HIST_SUB	(1 << HIST_SUB_BITS)
#define HIST_BUCKETS	(HIST_SUB * 36)

#define NAME_PROMPT	"[ENTER YOUR NAME]:"
#define JOIN_SUFFIX	"has joined our chat..."
#define LEFT_SUFFIX	"has left our chat..."

enum cstate { CL_IDLE, CL_CONNECTING, CL_PROMPT, CL_JOINED, CL_DEAD };

struct client {
	int		fd;
	uint8_t		state;
	uint8_t		slow;
	uint8_t		discarding;	/* skipping an over-long line */
	uint8_t		wantout;	/* EPOLLOUT requested */
	uint16_t	carry;		/* bytes held in this client's slot */
	int32_t		sender;		/* index in senders, or -1 */
	uint32_t	joins;
	int64_t		cutoff_ns;	/* slow client: when it was cut off */
	struct sockaddr_in local;	/* slow client: its own address */
};

struct sender {
	uint32_t	client;
	uint32_t	seq;		/* last sequence number used */
	uint32_t	len;
	uint32_t	off;
	char		*buf;
};

struct opts {
	const char	*host;
	const char	*port;
	const char	*label;
	long		 clients;	/* readers + slow */
	long		 senders;
	long		 size;
	double		 rate;		/* msg/s in total, 0: flat out */
	double		 duration;
	double		 settle;	/* longest wait for the join notices */
	double		 drain;		/* longest wait after sending */
	long		 sources;
	long		 slow;
	long		 window;
	long		 pass_us;
	long		 connect_window;
	long		 server_pid;
	int		 irc;
	int		 json;
	int		 quiet;
};

struct stats {
	int64_t		 t0;
	int64_t		 hs_done;	/* handshake complete */
	int64_t		 send_start;
	int64_t		 send_end;
	int64_t		 last_delivery;
	int64_t		 last_join;
	int		 hs_complete;
	uint32_t	 connected;
	uint32_t	 connect_failed;
	uint32_t	 named;
	uint32_t	 pending;	/* handshakes in progress */
	uint32_t	 dead;
	uint32_t	 dead_in_send;
	uint32_t	 readers_live;	/* at the start of sending */
	uint64_t	 joins;
	uint64_t	 joins_expected;
	uint64_t	 lefts;
	uint64_t	 sent;
	uint64_t	 skipped;	/* not sent: buffer full, sender gone */
	uint64_t	 delivered;
	uint64_t	 dups;
	uint64_t	 order;
	uint64_t	 foreign;	/* not this run's: history, IRC NAMES */
	uint64_t	 invalid;
	uint64_t	 long_lines;
	uint64_t	 bytes_in;
	int64_t		 lag_max;	/* generator behind its schedule */
	int64_t		 lat_max;
	uint64_t	 hist[HIST_BUCKETS];
	/* server and generator resources */
	long		 rss_start;
	long		 rss_hs;
	long		 rss_peak;
	long		 rss_final;
	long		 series[SERIES_MAX];
	int		 nseries;
	double		 scpu[4];	/* at start, handshake, send, end */
	double		 gcpu[4];
	int64_t		 next_sample;
	int64_t		 next_series;
	int64_t		 next_progress;
};

static struct opts	 O;
static struct stats	 S;
static struct client	*cl;
static struct sender	*snd;
static char		*carry;		/* clients * CARRY_MAX */
static uint32_t		*lastseq;	/* readers * senders */
static char		*rbuf;
static int		 ep = -1;
static int64_t		 now;
static unsigned		 runid;
static long		 nreaders;
static struct addrinfo	*target;
static volatile sig_atomic_t stop;

static void	usage(int) __attribute__((noreturn));

static void
usage(int code)
{
	FILE *f = code ? stderr : stdout;

	fprintf(f,
"usage: loadgen [--irc] [--json] [--quiet] [--host HOST] [--port PORT]\n"
"               [--clients N] [--senders S] [--size M] [--rate R]\n"
"               [--duration D] [--window W] [--slow N] [--settle SECS]\n"
"               [--drain SECS] [--sources K] [--connect-window C]\n"
"               [--pass-us US] [--server-pid PID] [--label NAME]\n"
"\n"
"Opens N chat connections, waits until every join notice has arrived, then\n"
"has S of them send M-byte messages at R msg/s in total for D seconds while\n"
"all read. Reports deliveries/s, loss, duplicates, order violations and\n"
"latency (JSON with --json); progress goes to stderr.\n"
"\n"
"  -h, --host HOST       server address (127.0.0.1)\n"
"  -p, --port PORT       server port (8989)\n"
"  -n, --clients N       connections in all, slow ones included (100)\n"
"  -c, --connect-window C  handshakes in progress at once (100)\n"
"  -s, --senders S       clients that send (10)\n"
"  -m, --size M          message text bytes, %d..%d (64)\n"
"  -r, --rate R          messages/s from all senders together (1000);\n"
"                        deliveries/s are R x (readers - 1). 0: as fast as\n"
"                        the server delivers, see --window\n"
"  -W, --window W        with --rate 0, messages each sender may have that\n"
"                        the last reader has not received yet (10)\n"
"  -d, --duration D      seconds of sending (10)\n"
"  -u, --pass-us US      a loop pass that found work lasts at least this\n"
"                        long, so each read() gets more lines (500)\n"
"  -S, --settle SECS     longest wait for the joins to settle (120)\n"
"  -D, --drain SECS      longest wait for deliveries after sending (10)\n"
"  -k, --sources K       source addresses 127.0.0.2.. to spread the\n"
"                        connections over (one per %d connections)\n"
"  -w, --slow N          of the N clients, this many never read (0)\n"
"  -P, --server-pid PID  sample the server's RSS and CPU from /proc\n"
"  -l, --label NAME      name of the server in the JSON\n"
"  -i, --irc             speak IRC: NICK/USER/JOIN #bench, PRIVMSG\n"
"  -j, --json            print the result as JSON on stdout\n"
"  -q, --quiet           no progress on stderr\n"
"      --help            this text\n",
	    SIZE_MIN, SIZE_MAX_MSG, PER_SOURCE_MAX);
	exit(code);
}

static int64_t
clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NS + ts.tv_nsec;
}

static double
secs(int64_t ns)
{
	return (double)ns / NS;
}

static void
progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
progress(const char *fmt, ...)
{
	va_list ap;

	if (O.quiet)
		return;
	fprintf(stderr, "loadgen: %6.1fs ", secs(clock_ns() - S.t0));
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void	die(int, const char *, ...)
		    __attribute__((noreturn, format(printf, 2, 3)));

static void
die(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("loadgen: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

static long
num_arg(const char *name, const char *s, long lo, long hi)
{
	const char *why;
	long long v;

	if (num_parse(s, lo, hi, &v, &why) == -1)
		die(EX_USAGE, "%s \"%s\": %s", name, s, why);
	return (long)v;
}

static double
real_arg(const char *name, const char *s, double lo, double hi)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end != '\0' || v != v)
		die(EX_USAGE, "%s \"%s\": invalid", name, s);
	if (v < lo)
		die(EX_USAGE, "%s \"%s\": too small", name, s);
	if (v > hi)
		die(EX_USAGE, "%s \"%s\": too large", name, s);
	return v;
}

static void
opts_parse(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "clients",	required_argument, NULL, 'n' },
		{ "connect-window", required_argument, NULL, 'c' },
		{ "drain",	required_argument, NULL, 'D' },
		{ "duration",	required_argument, NULL, 'd' },
		{ "help",	no_argument,	   NULL, 'H' },
		{ "host",	required_argument, NULL, 'h' },
		{ "irc",	no_argument,	   NULL, 'i' },
		{ "json",	no_argument,	   NULL, 'j' },
		{ "label",	required_argument, NULL, 'l' },
		{ "pass-us",	required_argument, NULL, 'u' },
		{ "port",	required_argument, NULL, 'p' },
		{ "quiet",	no_argument,	   NULL, 'q' },
		{ "rate",	required_argument, NULL, 'r' },
		{ "senders",	required_argument, NULL, 's' },
		{ "server-pid",	required_argument, NULL, 'P' },
		{ "settle",	required_argument, NULL, 'S' },
		{ "size",	required_argument, NULL, 'm' },
		{ "slow",	required_argument, NULL, 'w' },
		{ "sources",	required_argument, NULL, 'k' },
		{ "window",	required_argument, NULL, 'W' },
		{ NULL,		0,		   NULL, 0 }
	};
	const char *p;
	int ch;

	O.host = "127.0.0.1";
	O.port = "8989";
	O.label = "server";
	O.clients = 100;
	O.senders = 10;
	O.size = 64;
	O.rate = 1000;
	O.duration = 10;
	O.settle = 120;
	O.drain = 10;
	O.window = 10;
	O.pass_us = 500;
	O.connect_window = 100;
	while ((ch = getopt_long(argc, argv, "c:D:d:h:ijk:l:m:n:P:p:qr:S:s:u:W:w:",
	    longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			O.connect_window = num_arg("connect-window", optarg, 1,
			    100000);
			break;
		case 'D':
			O.drain = real_arg("drain", optarg, 0, 3600);
			break;
		case 'd':
			O.duration = real_arg("duration", optarg, 0.1, 3600);
			break;
		case 'H':
			usage(0);
		case 'h':
			O.host = optarg;
			break;
		case 'i':
			O.irc = 1;
			break;
		case 'j':
			O.json = 1;
			break;
		case 'k':
			O.sources = num_arg("sources", optarg, 1, 250);
			break;
		case 'l':
			for (p = optarg; *p != '\0'; p++)
				if (!strchr("abcdefghijklmnopqrstuvwxyz"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.=",
				    *p))
					die(EX_USAGE, "label \"%s\": invalid",
					    optarg);
			O.label = optarg;
			break;
		case 'm':
			O.size = num_arg("size", optarg, SIZE_MIN,
			    SIZE_MAX_MSG);
			break;
		case 'n':
			O.clients = num_arg("clients", optarg, 1, 1000000);
			break;
		case 'P':
			O.server_pid = num_arg("server-pid", optarg, 1,
			    INT_MAX);
			break;
		case 'p':
			O.port = optarg;
			break;
		case 'q':
			O.quiet = 1;
			break;
		case 'r':
			O.rate = real_arg("rate", optarg, 0, 1e8);
			break;
		case 'S':
			O.settle = real_arg("settle", optarg, 0, 36000);
			break;
		case 's':
			O.senders = num_arg("senders", optarg, 0, 10000);
			break;
		case 'u':
			O.pass_us = num_arg("pass-us", optarg, 0, 100000);
			break;
		case 'W':
			O.window = num_arg("window", optarg, 1, 1000000);
			break;
		case 'w':
			O.slow = num_arg("slow", optarg, 0, 1000000);
			break;
		default:
			usage(EX_USAGE);
		}
	}
	if (optind != argc)
		usage(EX_USAGE);
	if (O.slow >= O.clients)
		die(EX_USAGE, "slow \"%ld\": leaves no reader", O.slow);
	nreaders = O.clients - O.slow;
	if (O.senders > nreaders)
		die(EX_USAGE, "senders \"%ld\": more than the %ld readers",
		    O.senders, nreaders);
}

/* Histogram index of a latency in microseconds. */
static unsigned
hist_index(uint64_t us)
{
	unsigned k;

	if (us < HIST_SUB)
		return (unsigned)us;
	k = 63 - (unsigned)__builtin_clzll(us);
	if (k - HIST_SUB_BITS + 1 >= HIST_BUCKETS / HIST_SUB)
		return HIST_BUCKETS - 1;
	return (k - HIST_SUB_BITS + 1) * HIST_SUB +
	    (unsigned)((us >> (k - HIST_SUB_BITS)) & (HIST_SUB - 1));
}

/* Lowest latency in microseconds that falls in bucket i. */
static uint64_t
hist_value(unsigned i)
{
	unsigned k;

	if (i < HIST_SUB)
		return i;
	k = i / HIST_SUB - 1 + HIST_SUB_BITS;
	return ((uint64_t)1 << k) +
	    ((uint64_t)(i % HIST_SUB) << (k - HIST_SUB_BITS));
}

/* Latency at quantile q, in milliseconds. */
static double
hist_quantile(double q)
{
	uint64_t total = 0, want, seen = 0;
	unsigned i;

	for (i = 0; i < HIST_BUCKETS; i++)
		total += S.hist[i];
	if (total == 0)
		return 0;
	want = (uint64_t)(q * (double)total);
	if (want >= total)
		want = total - 1;
	for (i = 0; i < HIST_BUCKETS; i++) {
		seen += S.hist[i];
		if (seen > want)
			return (double)hist_value(i) / 1000.0;
	}
	return (double)S.lat_max / MS;
}

static long
proc_rss(void)
{
	char path[64], line[256];
	long kib = -1;
	FILE *f;

	if (O.server_pid == 0)
		return -1;
	snprintf(path, sizeof(path), "/proc/%ld/status", O.server_pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

static double
proc_cpu(void)
{
	char path[64], buf[1024], *p;
	unsigned long ut, st;
	ssize_t n;
	int fd;

	if (O.server_pid == 0)
		return -1;
	snprintf(path, sizeof(path), "/proc/%ld/stat", O.server_pid);
	if ((fd = open(path, O_RDONLY)) == -1)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* Fields 14 and 15, counted after the ")" that ends the name. */
	if ((p = strrchr(buf, ')')) == NULL || sscanf(p + 2,
	    "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
	    &ut, &st) != 2)
		return -1;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static double
self_cpu(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* Record CPU of both processes at a phase boundary. */
static void
cpu_mark(int phase)
{
	S.scpu[phase] = proc_cpu();
	S.gcpu[phase] = self_cpu();
}

static void
rss_sample(void)
{
	long kib;

	if (O.server_pid == 0 || now < S.next_sample)
		return;
	S.next_sample = now + 250 * MS;
	if ((kib = proc_rss()) < 0)
		return;
	if (kib > S.rss_peak)
		S.rss_peak = kib;
	S.rss_final = kib;
	if (now >= S.next_series && S.nseries < SERIES_MAX) {
		S.series[S.nseries++] = kib;
		S.next_series += NS;
	}
}

static char *
carry_of(size_t i)
{
	return carry + i * CARRY_MAX;
}

static void
ev_set(size_t i, uint32_t events)
{
	struct epoll_event ev;

	ev.events = events;
	ev.data.u64 = i;
	if (epoll_ctl(ep, EPOLL_CTL_MOD, cl[i].fd, &ev) == -1)
		die(EX_OSERR, "epoll_ctl: %s", strerror(errno));
}

static void
client_kill(size_t i)
{
	struct client *c = &cl[i];

	if (c->state == CL_DEAD || c->state == CL_IDLE)
		return;
	if (c->state == CL_CONNECTING || c->state == CL_PROMPT)
		S.pending--;
	if (c->state == CL_CONNECTING)
		S.connect_failed++;
	else if (!c->slow) {
		S.dead++;
		if (S.send_start)
			S.dead_in_send++;
	}
	if (c->slow && c->cutoff_ns == 0)
		c->cutoff_ns = now;
	close(c->fd);
	c->fd = -1;
	c->state = CL_DEAD;
}

/* Write a short control line (a name, a PONG); connections this young have
 * room, so a short write is the server's fault and drops the client. */
static void
client_say(size_t i, const char *s, size_t n)
{
	if (write(cl[i].fd, s, n) != (ssize_t)n)
		client_kill(i);
}

static void
client_name(size_t i, char *buf, size_t len)
{
	snprintf(buf, len, "L%02x%zu", runid, i);
}

static void
client_register(size_t i)
{
	char name[32], line[160];
	int n;

	client_name(i, name, sizeof(name));
	if (O.irc)
		n = snprintf(line, sizeof(line),
		    "NICK %s\r\nUSER %s 0 * :%s\r\nJOIN #bench\r\n",
		    name, name, name);
	else
		n = snprintf(line, sizeof(line), "%s\n", name);
	client_say(i, line, (size_t)n);
	if (cl[i].state == CL_DEAD)
		return;
	cl[i].state = CL_JOINED;
	S.pending--;
	S.named++;
}

static void
source_addr(size_t i, struct sockaddr_in *sin)
{
	long per = (O.clients + O.sources - 1) / O.sources;

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(0x7f000002 + (uint32_t)(i / (size_t)per));
}

static void
client_connect(size_t i)
{
	struct client *c = &cl[i];
	struct epoll_event ev;
	struct sockaddr_in sin;
	int one = 1;

	c->fd = socket(target->ai_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0);
	if (c->fd == -1)
		die(EX_OSERR, "socket: %s", strerror(errno));
	if (O.sources > 0) {
		source_addr(i, &sin);
		setsockopt(c->fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one,
		    sizeof(one));
		if (bind(c->fd, (struct sockaddr *)&sin, sizeof(sin)) == -1)
			die(EX_OSERR, "bind %s: %s", inet_ntoa(sin.sin_addr),
			    strerror(errno));
	}
	c->state = CL_CONNECTING;
	S.pending++;
	ev.events = EPOLLOUT;
	ev.data.u64 = i;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) == -1)
		die(EX_OSERR, "epoll_ctl: %s", strerror(errno));
	if (connect(c->fd, target->ai_addr, target->ai_addrlen) == -1 &&
	    errno != EINPROGRESS) {
		progress("connect %zu: %s", i, strerror(errno));
		client_kill(i);
	}
}

static void
client_connected(size_t i)
{
	struct client *c = &cl[i];
	socklen_t len = sizeof(int);
	int err = 0;

	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1 ||
	    err != 0) {
		if (S.connect_failed < 5)
			progress("connect %zu: %s", i, strerror(err));
		client_kill(i);
		return;
	}
	S.connected++;
	if (c->slow) {
		len = sizeof(c->local);
		getsockname(c->fd, (struct sockaddr *)&c->local, &len);
		/* Never read: only a reset or hang-up is noticed. */
		ev_set(i, EPOLLRDHUP);
		client_register(i);
		return;
	}
	c->state = CL_PROMPT;
	ev_set(i, EPOLLIN);
	if (O.irc)
		client_register(i);
}

static unsigned
hex_parse(const char **pp, const char *end, uint64_t *v)
{
	const char *p = *pp;
	unsigned n = 0, d;

	*v = 0;
	for (; p < end && n < 16; p++, n++) {
		if (*p >= '0' && *p <= '9')
			d = (unsigned)(*p - '0');
		else if (*p >= 'a' && *p <= 'f')
			d = (unsigned)(*p - 'a' + 10);
		else
			break;
		*v = *v << 4 | d;
	}
	*pp = p;
	return n;
}

/* A message's text, from just after its "@", to the end of the line. */
static void
msg_receive(size_t i, const char *p, const char *end)
{
	uint64_t run, from, seq, ts, us;
	uint32_t *last;
	int64_t lat;

	if (hex_parse(&p, end, &run) != 2 || p >= end || *p++ != '.' ||
	    run != runid) {
		S.foreign++;
		return;
	}
	if (hex_parse(&p, end, &from) == 0 || p >= end || *p++ != '.' ||
	    hex_parse(&p, end, &seq) == 0 || p >= end || *p++ != '.' ||
	    hex_parse(&p, end, &ts) == 0 || from >= (uint64_t)O.senders ||
	    seq == 0 || seq > snd[from].seq)
		goto invalid;
	last = &lastseq[i * (size_t)O.senders + from];
	if (seq == *last) {
		S.dups++;
		return;
	}
	if (seq < *last)
		S.order++;
	else
		*last = (uint32_t)seq;
	S.delivered++;
	S.last_delivery = now;
	lat = now - (int64_t)ts;
	if (lat < 0)
		lat = 0;
	if (lat > S.lat_max)
		S.lat_max = lat;
	us = (uint64_t)lat / 1000;
	S.hist[hist_index(us)]++;
	return;
invalid:
	S.invalid++;
}

static int
has_suffix(const char *s, size_t len, const char *suf, size_t slen)
{
	return len >= slen && memcmp(s + len - slen, suf, slen) == 0;
}

static void
join_seen(size_t i)
{
	cl[i].joins++;
	S.joins++;
	S.last_join = now;
}

/* IRC: ":prefix COMMAND ..." lines; answer PING, count JOINs. */
static void
irc_line(size_t i, const char *s, size_t len)
{
	const char *sp;
	char pong[600];

	if (len > 5 && memcmp(s, "PING ", 5) == 0 && len < 500) {
		memcpy(pong, "PONG ", 5);
		memcpy(pong + 5, s + 5, len - 5);
		memcpy(pong + len, "\r\n", 2);
		client_say(i, pong, len + 2);
		return;
	}
	if (len == 0 || s[0] != ':' || (sp = memchr(s, ' ', len)) == NULL)
		return;
	sp++;
	if ((size_t)(s + len - sp) > 5 && memcmp(sp, "JOIN ", 5) == 0)
		join_seen(i);
}

/* One received line, without its "\n"; may start with the prompt. */
static void
line_receive(size_t i, const char *s, size_t len)
{
	const char *at = s, *end;

	if (len > 0 && s[len - 1] == '\r')
		len--;
	end = s + len;
	/* The marker follows "]:" (text) or " :" (IRC); an IRC prefix
	 * holds other "@"s. */
	while ((at = memchr(at, '@', (size_t)(end - at))) != NULL) {
		if (at > s && at[-1] == ':') {
			msg_receive(i, at + 1, end);
			return;
		}
		at++;
	}
	if (O.irc)
		irc_line(i, s, len);
	else if (has_suffix(s, len, JOIN_SUFFIX, sizeof(JOIN_SUFFIX) - 1))
		join_seen(i);
	else if (has_suffix(s, len, LEFT_SUFFIX, sizeof(LEFT_SUFFIX) - 1))
		S.lefts++;
}

/* Before the name is sent: look for the prompt; keep a tail that may hold
 * its beginning.  Returns where lines start, or NULL to wait for more. */
static char *
prompt_scan(size_t i, char *buf, char *end)
{
	static const char prompt[] = NAME_PROMPT;
	size_t keep = sizeof(prompt) - 2;
	char *p;

	p = memmem(buf, (size_t)(end - buf), prompt, sizeof(prompt) - 1);
	if (p != NULL) {
		client_register(i);
		return cl[i].state == CL_DEAD ? NULL : p + sizeof(prompt) - 1;
	}
	if ((size_t)(end - buf) < keep)
		keep = (size_t)(end - buf);
	memcpy(carry_of(i), end - keep, keep);
	cl[i].carry = (uint16_t)keep;
	return NULL;
}

static void
lines_split(size_t i, char *p, char *end)
{
	struct client *c = &cl[i];
	char *nl;

	if (c->discarding) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return;
		c->discarding = 0;
		p = nl + 1;
	}
	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		line_receive(i, p, (size_t)(nl - p));
		p = nl + 1;
	}
	if ((size_t)(end - p) > CARRY_MAX) {
		S.long_lines++;
		c->discarding = 1;
		return;
	}
	memcpy(carry_of(i), p, (size_t)(end - p));
	c->carry = (uint16_t)(end - p);
}

static void
client_read(size_t i)
{
	struct client *c = &cl[i];
	char *end, *p;
	ssize_t n;

	memcpy(rbuf, carry_of(i), c->carry);
	n = read(c->fd, rbuf + c->carry, RBUF_SIZE - c->carry);
	if (n == 0 || (n == -1 && errno != EAGAIN && errno != EINTR)) {
		if (S.dead < 5)
			progress("client %zu: %s", i,
			    n == 0 ? "closed by server" : strerror(errno));
		client_kill(i);
		return;
	}
	if (n == -1)
		return;
	now = clock_ns();
	S.bytes_in += (uint64_t)n;
	end = rbuf + c->carry + n;
	c->carry = 0;
	p = rbuf;
	if (c->state == CL_PROMPT && (p = prompt_scan(i, rbuf, end)) == NULL)
		return;
	lines_split(i, p, end);
}

/* Append one message to a sender's buffer; 0, or -1 when it is full. */
static int
msg_queue(struct sender *s, uint32_t from)
{
	static const char hex[] = "0123456789abcdef";
	char head[80], *p, *q;
	uint64_t parts[3];
	size_t n, pre, i;
	int j;

	pre = O.irc ? sizeof("PRIVMSG #bench :") - 1 : 0;
	if (s->len + pre + (size_t)O.size + 2 > OUTBUF_MAX)
		return -1;
	parts[0] = from;
	parts[1] = ++s->seq;
	parts[2] = (uint64_t)now;
	p = head;
	*p++ = '@';
	*p++ = hex[(runid >> 4) & 15];
	*p++ = hex[runid & 15];
	for (i = 0; i < 3; i++) {
		*p++ = '.';
		for (j = 60; j > 0 && (parts[i] >> j) == 0; j -= 4)
			;
		for (; j >= 0; j -= 4)
			*p++ = hex[(parts[i] >> j) & 15];
	}
	*p++ = ' ';
	n = (size_t)(p - head);
	q = s->buf + s->len;
	if (O.irc) {
		memcpy(q, "PRIVMSG #bench :", pre);
		q += pre;
	}
	memcpy(q, head, n);
	memset(q + n, 'x', (size_t)O.size - n);
	q += O.size;
	if (O.irc)
		*q++ = '\r';
	*q++ = '\n';
	s->len = (uint32_t)(q - s->buf);
	S.sent++;
	return 0;
}

static void
sender_flush(uint32_t k)
{
	struct sender *s = &snd[k];
	struct client *c = &cl[s->client];
	ssize_t n;

	if (c->state != CL_JOINED) {
		s->len = s->off = 0;
		return;
	}
	while (s->off < s->len) {
		n = write(c->fd, s->buf + s->off, s->len - s->off);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN) {
				progress("sender %u: %s", k, strerror(errno));
				client_kill(s->client);
				return;
			}
			break;
		}
		s->off += (uint32_t)n;
	}
	if (s->off == s->len)
		s->off = s->len = 0;
	else if (s->off > OUTBUF_MAX / 2) {
		memmove(s->buf, s->buf + s->off, s->len - s->off);
		s->len -= s->off;
		s->off = 0;
	}
	if ((s->len > 0) != c->wantout) {
		c->wantout = s->len > 0;
		ev_set(s->client, EPOLLIN | (c->wantout ? EPOLLOUT : 0));
	}
}

/* Flat out is closed-loop: a sender keeps at most --window messages that
 * the probe (the last reader, or the first when that one is the sender)
 * has not received, so the server, not the socket buffers, sets the pace
 * and latency stays the server's. */
static void
sender_fill(uint32_t k)
{
	struct sender *s = &snd[k];
	size_t probe = (size_t)nreaders - 1;

	if (probe == k)
		probe = 0;
	if (cl[s->client].state != CL_JOINED)
		return;
	while (s->seq < lastseq[probe * (size_t)O.senders + k] + O.window &&
	    s->len < FILL_BYTES && msg_queue(s, k) == 0)
		;
}

/* Queue what the schedule says is due (or refill empty buffers when
 * flat out) if queue is set, then write what is queued. */
static void
senders_pump(int queue)
{
	uint64_t due;
	int64_t sched;
	uint32_t k;

	if (O.senders == 0)
		return;
	if (!queue)
		;
	else if (O.rate > 0) {
		due = (uint64_t)(secs(now - S.send_start) * O.rate);
		while (S.sent + S.skipped < due) {
			k = (uint32_t)((S.sent + S.skipped) % (uint64_t)O.senders);
			sched = S.send_start + (int64_t)((double)(S.sent +
			    S.skipped) / O.rate * NS);
			if (now - sched > S.lag_max)
				S.lag_max = now - sched;
			if (cl[snd[k].client].state != CL_JOINED ||
			    msg_queue(&snd[k], k) == -1)
				S.skipped++;
		}
	} else {
		for (k = 0; k < O.senders; k++)
			sender_fill(k);
	}
	for (k = 0; k < O.senders; k++)
		if (snd[k].len > snd[k].off && !cl[snd[k].client].wantout)
			sender_flush(k);
}

static void
event_handle(const struct epoll_event *ev)
{
	size_t i = (size_t)ev->data.u64;
	struct client *c = &cl[i];

	if (c->state == CL_DEAD)
		return;
	if (c->state == CL_CONNECTING) {
		client_connected(i);
		return;
	}
	if (c->slow) {
		client_kill(i);	/* the server hung up on it */
		return;
	}
	if (ev->events & (EPOLLIN | EPOLLHUP | EPOLLERR))
		client_read(i);
	if (c->state == CL_DEAD)
		return;
	if ((ev->events & EPOLLOUT) && c->sender >= 0)
		sender_flush((uint32_t)c->sender);
}

/* A pass that found work lasts at least --pass-us: reading each socket
 * a little later returns more lines per read(), which is what makes the
 * generator cheap (the kernel's per-call cost dominates), at the price of
 * up to that much added to the measured latency. */
static void
pass_pace(int64_t start)
{
	struct timespec ts;
	int64_t left = O.pass_us * 1000 - (now - start);

	if (left <= 0)
		return;
	ts.tv_sec = 0;
	ts.tv_nsec = (long)left;
	nanosleep(&ts, NULL);
	now = clock_ns();
}

static void
loop_pass(int timeout_ms)
{
	static struct epoll_event evs[EVENTS_MAX];
	int64_t start;
	int i, n;

	n = epoll_wait(ep, evs, EVENTS_MAX, timeout_ms);
	if (n == -1 && errno != EINTR)
		die(EX_OSERR, "epoll_wait: %s", strerror(errno));
	start = now = clock_ns();
	for (i = 0; i < n; i++)
		event_handle(&evs[i]);
	now = clock_ns();
	if (n > 0)
		pass_pace(start);
	rss_sample();
}

/* The TCP state of the server's end of slow client c (TCP_ESTABLISHED
 * while it is served), found by its exact address with sock_diag: O(1),
 * unlike a scan of /proc/net/tcp, which takes tens of milliseconds on a
 * machine with many sockets and would stall the loop.  -1 if unknown. */
static int
diag_state(const struct client *c)
{
	static int nl = -2;
	const struct sockaddr_in *srv;
	struct {
		struct nlmsghdr		nlh;
		struct inet_diag_req_v2	r;
	} req;
	char buf[1024];
	struct nlmsghdr *h = (struct nlmsghdr *)buf;

	if (nl == -2)
		nl = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC,
		    NETLINK_SOCK_DIAG);
	if (nl == -1)
		return -1;
	srv = (const struct sockaddr_in *)target->ai_addr;
	memset(&req, 0, sizeof(req));
	req.nlh.nlmsg_len = sizeof(req);
	req.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req.nlh.nlmsg_flags = NLM_F_REQUEST;
	req.r.sdiag_family = AF_INET;
	req.r.sdiag_protocol = IPPROTO_TCP;
	req.r.idiag_states = ~0U;
	req.r.id.idiag_sport = srv->sin_port;
	req.r.id.idiag_src[0] = srv->sin_addr.s_addr;
	req.r.id.idiag_dport = c->local.sin_port;
	req.r.id.idiag_dst[0] = c->local.sin_addr.s_addr;
	req.r.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
	req.r.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
	if (send(nl, &req, sizeof(req), 0) == -1 ||
	    recv(nl, buf, sizeof(buf), 0) < (ssize_t)sizeof(*h))
		return -1;
	if (h->nlmsg_type == NLMSG_ERROR)
		return 0;	/* no such socket: closed */
	if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY)
		return -1;
	return ((struct inet_diag_msg *)NLMSG_DATA(h))->idiag_state;
}

/* Slow clients cannot see a close behind data they never read, so ask
 * the kernel about the server's end of each: gone or no longer
 * ESTABLISHED (FIN_WAIT1 behind the unread data) means cut off. */
static void
slow_check(void)
{
	static int64_t next;
	size_t i;
	int st;

	if (O.slow == 0 || O.sources == 0 || now < next)
		return;
	next = now + 100 * MS;
	for (i = (size_t)nreaders; i < (size_t)O.clients; i++) {
		if (cl[i].state != CL_JOINED)
			continue;
		st = diag_state(&cl[i]);
		if (st != -1 && st != TCP_ESTABLISHED)
			client_kill(i);
	}
}

static uint64_t
joins_expected(uint64_t base, uint64_t n)
{
	/* Each joiner is announced to everyone already in; IRC also echoes
	 * the JOIN to the joiner. */
	return base + n * (n - 1) / 2 + (O.irc ? n : 0);
}

/* Connect clients [from, to), at most CONNECT_WINDOW at a time, until
 * joined and (readers only) until want join notices are in. */
static int
phase_join(size_t from, size_t to, uint64_t (*want)(void), int64_t limit)
{
	size_t next = from;

	S.last_join = now;
	while (!stop && now < limit) {
		while (next < to && S.pending < (uint32_t)O.connect_window)
			client_connect(next++);
		loop_pass(S.pending || next < to ? 10 : 50);
		if (next >= to && S.pending == 0) {
			/* Once a reader died, nobody knows which notices
			 * it took along: wait for quiet instead. */
			if (S.joins >= want() && S.dead == 0)
				return 1;
			if (now - S.last_join > QUIET_NS)
				return 0;	/* settled short of the count */
		}
		if (now >= S.next_progress) {
			S.next_progress = now + NS;
			progress("join: %zu/%zu started, %u named, %" PRIu64
			    "/%" PRIu64 " join notices", next - from, to - from,
			    S.named, S.joins, want());
		}
	}
	return 0;
}

static uint64_t
want_readers(void)
{
	uint64_t n = S.named - S.dead;

	return joins_expected(0, n);
}

static uint64_t	joins_base;

static uint64_t
want_slow(void)
{
	return joins_base + (uint64_t)(nreaders - S.dead) *
	    (uint64_t)O.slow;
}

static void
phase_send(void)
{
	int64_t end = S.send_start + (int64_t)(O.duration * NS), quiet;
	int64_t limit;

	while (!stop && now < end) {
		senders_pump(1);
		loop_pass(1);
		slow_check();
		if (now >= S.next_progress) {
			S.next_progress = now + NS;
			progress("send: %" PRIu64 " sent, %" PRIu64
			    " delivered, %u disconnected", S.sent, S.delivered,
			    S.dead_in_send);
		}
	}
	S.send_end = now;
	limit = now + (int64_t)(O.drain * NS);
	quiet = now;
	while (!stop && now < limit) {
		senders_pump(0);
		loop_pass(10);
		slow_check();
		if (S.last_delivery > quiet)
			quiet = S.last_delivery;
		if (S.delivered >= S.sent * (S.readers_live - 1) ||
		    now - quiet > DRAIN_QUIET_NS)
			break;
	}
}

static void
setup(void)
{
	struct addrinfo hints;
	struct rlimit rl;
	size_t k;
	int e;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if ((e = getaddrinfo(O.host, O.port, &hints, &target)) != 0)
		die(EX_NOHOST, "%s:%s: %s", O.host, O.port, gai_strerror(e));
	if (target->ai_family != AF_INET ||
	    (ntohl(((struct sockaddr_in *)target->ai_addr)->sin_addr.s_addr)
	    >> 24) != 127)
		O.sources = 0;	/* only loopback has 127.0.0.x to spare */
	else if (O.sources == 0)
		O.sources = (O.clients + PER_SOURCE_MAX - 1) / PER_SOURCE_MAX;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		if (rl.rlim_cur < (rlim_t)O.clients + 16)
			die(EX_USAGE, "clients \"%ld\": open files limited to "
			    "%lu", O.clients, (unsigned long)rl.rlim_cur);
	}
	signal(SIGPIPE, SIG_IGN);
	if ((ep = epoll_create1(EPOLL_CLOEXEC)) == -1)
		die(EX_OSERR, "epoll_create1: %s", strerror(errno));
	cl = xcalloc((size_t)O.clients, sizeof(*cl));
	carry = xmalloc((size_t)O.clients * CARRY_MAX);
	lastseq = xcalloc((size_t)nreaders * (size_t)(O.senders + 1),
	    sizeof(*lastseq));
	rbuf = xmalloc(RBUF_SIZE);
	snd = xcalloc((size_t)O.senders + 1, sizeof(*snd));
	for (k = 0; k < (size_t)O.clients; k++) {
		cl[k].fd = -1;
		cl[k].sender = -1;
		cl[k].slow = k >= (size_t)nreaders;
	}
	for (k = 0; k < (size_t)O.senders; k++) {
		snd[k].client = (uint32_t)k;
		snd[k].buf = xmalloc(OUTBUF_MAX);
		cl[k].sender = (int32_t)k;
	}
	runid = (unsigned)(clock_ns() ^ getpid()) & 0xff;
}

static void
json_print(void)
{
	uint64_t expected = S.sent * (S.readers_live ? S.readers_live - 1 : 0);
	double span = secs((S.last_delivery > S.send_start ?
	    S.last_delivery : S.send_end) - S.send_start);
	long i, cut = 0;
	const char *sep = "";

	printf("{\"label\":\"%s\",\"mode\":\"%s\",\"clients\":%ld,"
	    "\"readers\":%ld,\"slow\":%ld,\"senders\":%ld,\"size\":%ld,"
	    "\"rate\":%.0f,\"duration_s\":%.1f,\"window\":%ld,"
	    "\"pass_us\":%ld,\n", O.label, O.irc ? "irc" : "text",
	    O.clients, nreaders, O.slow, O.senders, O.size, O.rate,
	    O.duration, O.window, O.pass_us);
	printf(" \"connected\":%u,\"connect_failed\":%u,\"handshake_s\":%.3f,"
	    "\"handshake_complete\":%s,\"joins_seen\":%" PRIu64
	    ",\"joins_expected\":%" PRIu64 ",\n", S.connected,
	    S.connect_failed, S.hs_done ? secs(S.hs_done - S.t0) : -1.0,
	    S.hs_complete ? "true" : "false", S.joins, S.joins_expected);
	printf(" \"sent\":%" PRIu64 ",\"send_skipped\":%" PRIu64
	    ",\"expected\":%" PRIu64 ",\"delivered\":%" PRIu64
	    ",\"deliveries_per_s\":%.0f,\"loss\":%" PRId64
	    ",\"duplicates\":%" PRIu64 ",\"order_violations\":%" PRIu64
	    ",\"invalid\":%" PRIu64 ",\"foreign\":%" PRIu64
	    ",\"long_lines\":%" PRIu64 ",\"left_notices\":%" PRIu64 ",\n",
	    S.sent, S.skipped, expected, S.delivered,
	    span > 0 ? (double)S.delivered / span : 0.0,
	    (int64_t)(expected - S.delivered), S.dups, S.order, S.invalid,
	    S.foreign, S.long_lines, S.lefts);
	printf(" \"latency_ms\":{\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,"
	    "\"p999\":%.3f,\"max\":%.3f},\"send_lag_max_ms\":%.3f,\n",
	    hist_quantile(0.5), hist_quantile(0.9), hist_quantile(0.99),
	    hist_quantile(0.999), (double)S.lat_max / MS,
	    (double)S.lag_max / MS);
	printf(" \"disconnected\":%u,\"disconnected_during_send\":%u,"
	    "\"send_phase_s\":%.3f,\"delivery_span_s\":%.3f,\n",
	    S.dead, S.dead_in_send, secs(S.send_end - S.send_start), span);
	printf(" \"slow_cut_off_at_s\":[");
	for (i = nreaders; i < O.clients; i++) {
		if (cl[i].cutoff_ns == 0)
			continue;
		printf("%s%.3f", sep, secs(cl[i].cutoff_ns - S.send_start));
		sep = ",";
		cut++;
	}
	printf("],\"slow_cut_off\":%ld,\n", cut);
	printf(" \"server\":{\"pid\":%ld,\"rss_start_kib\":%ld,"
	    "\"rss_joined_kib\":%ld,\"rss_peak_kib\":%ld,"
	    "\"rss_final_kib\":%ld,\"rss_per_client_kib\":%.3f,"
	    "\"cpu_handshake_s\":%.2f,\"cpu_send_s\":%.2f,\"rss_series_kib\":[",
	    O.server_pid, S.rss_start, S.rss_hs, S.rss_peak, S.rss_final,
	    S.connected && S.rss_hs > 0 ? (double)(S.rss_hs - S.rss_start) /
	    S.connected : -1.0, S.scpu[1] - S.scpu[0], S.scpu[3] - S.scpu[2]);
	for (i = 0; i < S.nseries; i++)
		printf("%s%ld", i ? "," : "", S.series[i]);
	printf("]},\n \"generator\":{\"cpu_handshake_s\":%.2f,"
	    "\"cpu_send_s\":%.2f,\"cpu_total_s\":%.2f,\"bytes_in\":%" PRIu64
	    "}}\n", S.gcpu[1] - S.gcpu[0], S.gcpu[3] - S.gcpu[2],
	    S.gcpu[3], S.bytes_in);
}

static void
text_print(void)
{
	uint64_t expected = S.sent * (S.readers_live ? S.readers_live - 1 : 0);
	double span = secs((S.last_delivery > S.send_start ?
	    S.last_delivery : S.send_end) - S.send_start);

	printf("%s: %u connected, handshake %.2fs%s\n", O.label, S.connected,
	    S.hs_done ? secs(S.hs_done - S.t0) : -1.0,
	    S.hs_complete ? "" : " (incomplete)");
	printf("sent %" PRIu64 ", delivered %" PRIu64 "/%" PRIu64
	    " (%.0f/s), loss %" PRId64 ", dups %" PRIu64 ", order %" PRIu64
	    "\n", S.sent, S.delivered, expected,
	    span > 0 ? (double)S.delivered / span : 0.0,
	    (int64_t)(expected - S.delivered), S.dups, S.order);
	printf("latency ms: p50 %.2f p99 %.2f max %.2f; disconnected %u\n",
	    hist_quantile(0.5), hist_quantile(0.99), (double)S.lat_max / MS,
	    S.dead);
	printf("server rss %ld KiB peak %ld KiB, cpu %.2fs send; "
	    "generator cpu %.2fs send\n", S.rss_final, S.rss_peak,
	    S.scpu[3] - S.scpu[2], S.gcpu[3] - S.gcpu[2]);
}

static uint32_t
readers_count(void)
{
	uint32_t n = 0;
	long i;

	for (i = 0; i < nreaders; i++)
		n += cl[i].state == CL_JOINED;
	return n;
}

static void
on_signal(int signo)
{
	(void)signo;
	stop = 1;
}

int
main(int argc, char **argv)
{
	opts_parse(argc, argv);
	setup();
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	now = S.t0 = clock_ns();
	S.next_series = now;
	S.rss_start = proc_rss();
	cpu_mark(0);
	S.hs_complete = phase_join(0, (size_t)nreaders, want_readers,
	    S.t0 + (int64_t)(O.settle * NS));
	S.hs_done = S.hs_complete ? S.last_join : now;
	if (S.hs_done < S.t0)
		S.hs_done = now;
	S.joins_expected = want_readers();
	S.rss_hs = proc_rss();
	cpu_mark(1);
	progress("joined: %u named, %" PRIu64 "/%" PRIu64 " join notices in "
	    "%.2fs", S.named, S.joins, S.joins_expected,
	    secs(S.hs_done - S.t0));
	if (O.slow > 0) {
		joins_base = S.joins;
		phase_join((size_t)nreaders, (size_t)O.clients, want_slow,
		    now + (int64_t)(O.settle * NS));
	}
	S.readers_live = readers_count();
	cpu_mark(2);
	S.send_start = now = clock_ns();
	phase_send();
	cpu_mark(3);
	S.rss_final = proc_rss();
	if (O.json)
		json_print();
	else
		text_print();
	return S.connected ? 0 : EX_UNAVAILABLE;
}
