/* clockd: writes the time to every client once a second, on the second. */
#include <sys/resource.h>
#include <sys/socket.h>

#include <err.h>
#include <errno.h>
#include <signal.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "addrlim.h"
#include "clockd.h"
#include "clockd_fanout.h"
#include "clockd_tick.h"
#include "clockd_tz.h"
#include "log.h"
#include "loop.h"
#include "net.h"
#include "num.h"

struct clockd {
	struct loop	 *loop;
	const char	 *format;
	struct fanout	  fan;
	struct addrlim	  lim;		/* clients per address */
	int		  lfds[CLOCKD_LISTEN_MAX];
	int		  nlfds;
	int64_t		  next_tick;	/* monotonic ns of the next second */
	uint64_t	  ticks;
};

static void	clockd_tick(struct loop *, void *);

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: clockd [-p PORT | -port PORT | --port PORT] "
	    "[-b ADDR] [--tz ZONE]\n"
	    "              [--format FMT] [--max-per-addr N] "
	    "[-v] [-q] [-h] [-V]\n");
	exit(EX_USAGE);
}

static void __attribute__((noreturn))
help(void)
{
	printf("usage: clockd [-p PORT | -port PORT | --port PORT] "
	    "[-b ADDR] [--tz ZONE]\n"
	    "              [--format FMT] [--max-per-addr N] "
	    "[-v] [-q] [-h] [-V]\n"
	    "Writes the time to every client once a second, on the second.\n"
	    "\n"
	    "  -p, --port PORT   listen on PORT (default 8000; 0: any)\n"
	    "  -b, --bind ADDR   listen on ADDR only (default: all, v4+v6)\n"
	    "  --tz ZONE         time zone, e.g. Asia/Tokyo (overrides TZ)\n"
	    "  --format FMT      strftime(3) format (default %%H:%%M:%%S)\n"
	    "  --max-per-addr N  clients from one address, an IPv6 /64"
	    " counting as one\n"
	    "                    (default %d; 0: no limit)\n"
	    "  -v                say more (per client; -vv debug)\n"
	    "  -q                errors only\n"
	    "  -h, --help        this help\n"
	    "  -V, --version     print the version\n", CLOCKD_PER_ADDR_DEFAULT);
	exit(0);
}

static void
clockd_resume(struct loop *loop, void *arg)
{
	struct clockd *d = arg;
	int i;

	for (i = 0; i < d->nlfds; i++)
		loop_events(loop, d->lfds[i], POLLIN);
}

/* One line saying which limit, then close; logged once a minute per
 * address. */
static void
clockd_refuse(int fd, const struct addrlim_verdict *v)
{
	char line[ADDRLIM_WHY_MAX + 1];
	int n;

	n = snprintf(line, sizeof(line), "%s\n", v->why);
	if (n >= (int)sizeof(line))
		n = sizeof(line) - 1;
	if (write(fd, line, (size_t)n) == -1)
		log_debug("fd %d: %s", fd, strerror(errno));
	close(fd);
	if (v->log)
		log_info("%s: refused: %s (not logged again for a minute)",
		    v->addr, v->why);
}

static void
clockd_on_listen(struct loop *loop, int lfd, int revents, void *arg)
{
	struct clockd *d = arg;
	struct sockaddr_storage ss;
	struct addrlim_verdict v;
	struct addrlim_conn *al;
	socklen_t sslen;
	char addr[NET_ADDRSTRLEN];
	int fd, i;

	(void)revents;
	for (i = 0; i < CLOCKD_ACCEPT_MAX; i++) {
		sslen = sizeof(ss);
		if ((fd = net_accept(lfd, &ss, &sslen)) == -1)
			break;
		log_verbose("fd %d: %s connected", fd,
		    net_addrstr((struct sockaddr *)&ss, sslen, addr,
		    sizeof(addr)));
		if ((al = addrlim_admit(&d->lim, (struct sockaddr *)&ss,
		    sslen, NULL, loop_clock() / 1000000000, &v)) == NULL) {
			clockd_refuse(fd, &v);
			continue;
		}
		addrlim_settle(&d->lim, al);	/* no pending phase */
		clockd_fanout_add(&d->fan, fd, al);
	}
	if (fd == -1 && (errno == EMFILE || errno == ENFILE)) {
		/* Out of descriptors: stop accepting for a second rather
		 * than spin on a listener that stays readable. */
		log_error("accept: %s", strerror(errno));
		for (i = 0; i < d->nlfds; i++)
			loop_events(loop, d->lfds[i], 0);
		loop_timer_after(loop, 1000, clockd_resume, d);
	}
}

static void
clockd_set_now(struct clockd *d, time_t sec)
{
	char line[CLOCKD_LINE_MAX];
	size_t n;

	/* The format was tried at start; an empty result now still ticks. */
	if ((n = clockd_tick_format(sec, d->format, line, sizeof(line))) == 0)
		line[n++] = '\n';
	clockd_fanout_set(&d->fan, line, n);
}

static void
clockd_pretick(struct loop *loop, void *arg)
{
	struct clockd *d = arg;

	loop_timer_at(loop, d->next_tick, clockd_tick, d);
}

/*
 * Tick at monotonic time when.  poll(2) lets a timeout run late by a
 * thousandth of its length (a whole millisecond for a one-second wait), so
 * the loop first sleeps until CLOCKD_PREWAKE_NS before the second and then
 * takes the short remaining wait, which the kernel keeps to microseconds.
 */
static void
clockd_arm(struct clockd *d, int64_t when)
{
	d->next_tick = when;
	if (when - loop_clock() > 2 * CLOCKD_PREWAKE_NS)
		loop_timer_at(d->loop, when - CLOCKD_PREWAKE_NS,
		    clockd_pretick, d);
	else
		loop_timer_at(d->loop, when, clockd_tick, d);
}

/* Format the second that starts now, hand it to every client, and arm
 * the timer for the next boundary of the wall clock. */
static void
clockd_tick(struct loop *loop, void *arg)
{
	struct clockd *d = arg;
	struct timespec ts;
	int64_t delay;
	time_t sec;

	(void)loop;
	(void)clock_gettime(CLOCK_REALTIME, &ts);	/* cannot fail */
	clockd_tick_plan(&ts, &sec, &delay);
	clockd_arm(d, loop_clock() + delay);
	clockd_set_now(d, sec);
	d->ticks++;
	clockd_fanout_tick(&d->fan);
	log_debug("tick %llu: %zu clients", (unsigned long long)d->ticks,
	    d->fan.count);
}

/* Before the first boundary new clients hear the second we are in. */
static void
clockd_start(struct clockd *d)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_REALTIME, &ts);	/* cannot fail */
	clockd_set_now(d, ts.tv_sec);
	clockd_arm(d, loop_clock() + 1000000000LL - ts.tv_nsec);
}

static void
clockd_on_signal(struct loop *loop, int signo, void *arg)
{
	(void)arg;
	log_verbose("signal %d: exiting", signo);
	loop_stop(loop);
}

/* Thousands of clients need thousands of descriptors: take what the hard
 * limit allows. */
static void
clockd_raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		/* Not fatal: fewer clients, each refused past the limit. */
		if (setrlimit(RLIMIT_NOFILE, &rl) == -1)
			log_info("setrlimit: %s", strerror(errno));
	}
}

static void
clockd_zone(const char *tz)
{
	char why[256];

	/* TZ="" means UTC, but --tz "" is more likely an empty variable in
	 * a script than a wish: say --tz UTC. */
	if (tz != NULL && *tz == '\0')
		errx(EX_USAGE, "--tz: empty zone (for UTC, say --tz UTC)");
	if (tz != NULL && setenv("TZ", tz, 1) == -1)
		err(EX_OSERR, "setenv");
	if (clockd_tz_check(getenv("TZ"), NULL, why, sizeof(why)) == -1)
		errx(EX_USAGE, "%s", why);
	tzset();
}

static void
clockd_check_format(const char *fmt)
{
	char line[CLOCKD_LINE_MAX];

	if (clockd_tick_format(time(NULL), fmt, line, sizeof(line)) == 0)
		errx(EX_USAGE, "format \"%s\": empty or longer than %d bytes",
		    fmt, CLOCKD_LINE_MAX - 2);
}

static void
clockd_listen(struct clockd *d, const char *host, const char *port)
{
	char why[256];
	int bound, i;

	d->nlfds = net_listen(host, port, CLOCKD_BACKLOG, d->lfds,
	    CLOCKD_LISTEN_MAX, &bound, why, sizeof(why));
	if (d->nlfds <= 0)
		errx(EX_UNAVAILABLE, "%s", why);
	for (i = 0; i < d->nlfds; i++)
		if (loop_add(d->loop, d->lfds[i], POLLIN, clockd_on_listen,
		    d) == -1)
			err(EX_OSERR, "loop");
	printf("Listening on the port :%d\n", bound);
	fflush(stdout);
}

static void
clockd_free(struct clockd *d)
{
	int i;

	clockd_fanout_free(&d->fan);
	addrlim_free(&d->lim);
	for (i = 0; i < d->nlfds; i++)
		close(d->lfds[i]);
	loop_free(d->loop);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "bind",	required_argument,	NULL, 'b' },
		{ "format",	required_argument,	NULL, 'f' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "max-per-addr", required_argument,	NULL, 'M' },
		{ "port",	required_argument,	NULL, 'p' },
		{ "tz",		required_argument,	NULL, 'z' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};
	struct clockd d;
	const char *port = CLOCKD_PORT_DEFAULT, *host = NULL, *tz = NULL;
	const char *why;
	long long per_addr = CLOCKD_PER_ADDR_DEFAULT;
	int ch, level = LOG_NORMAL;

	memset(&d, 0, sizeof(d));
	d.format = CLOCKD_FORMAT_DEFAULT;
	/* getopt_long_only: gopl's "-port 8010" spelling works too. */
	while ((ch = getopt_long_only(argc, argv, "b:hp:qvV", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'b':
			host = optarg;
			break;
		case 'f':
			d.format = optarg;
			break;
		case 'h':
			help();
		case 'M':
			if (num_parse(optarg, 0, CLOCKD_PER_ADDR_MAX,
			    &per_addr, &why) == -1) {
				fprintf(stderr, "clockd: max-per-addr \"%s\": "
				    "%s\n", optarg, why);
				return EX_USAGE;
			}
			break;
		case 'p':
			port = optarg;
			break;
		case 'q':
			level = LOG_QUIET;
			break;
		case 'v':
			if (level < LOG_DEBUG)
				level++;
			break;
		case 'V':
			printf("clockd %s\n", TCPCHAT_VERSION);
			return 0;
		case 'z':
			tz = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc) {
		/* clockd takes its port as an option: say so, as gopl's
		 * "clock2 8010" habit would otherwise meet only the usage. */
		warnx("unexpected argument \"%s\": the port is given with "
		    "-port PORT", argv[optind]);
		usage();
	}
	if (net_port(port, 1, &why) == -1)
		errx(EX_USAGE, "port \"%s\": %s", port, why);
	log_init("clockd", level);
	clockd_zone(tz);
	clockd_check_format(d.format);
	clockd_raise_nofile();
	if ((d.loop = loop_new()) == NULL)
		err(EX_OSERR, "loop");
	clockd_fanout_init(&d.fan, d.loop);
	addrlim_init(&d.lim, &(struct addrlim_limits){
	    .per_addr = (unsigned)per_addr });
	d.fan.lim = &d.lim;
	clockd_listen(&d, host, port);
	if (loop_signal(d.loop, SIGINT, clockd_on_signal, &d) == -1 ||
	    loop_signal(d.loop, SIGTERM, clockd_on_signal, &d) == -1)
		err(EX_OSERR, "signal");
	clockd_start(&d);
	if (loop_run(d.loop) == -1) {
		log_error("poll: %s", strerror(errno));
		clockd_free(&d);
		return EX_OSERR;
	}
	log_verbose("%llu ticks, %llu clients dropped for not reading",
	    (unsigned long long)d.ticks, (unsigned long long)d.fan.dropped);
	clockd_free(&d);
	return 0;
}
