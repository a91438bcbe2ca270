/* tcpchatd: the chat server's command line; the work is in server.c. */
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "tcpchatd.h"
#include "log.h"
#include "names.h"
#include "net.h"
#include "num.h"
#include "server.h"
#include "cluster.h"

#ifndef TCPCHAT_VERSION
#define TCPCHAT_VERSION "0.0"
#endif

enum {
	OPT_CLUSTER_EXPIRY = 256,
	OPT_HISTORY,
	OPT_HISTORY_BYTES,
	OPT_IDLE_TIMEOUT,
	OPT_LINE_BURST,
	OPT_LINE_RATE,
	OPT_LOG,
	OPT_MAX_LINE,
	OPT_MAX_PER_ADDR,
	OPT_MAX_QUEUE,
	OPT_MAX_UNNAMED_PER_ADDR,
	OPT_MOTD,
	OPT_NAME_TIMEOUT,
	OPT_NODE,
	OPT_REDIS,
	OPT_STALL_TIMEOUT
};

static const struct option longopts[] = {
	{ "bind", required_argument, NULL, 'b' },
	{ "cluster-expiry", required_argument, NULL, OPT_CLUSTER_EXPIRY },
	{ "help", no_argument, NULL, 'h' },
	{ "history", required_argument, NULL, OPT_HISTORY },
	{ "history-bytes", required_argument, NULL, OPT_HISTORY_BYTES },
	{ "idle-timeout", required_argument, NULL, OPT_IDLE_TIMEOUT },
	{ "line-burst", required_argument, NULL, OPT_LINE_BURST },
	{ "line-rate", required_argument, NULL, OPT_LINE_RATE },
	{ "log", required_argument, NULL, OPT_LOG },
	{ "max-clients", required_argument, NULL, 'm' },
	{ "max-line", required_argument, NULL, OPT_MAX_LINE },
	{ "max-per-addr", required_argument, NULL, OPT_MAX_PER_ADDR },
	{ "max-queue", required_argument, NULL, OPT_MAX_QUEUE },
	{ "max-unnamed-per-addr", required_argument, NULL,
	    OPT_MAX_UNNAMED_PER_ADDR },
	{ "motd", required_argument, NULL, OPT_MOTD },
	{ "name-timeout", required_argument, NULL, OPT_NAME_TIMEOUT },
	{ "node", required_argument, NULL, OPT_NODE },
	{ "port", required_argument, NULL, 'p' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "redis", required_argument, NULL, OPT_REDIS },
	{ "stall-timeout", required_argument, NULL, OPT_STALL_TIMEOUT },
	{ "verbose", no_argument, NULL, 'v' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: tcpchatd [-hqVv] [-b addr] [-m max-clients] [-p port]\n"
	    "                [--cluster-expiry secs] [--history lines]\n"
	    "                [--history-bytes size] [--idle-timeout secs]\n"
	    "                [--line-burst lines] [--line-rate lines] "
	    "[--log file]\n"
	    "                [--max-line bytes] [--max-per-addr n] "
	    "[--max-queue size]\n"
	    "                [--max-unnamed-per-addr n] [--motd file] "
	    "[--name-timeout secs]\n"
	    "                [--node name] [--redis url] "
	    "[--stall-timeout secs] [port]\n");
}

/* net-cat's usage line, which its audit looks for, before ours. */
static void
usage_netcat(void)
{
	fprintf(stderr, "[USAGE]: tcpchatd $port\n");
}

static void __attribute__((noreturn))
bad(const char *what, const char *val, const char *why)
{
	if (strcmp(what, "port") == 0)
		usage_netcat();
	warnx("%s \"%s\": %s", what, val, why);
	usage(stderr);
	exit(EX_USAGE);
}

static char	**args;		/* main()'s argv, to name options as typed */

/* The option just parsed as it was typed: "-m" or "--max-clients". */
static const char *
typed(const char *longname, char shortname)
{
	static char buf[64];
	const char *a = args[optind - 1];

	if (a == optarg && optind >= 2)
		a = args[optind - 2];	/* "-m 0", "--max-clients 0" */
	if (shortname != '\0' && strncmp(a, "--", 2) != 0)
		snprintf(buf, sizeof(buf), "-%c", shortname);
	else
		snprintf(buf, sizeof(buf), "--%s", longname);
	return buf;
}

/* The bound a number passed, for the message. */
static void __attribute__((noreturn))
bad_bound(const char *what, const char *s, const char *why, long long min,
    long long max)
{
	char bound[96];

	if (strcmp(why, "too small") == 0)
		snprintf(bound, sizeof(bound), "below the minimum of %lld",
		    min);
	else if (strcmp(why, "too large") == 0)
		snprintf(bound, sizeof(bound), "above the maximum of %lld",
		    max);
	else
		snprintf(bound, sizeof(bound), "not a number from %lld to "
		    "%lld", min, max);
	bad(what, s, bound);
}

/* strtonum(3) with the option's name and the bound in the message. */
static long long
number(const char *what, const char *s, long long min, long long max)
{
	const char *why;
	long long v;

	if (num_parse(s, min, max, &v, &why) == -1)
		bad_bound(what, s, why, min, max);
	return v;
}

/* A number of bytes, or of KiB, MiB or GiB with a K, M or G after it. */
static long long
size(const char *what, const char *s, long long min, long long max)
{
	static const char units[] = "KMG";
	const char *why, *u;
	char digits[32];
	size_t n = strlen(s);
	long long v;
	int shift = 0;

	if (n > 0 &&
	    (u = strchr(units, toupper((unsigned char)s[n - 1]))) != NULL) {
		shift = 10 * (int)(u - units + 1);
		n--;
	}
	if (n >= sizeof(digits))
		bad_bound(what, s, "invalid", min, max);
	memcpy(digits, s, n);
	digits[n] = '\0';
	if (num_parse(digits, 0, max >> shift, &v, &why) == -1)
		bad_bound(what, s, why, min, max);
	if (v << shift < min)
		bad_bound(what, s, "too small", min, max);
	return v << shift;
}

/* --help: the synopsis (equal to the man page's), then what each option
 * does and its default, so an operator need not open the page. */
static void
help(void)
{
	usage(stdout);
	printf("\nA chat server for nc, telnet and tcpchat(1).\n\n"
	    "  -p, --port PORT       listen on PORT, 0 to 65535 (default %s;"
	    " 0: any)\n"
	    "  -b, --bind ADDR       listen on ADDR only (default: all, v4+v6)\n"
	    "  -m, --max-clients N   people in the chat at once, 1 to %d"
	    " (default %d)\n"
	    "  --cluster-expiry SECS  a silent node's people leave after SECS,"
	    " 2 to %d\n"
	    "                        (default %d)\n"
	    "  --history LINES       lines kept per room, 0 to %d (default %d)\n"
	    "  --history-bytes SIZE  history of all rooms together, in bytes"
	    " or with K,\n"
	    "                        M or G after the number, up to 1024G"
	    " (default %lldM)\n"
	    "  --idle-timeout SECS   drop a named client silent this long,"
	    " 1 to %d\n"
	    "                        (default: never)\n"
	    "  --line-rate LINES     lines a second read from one client,"
	    " the rest waits,\n"
	    "                        0 to %d (default %d; 0: no limit)\n"
	    "  --line-burst LINES    lines read from one client at once, 1 to"
	    " %d (default %d)\n"
	    "  --log FILE            append every event to FILE; reload it at"
	    " start\n"
	    "  --max-line BYTES      longest line accepted, 64 to %d"
	    " (default %d)\n"
	    "  --max-per-addr N      connections from one address, an IPv6"
	    " /64 counting\n"
	    "                        as one, 0 to %d (default %d; 0: no"
	    " limit)\n"
	    "  --max-queue SIZE      drop a reader this far behind, in bytes or"
	    " K, M, G,\n"
	    "                        1K to 4G (default %d)\n"
	    "  --max-unnamed-per-addr N  of those, still choosing a name,"
	    " 0 to %d\n"
	    "                        (default %d; 0: no limit)\n"
	    "  --motd FILE           show FILE after the banner\n"
	    "  --name-timeout SECS   time to choose a name, 1 to %d"
	    " (default %d)\n"
	    "  --node NAME           this node's name in the cluster (default"
	    " host:port)\n"
	    "  --redis URL           one chat with the other nodes on the Redis"
	    " at URL\n"
	    "                        (redis://[:pass@]host[:port][/db] or"
	    " unix:/path)\n"
	    "  --stall-timeout SECS  drop a reader stuck this long, 1 to %d"
	    " (default %d)\n"
	    "  -v, -q                say more (twice: debug); say only errors\n"
	    "  -h, -V                this help; the version\n",
	    PORT_DEFAULT, CLIENTS_MAX, CLIENTS_DEFAULT, TIMEOUT_MAX,
	    CLUSTER_EXPIRY_MS / 1000, HISTORY_MAX,
	    HISTORY_DEFAULT, HISTORY_BYTES_DEFAULT >> 20, TIMEOUT_MAX,
	    LINE_RATE_MAX, LINE_RATE_DEFAULT, LINE_RATE_MAX,
	    LINE_BURST_DEFAULT, CHATLINE_MAX, CHATLINE_DEFAULT, PER_ADDR_MAX,
	    PER_ADDR_DEFAULT, QUEUE_DEFAULT, PER_ADDR_MAX,
	    UNNAMED_PER_ADDR_DEFAULT, TIMEOUT_MAX, NAME_TIMEOUT_DEFAULT,
	    TIMEOUT_MAX, STALL_TIMEOUT_DEFAULT);
}

static const char *
port(const char *s)
{
	const char *why;

	if (net_port(s, 1, &why) == -1) {
		if (strcmp(why, "too small") == 0 ||
		    strcmp(why, "too large") == 0 ||
		    strcmp(why, "invalid") == 0)
			bad_bound("port", s, why, 0, 65535);
		bad("port", s, why);
	}
	return s;
}

static void
options(int argc, char **argv)
{
	int ch;

	while ((ch = getopt_long(argc, argv, "b:hm:p:qVv", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'b':
			srv.o.bind = optarg;
			break;
		case 'h':
			help();
			exit(0);
		case 'm':
			srv.o.max_clients = number(typed("max-clients", 'm'), optarg, 1,
			    CLIENTS_MAX);
			break;
		case 'p':
			srv.o.port = port(optarg);
			break;
		case 'q':
			srv.o.verbosity = LOG_QUIET;
			break;
		case 'V':
			printf("tcpchatd %s\n", TCPCHAT_VERSION);
			exit(0);
		case 'v':
			if (srv.o.verbosity < LOG_DEBUG)
				srv.o.verbosity++;
			break;
		case OPT_CLUSTER_EXPIRY:
			srv.o.cluster_expiry = number(typed("cluster-expiry",
			    0), optarg, 2, TIMEOUT_MAX);
			break;
		case OPT_HISTORY:
			srv.o.history = number(typed("history", 0), optarg, 0,
			    HISTORY_MAX);
			break;
		case OPT_HISTORY_BYTES:
			srv.o.history_bytes = size(typed("history-bytes", 0), optarg, 0,
			    HISTORY_BYTES_MAX);
			break;
		case OPT_IDLE_TIMEOUT:
			srv.o.idle_timeout = number(typed("idle-timeout", 0),
			    optarg, 1, TIMEOUT_MAX);
			break;
		case OPT_LINE_BURST:
			srv.o.line_burst = number(typed("line-burst", 0), optarg, 1,
			    LINE_RATE_MAX);
			break;
		case OPT_LINE_RATE:
			srv.o.line_rate = number(typed("line-rate", 0), optarg, 0,
			    LINE_RATE_MAX);
			break;
		case OPT_LOG:
			srv.o.log = optarg;
			break;
		case OPT_MAX_LINE:
			srv.o.max_line = number(typed("max-line", 0), optarg, 64,
			    CHATLINE_MAX);
			break;
		case OPT_MAX_PER_ADDR:
			srv.o.max_per_addr = number(typed("max-per-addr", 0), optarg, 0,
			    PER_ADDR_MAX);
			break;
		case OPT_MAX_QUEUE:
			srv.o.max_queue = size(typed("max-queue", 0), optarg, 1024,
			    QUEUE_MAX);
			break;
		case OPT_MAX_UNNAMED_PER_ADDR:
			srv.o.max_unnamed_per_addr = number(
			    typed("max-unnamed-per-addr", 0), optarg, 0, PER_ADDR_MAX);
			break;
		case OPT_MOTD:
			srv.o.motd = optarg;
			break;
		case OPT_NAME_TIMEOUT:
			srv.o.name_timeout = number(typed("name-timeout", 0), optarg, 1,
			    TIMEOUT_MAX);
			break;
		case OPT_NODE:
			srv.o.node = optarg;
			break;
		case OPT_REDIS:
			srv.o.redis = optarg;
			break;
		case OPT_STALL_TIMEOUT:
			srv.o.stall_timeout = number(typed("stall-timeout", 0),
			    optarg,
			    1, TIMEOUT_MAX);
			break;
		default:
			usage(stderr);
			exit(EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1) {
		usage_netcat();
		warnx("too many arguments: one port at most");
		usage(stderr);
		exit(EX_USAGE);
	}
	if (argc == 1)
		srv.o.port = port(argv[0]);
}

int
main(int argc, char **argv)
{
	char why[512];
	int code;

	if (names_locale() == -1)
		warnx("no UTF-8 locale: only ASCII names will be accepted");
	/* A fixed threshold: big arrays and queue rings always come from
	 * mmap and go back to the system when freed, instead of glibc's
	 * sliding threshold moving them into the heap to fragment it. */
	mallopt(M_MMAP_THRESHOLD, MALLOC_MMAP_MIN);
	server_defaults();
	/* getopt's own messages name argv[0]: the program, not the path
	 * it was started by. */
	args = argv;
	argv[0] = (char *)"tcpchatd";
	options(argc, argv);
	log_init("tcpchatd", srv.o.verbosity);
	if (server_start(why, sizeof(why), &code) == -1)
		errx(code, "%s", why);
	return server_run();
}
