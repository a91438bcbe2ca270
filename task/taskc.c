/* taskc: a worker for taskd that answers tasks by itself, and a prompt
 * for messages (the tutorial's client). */
#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "loop.h"
#include "taskargs.h"
#include "taskc.h"
#include "taskproto.h"
#include "tcline.h"
#include "tcsess.h"
#include "text.h"

#define TASKC_USAGE	"usage: taskc [-hqV] [--count N] [host] [port]\n"
#define TASKC_PROMPT	"taskc> "
#define TASKC_BYE_WAIT_MS	3000	/* for taskd's BYE after our exit */

static struct {
	struct loop		*loop;
	struct taskc_opts	 o;
	long long		 done;		/* tasks answered */
	int			 quitting;	/* exit sent, awaiting BYE */
	int			 reading;	/* stdin has been started */
} tc;

static void __attribute__((noreturn))
usage(void)
{
	fputs(TASKC_USAGE, stderr);
	exit(EX_USAGE);
}

static void __attribute__((noreturn))
help(void)
{
	printf(TASKC_USAGE
	    "A worker for taskd: answers each task by itself; lines typed at "
	    "the prompt\nare sent as messages; exit (or Ctrl-D) quits.\n"
	    "\n"
	    "  host              taskd's host (default %s)\n"
	    "  port              taskd's port (default %s)\n"
	    "  --count N         exit after answering N tasks\n"
	    "  -q, --quiet       no prompt and no output: a headless worker\n"
	    "  -h, --help        this help\n"
	    "  -V, --version     print the version\n",
	    TASKC_HOST_DEFAULT, TASKC_PORT_DEFAULT);
	exit(0);
}

/* Whatever taskd says is shown only once it is safe for a terminal. */
static void
taskc_show(const char *what, const char *p, size_t len)
{
	char out[TEXT_CLEAN_MAX(TASKC_LINE_MAX)];
	size_t n;

	if (tc.o.quiet)
		return;
	n = text_clean(p, len, out);
	tcline_print("%s%.*s", what, (int)n, out);
}

static void
taskc_finish(struct loop *l, void *arg)
{
	(void)arg;
	loop_stop(l);
}

/* Say exit and wait a little for taskd's BYE; leave at once if there
 * is nobody to say it to. */
static void
taskc_quit(void)
{
	if (tc.quitting)
		return;
	tc.quitting = 1;
	tcline_stop();
	if (!tcsess_up() || tcsess_send("exit", 4) == -1) {
		loop_stop(tc.loop);
		return;
	}
	loop_timer_after(tc.loop, TASKC_BYE_WAIT_MS, taskc_finish, NULL);
}

static void
taskc_task(const struct taskproto_msg *m)
{
	char line[64];
	long long sq;
	int n;

	if (tc.quitting)
		return;
	if (taskproto_square(m->num, &sq) == -1)
		return;		/* the parser bounds n: cannot happen */
	n = taskproto_fmt_result(line, sizeof(line), m->id, sq);
	if (tcsess_send(line, (size_t)n - 1) == -1)
		return;
	tc.done++;
	if (!tc.o.quiet)
		tcline_print("task %" PRIu64 ": %lld squared is %lld", m->id,
		    m->num, sq);
	if (tc.o.count > 0 && tc.done >= tc.o.count)
		taskc_quit();
}

static void
taskc_on_line(char *line, size_t len, void *arg)
{
	struct taskproto_msg m;

	(void)arg;
	switch (taskproto_parse_server(line, len, &m)) {
	case TP_TASK:
		taskc_task(&m);
		break;
	case TP_OK:
		if (!tc.o.quiet)
			tcline_print("confirmed: %lld bytes", m.num);
		break;
	case TP_ACK:
		/* A right answer needs no news; anything else does. */
		if (len < 3 || memcmp(line + len - 3, " ok", 3) != 0)
			taskc_show("taskd: ", line, len);
		break;
	case TP_BYE:
		taskc_show("taskd: ", line, len);
		if (tc.quitting)
			loop_stop(tc.loop);
		break;
	default:
		taskc_show("taskd: ", line, len);
		break;
	}
}

static void	taskc_on_typed(const char *, void *);

static void
taskc_on_up(const char *addr, void *arg)
{
	(void)arg;
	if (tc.o.quiet)
		return;
	/* Input is read from the first connection on, so that lines piped
	 * in are not lost to a connection still being made. */
	if (!tc.reading) {
		tc.reading = 1;
		tcline_start(tc.loop, TASKC_PROMPT, taskc_on_typed, NULL);
	}
	tcline_print("connected to %s", addr);
}

static void
taskc_on_down(const char *why, long ms, void *arg)
{
	(void)arg;
	if (tc.quitting) {
		loop_stop(tc.loop);
		return;
	}
	if (!tc.o.quiet)
		tcline_print("%s; trying again in %.1f s", why, ms / 1000.0);
}

static void
taskc_on_typed(const char *line, void *arg)
{
	struct taskproto_msg m;
	size_t len;

	(void)arg;
	if (line == NULL) {
		taskc_quit();
		return;
	}
	len = strlen(line);
	if (taskproto_parse_client(line, len, &m) == TP_EXIT) {
		taskc_quit();
		return;
	}
	if (len == 0)
		return;
	if (tcsess_send(line, len) == -1)
		tcline_print("not connected: not sent");
}

static void
taskc_on_signal(struct loop *l, int signo, void *arg)
{
	(void)arg;
	if (signo == SIGWINCH) {
		tcline_resize();
		return;
	}
	if (tc.quitting)
		loop_stop(l);	/* a second ^C: do not wait */
	else
		taskc_quit();
}

int
main(int argc, char *argv[])
{
	static const struct tcsess_cb cb = {
		taskc_on_line, taskc_on_up, taskc_on_down, NULL
	};
	char why[256];

	setlocale(LC_ALL, "");
	switch (taskargs_taskc(argc, argv, &tc.o, why, sizeof(why))) {
	case TASKARGS_RUN:
		break;
	case TASKARGS_HELP:
		help();
	case TASKARGS_VERSION:
		printf("taskc %s\n", TCPCHAT_VERSION);
		return 0;
	case TASKARGS_BAD:
		errx(EX_USAGE, "%s", why);
	default:
		usage();
	}
	if ((tc.loop = loop_new()) == NULL)
		err(EX_OSERR, "loop_new");
	if (loop_signal(tc.loop, SIGINT, taskc_on_signal, NULL) == -1 ||
	    loop_signal(tc.loop, SIGTERM, taskc_on_signal, NULL) == -1 ||
	    loop_signal(tc.loop, SIGHUP, taskc_on_signal, NULL) == -1 ||
	    loop_signal(tc.loop, SIGWINCH, taskc_on_signal, NULL) == -1)
		err(EX_OSERR, "loop_signal");
	if (!tc.o.quiet)
		printf("connecting to %s port %s\n", tc.o.host, tc.o.port);
	fflush(stdout);
	tcsess_start(tc.loop, tc.o.host, tc.o.port, &cb);
	if (loop_run(tc.loop) == -1) {
		tcline_stop();
		err(EX_OSERR, "poll");
	}
	tcline_stop();
	tcsess_stop();
	loop_free(tc.loop);
	return 0;
}
