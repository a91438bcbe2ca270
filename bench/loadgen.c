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
 *
 * The modules: loadgen_opts.c reads the command line, loadgen_client.c
 * connects the clients and checks every line they receive,
 * loadgen_sender.c writes the messages, loadgen_report.c keeps the latency
 * histogram and the server's figures and prints the result.  This file
 * runs the phases: join, then send, then drain.
 */

#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <inttypes.h>
#include <netdb.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "efun.h"
#include "loadgen.h"

#define EVENTS_MAX	1024
#define QUIET_NS	(3 * NS)	/* no join notice for this long: settled */
#define DRAIN_QUIET_NS	(2 * NS)	/* no delivery for this long: drained */

struct opts	 O;
struct stats	 S;
struct client	*cl;
struct sender	*snd;
uint32_t	*lastseq;
int		 ep = -1;
int64_t		 now;
unsigned	 runid;
long		 nreaders;
struct addrinfo	*target;
struct addrinfo	*targets[TARGETS_MAX];
int		 ntargets;

static volatile sig_atomic_t stop;

int64_t
clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NS + ts.tv_nsec;
}

double
secs(int64_t ns)
{
	return (double)ns / NS;
}

void
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

void
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

static uint64_t
joins_expected(uint64_t base, uint64_t n)
{
	/* Each joiner is announced to everyone already in; IRC also echoes
	 * the JOIN to the joiner. */
	return base + n * (n - 1) / 2 + (O.irc ? n : 0);
}

/* With several servers (cluster nodes), a join reaches the other node
 * later, so clients there see joins of clients that came before them too,
 * and the count of notices can be reached while a client is still
 * joining: then also every reader must be known to be in the room (it got
 * a notice, or its own was seen), else what is sent before it is in would
 * count as lost. */
static int
all_in(size_t from)
{
	return ntargets < 2 || O.irc || from > 0 || S.in >= S.named;
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
			if (S.joins >= want() && S.dead == 0 &&
			    all_in(from))
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
	char ports[256], *p, *save = NULL;
	int e;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	/* --port P1,P2: clients spread over several servers in turn. */
	snprintf(ports, sizeof(ports), "%s", O.port);
	for (p = strtok_r(ports, ",", &save); p != NULL;
	    p = strtok_r(NULL, ",", &save)) {
		if (ntargets == TARGETS_MAX)
			die(EX_USAGE, "port \"%s\": more than %d servers",
			    O.port, TARGETS_MAX);
		if ((e = getaddrinfo(O.host, p, &hints,
		    &targets[ntargets])) != 0)
			die(EX_NOHOST, "%s:%s: %s", O.host, p,
			    gai_strerror(e));
		ntargets++;
	}
	if (ntargets == 0)
		die(EX_USAGE, "port \"%s\": none", O.port);
	target = targets[0];
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
	clients_alloc();
	lastseq = ecalloc((size_t)nreaders * (size_t)(O.senders + 1),
	    sizeof(*lastseq));
	senders_alloc();
	runid = (unsigned)(clock_ns() ^ getpid()) & 0xff;
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
	report_print();
	return S.connected ? 0 : EX_UNAVAILABLE;
}
