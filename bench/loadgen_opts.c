/* loadgen_opts.c: loadgen's command line: options, defaults, limits, --help. */

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "num.h"
#include "loadgen.h"

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
"  -p, --port PORT       server port (8989); P1,P2,... spreads the clients\n"
"                        over several (cluster nodes), client i on the\n"
"                        (i mod n)th, and reports the latency to readers\n"
"                        on another server apart\n"
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

/* The label is printed into the JSON unescaped: a safe alphabet only. */
static const char *
label_arg(const char *s)
{
	const char *p;

	for (p = s; *p != '\0'; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.=", *p))
			die(EX_USAGE, "label \"%s\": invalid", s);
	return s;
}

static void
opts_default(void)
{
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
}

void
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
	int ch;

	opts_default();
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
			O.label = label_arg(optarg);
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
