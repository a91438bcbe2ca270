/* tcpftpd: shares one folder read-only over FTP, from one poll() loop. */
#include <sys/resource.h>
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "ftpserv.h"
#include "log.h"
#include "loop.h"
#include "net.h"
#include "num.h"
#include "tcpftpd.h"

#define USAGE \
	"usage: tcpftpd [-hqVv] [-p PORT] [-b ADDR] [--root DIR] " \
	"[--max-clients N]\n" \
	"               [--max-per-addr N] [--max-pending N] " \
	"[--idle-timeout S]\n" \
	"               [--data-timeout S] [--passive-ports LO-HI] [port]\n"

enum {
	OPT_ROOT = 256, OPT_MAX_CLIENTS, OPT_PER_ADDR, OPT_PER_IP,
	OPT_PENDING, OPT_IDLE, OPT_DATA, OPT_PASV
};

static void __attribute__((noreturn))
usage(void)
{
	fputs(USAGE, stderr);
	exit(EX_USAGE);
}

static void __attribute__((noreturn))
help(void)
{
	printf("%s", USAGE);
	printf("Shares one folder read-only over FTP (anonymous, passive "
	    "mode).\n"
	    "\n"
	    "  -p, --port PORT        listen on PORT (default %s; 0: any)\n"
	    "  -b, --bind ADDR        listen on ADDR only (default: all, "
	    "v4+v6)\n"
	    "  --root DIR             the folder to share (default: the "
	    "current one)\n"
	    "  --max-clients N        control connections at once "
	    "(default %d)\n"
	    "  --max-per-addr N       of them from one address, an IPv6 /64 "
	    "counting as one\n"
	    "                         (default %d; 0: no limit)\n"
	    "  --max-per-ip N         the same (its former name)\n"
	    "  --max-pending N        of them not yet logged in; when full, "
	    "the address\n"
	    "                         holding the most loses its oldest "
	    "(default: half of\n"
	    "                         --max-clients; 0: no limit)\n"
	    "  --idle-timeout S       close a silent control connection "
	    "(default %d)\n"
	    "  --data-timeout S       abort a stalled or unused data "
	    "connection (default %d)\n"
	    "  --passive-ports LO-HI  passive data ports (default: any)\n"
	    "  -v                     say more (per client; -vv debug)\n"
	    "  -q                     errors only\n"
	    "  -h, --help             this help\n"
	    "  -V, --version          print the version\n",
	    TCPFTPD_PORT_DEFAULT, TCPFTPD_CLIENTS_DEFAULT,
	    TCPFTPD_PER_ADDR_DEFAULT, TCPFTPD_IDLE_DEFAULT,
	    TCPFTPD_DATA_DEFAULT);
	exit(0);
}

/* A number option in [lo, hi], or exit 64 naming the value and bound. */
static long long
tcpftpd_num(const char *opt, const char *s, long long lo, long long hi)
{
	long long v;
	const char *why;

	if (num_parse(s, lo, hi, &v, &why) == -1)
		errx(EX_USAGE, "%s \"%s\": %s (%lld to %lld)", opt, s, why,
		    lo, hi);
	return v;
}

static void
tcpftpd_ports(struct ftpconf *conf, const char *s)
{
	char lo[16];
	const char *dash = strchr(s, '-');

	if (dash == NULL || (size_t)(dash - s) >= sizeof(lo))
		errx(EX_USAGE, "--passive-ports \"%s\": not LO-HI", s);
	memcpy(lo, s, dash - s);
	lo[dash - s] = '\0';
	conf->pasv_lo = tcpftpd_num("--passive-ports", lo, 1024, 65535);
	conf->pasv_hi = tcpftpd_num("--passive-ports", dash + 1, 1024,
	    65535);
	if (conf->pasv_hi < conf->pasv_lo)
		errx(EX_USAGE, "--passive-ports \"%s\": HI below LO", s);
}

/* Thousands of clients need thousands of descriptors (two each while
 * they transfer): take what the hard limit allows. */
static void
tcpftpd_raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static void
tcpftpd_on_signal(struct loop *loop, int signo, void *arg)
{
	(void)arg;
	log_verbose("signal %d: exiting", signo);
	loop_stop(loop);
}

static const struct option tcpftpd_longopts[] = {
	{ "bind", required_argument, NULL, 'b' },
	{ "data-timeout", required_argument, NULL, OPT_DATA },
	{ "help", no_argument, NULL, 'h' },
	{ "idle-timeout", required_argument, NULL, OPT_IDLE },
	{ "max-clients", required_argument, NULL, OPT_MAX_CLIENTS },
	{ "max-pending", required_argument, NULL, OPT_PENDING },
	{ "max-per-addr", required_argument, NULL, OPT_PER_ADDR },
	{ "max-per-ip", required_argument, NULL, OPT_PER_IP },
	{ "passive-ports", required_argument, NULL, OPT_PASV },
	{ "port", required_argument, NULL, 'p' },
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	struct ftpserv srv;
	const char *host = NULL, *port = TCPFTPD_PORT_DEFAULT, *root = ".";
	const char *why;
	char ebuf[256];
	int c, verbose = LOG_NORMAL, bound, pending_set = 0;

	memset(&srv, 0, sizeof(srv));
	srv.max_clients = TCPFTPD_CLIENTS_DEFAULT;
	srv.per_addr = TCPFTPD_PER_ADDR_DEFAULT;
	srv.conf.idle_ns = TCPFTPD_IDLE_DEFAULT * 1000000000LL;
	srv.conf.data_ns = TCPFTPD_DATA_DEFAULT * 1000000000LL;
	while ((c = getopt_long(argc, argv, "b:hp:qvV", tcpftpd_longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'b':
			host = optarg;
			break;
		case 'h':
			help();
		case 'p':
			port = optarg;
			break;
		case 'q':
			verbose = LOG_QUIET;
			break;
		case 'v':
			verbose++;
			break;
		case 'V':
			printf("tcpftpd %s\n", TCPCHAT_VERSION);
			return 0;
		case OPT_ROOT:
			root = optarg;
			break;
		case OPT_MAX_CLIENTS:
			srv.max_clients = tcpftpd_num("--max-clients", optarg,
			    1, TCPFTPD_CLIENTS_MAX);
			break;
		case OPT_PER_ADDR:
			srv.per_addr = tcpftpd_num("--max-per-addr", optarg,
			    0, TCPFTPD_CLIENTS_MAX);
			break;
		case OPT_PER_IP:
			srv.per_addr = tcpftpd_num("--max-per-ip", optarg, 0,
			    TCPFTPD_CLIENTS_MAX);
			break;
		case OPT_PENDING:
			srv.max_pending = tcpftpd_num("--max-pending", optarg,
			    0, TCPFTPD_CLIENTS_MAX);
			pending_set = 1;
			break;
		case OPT_IDLE:
			srv.conf.idle_ns = tcpftpd_num("--idle-timeout",
			    optarg, 1, TCPFTPD_TIMEOUT_MAX) * 1000000000LL;
			break;
		case OPT_DATA:
			srv.conf.data_ns = tcpftpd_num("--data-timeout",
			    optarg, 1, TCPFTPD_TIMEOUT_MAX) * 1000000000LL;
			break;
		case OPT_PASV:
			tcpftpd_ports(&srv.conf, optarg);
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		usage();
	if (argc == 1)
		port = argv[0];
	if (!pending_set)
		srv.max_pending = srv.max_clients > 1 ? srv.max_clients / 2 : 1;
	if (net_port(port, 1, &why) == -1)
		errx(EX_USAGE, "port \"%s\": %s (0 to 65535)", port, why);
	log_init("tcpftpd", verbose);
	if ((srv.conf.root = open(root, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1)
		err(EX_NOINPUT, "--root \"%s\"", root);
	tcpftpd_raise_nofile();
	if ((srv.conf.loop = loop_new()) == NULL)
		err(EX_OSERR, "loop");
	if (loop_signal(srv.conf.loop, SIGTERM, tcpftpd_on_signal, NULL) ==
	    -1 || loop_signal(srv.conf.loop, SIGINT, tcpftpd_on_signal,
	    NULL) == -1)
		err(EX_OSERR, "signals");
	if ((bound = ftpserv_listen(&srv, host, port, ebuf, sizeof(ebuf))) ==
	    -1)
		errx(EX_UNAVAILABLE, "%s", ebuf);
	printf("Listening on the port :%d\n", bound);
	fflush(stdout);
	if (loop_run(srv.conf.loop) == -1)
		err(EX_OSERR, "poll");
	ftpserv_shutdown(&srv);
	loop_once(srv.conf.loop, 0);	/* the deferred frees */
	loop_free(srv.conf.loop);
	close(srv.conf.root);
	return 0;
}
