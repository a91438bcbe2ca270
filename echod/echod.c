/* echod: a wait-and-echo server with three concurrency models. */
#include <sys/resource.h>

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "echod.h"
#include "echod_args.h"
#include "echod_fork.h"
#include "echod_poll.h"
#include "echod_srv.h"
#include "echod_stats.h"
#include "echod_threads.h"
#include "log.h"
#include "loop.h"
#include "net.h"

#define ECHOD_USAGE \
	"usage: echod [-hqVv] [-b ADDR] [-p PORT] [--delay MS] " \
	"[--idle-timeout S]\n" \
	"             [--max-clients N] [--max-line N] [--max-per-addr N]\n" \
	"             [--model poll|fork|threads] [--reverb] [--stats] " \
	"[--threads N]\n" \
	"             [port]\n"

static void __attribute__((noreturn))
usage(void)
{
	fputs(ECHOD_USAGE, stderr);
	exit(EX_USAGE);
}

static void __attribute__((noreturn))
help(void)
{
	printf("%s", ECHOD_USAGE);
	printf("Echoes every line back after a delay, to many clients at "
	    "once.\n"
	    "\n"
	    "  -p, --port PORT       listen on PORT (default %s; 0: any)\n"
	    "  -b, --bind ADDR       listen on ADDR only (default: all)\n"
	    "  --model MODEL         poll (default): one loop; fork: a "
	    "process\n"
	    "                        per client; threads: a pool of "
	    "workers\n"
	    "  --threads N           workers of the threads model "
	    "(default 4 x cores)\n"
	    "  --delay MS            echo each line MS ms after it came "
	    "(default 0)\n"
	    "  --reverb              shout, say, then whisper each line, "
	    "MS apart\n"
	    "  --max-clients N       refuse clients beyond N (default %d)\n"
	    "  --max-line N          longest line in bytes (default %d)\n"
	    "  --max-per-addr N      clients from one address, an IPv6 /64 "
	    "counting as one\n"
	    "                        (default %d; 0: no limit)\n"
	    "  --idle-timeout S      drop a client silent for S seconds "
	    "(default %d;\n"
	    "                        0: never)\n"
	    "  --stats               answer a STATS line with the counters\n"
	    "  -v                    say more (per client; -vv debug)\n"
	    "  -q                    errors only\n"
	    "  -h, --help            this help\n"
	    "  -V, --version         print the version\n",
	    ECHOD_PORT_DEFAULT, ECHOD_CLIENTS_DEFAULT, ECHOD_LINE_DEFAULT,
	    ECHOD_PER_ADDR_DEFAULT, ECHOD_IDLE_DEFAULT);
	exit(0);
}

/* Thousands of clients need thousands of descriptors: take what the hard
 * limit allows. */
static void
echod_raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static void
echod_listen(struct echod_srv *srv, const struct echod_conf *c)
{
	char why[256];
	int bound;

	srv->nlfds = net_listen(c->host, c->port, ECHOD_BACKLOG, srv->lfds,
	    ECHOD_LISTEN_MAX, &bound, why, sizeof(why));
	if (srv->nlfds <= 0)
		errx(EX_UNAVAILABLE, "%s", why);
	if (echod_srv_start(srv) == -1)
		err(EX_OSERR, "loop");
	printf("Listening on the port :%d\n", bound);
	fflush(stdout);
}

/* The counters: shared memory for the fork model's children. */
static struct echod_stats *
echod_counters(const struct echod_conf *c)
{
	static struct echod_stats local;
	struct echod_stats *s;

	if (c->model != ECHOD_FORK) {
		echod_stats_init(&local);
		return &local;
	}
	if ((s = echod_stats_shared()) == NULL)
		err(EX_OSERR, "shared counters");
	return s;
}

int
main(int argc, char *argv[])
{
	struct echod_conf conf;
	struct echod_srv srv;
	char msg[256];
	int rc;

	switch (echod_args_parse(&conf, argc, argv,
	    sysconf(_SC_NPROCESSORS_ONLN), msg, sizeof(msg))) {
	case ECHOD_ARGS_RUN:
		break;
	case ECHOD_ARGS_HELP:
		help();
	case ECHOD_ARGS_VERSION:
		printf("echod %s\n", TCPCHAT_VERSION);
		return 0;
	case ECHOD_ARGS_BAD:
		errx(EX_USAGE, "%s", msg);
	case ECHOD_ARGS_USAGE:
		usage();
	}
	log_init("echod", conf.verbosity);
	echod_raise_nofile();
	memset(&srv, 0, sizeof(srv));
	srv.conf = &conf;
	srv.stats = echod_counters(&conf);
	if ((srv.loop = loop_new()) == NULL)
		err(EX_OSERR, "loop");
	echod_listen(&srv, &conf);
	log_verbose("model %s", echod_args_model_name(conf.model));
	if (conf.model == ECHOD_POLL)
		rc = echod_poll_run(&srv);
	else if (conf.model == ECHOD_FORK)
		rc = echod_fork_run(&srv);
	else
		rc = echod_threads_run(&srv);
	if (rc == -1)
		err(EX_OSERR, "%s model", echod_args_model_name(conf.model));
	echod_srv_unlisten(&srv);
	echod_srv_free(&srv);
	echod_srv_report(&srv, "exit");
	loop_free(srv.loop);
	if (conf.model == ECHOD_FORK)
		echod_stats_unshare(srv.stats);
	return 0;
}
