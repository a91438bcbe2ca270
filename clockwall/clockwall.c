/* clockwall: shows the time of several clock servers side by side. */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "clock.h"
#include "clockwall.h"
#include "conn.h"
#include "log.h"
#include "loop.h"
#include "screen.h"
#include "table.h"
#include "efun.h"


#define NS		1000000000LL
#define PLAIN_PHASE_NS	(NS / 2)	/* print half a second past the tick */
#define DRAW_GAP_NS	(NS / 20)	/* at most 20 draws a second */

enum clockwall_mode {
	WALL_SCREEN,		/* full-screen curses table */
	WALL_PLAIN,		/* a line per second */
	WALL_ONCE		/* one line, then exit */
};

struct wall {
	struct loop	*loop;
	struct clock	*clocks;
	size_t		 n;
	char		*line;		/* the plain line, for all n */
	enum clockwall_mode	 mode;
	int		 big;
	int		 color;
	int		 timeout;	/* --once: seconds */
	int		 full;		/* repaint from scratch */
	int		 dirty;		/* redraw on this pass */
	int64_t		 drawn;		/* monotonic ns of the last draw */
	struct timer	*draw_timer;	/* a draw held back by DRAW_GAP_NS */
	struct timer	*timeout_timer;	/* --once gives up */
	int		 rc;
};

static const char usage_text[] =
    "usage: clockwall [--plain] [--once] [--timeout SECS] [--big] "
    "[--no-color]\n"
    "                 [-v] [-h] [-V] NAME=HOST:PORT ...\n";

static void __attribute__((noreturn))
clockwall_usage(void)
{
	fputs(usage_text, stderr);
	exit(EX_USAGE);
}

static void __attribute__((noreturn))
clockwall_help(void)
{
	fputs(usage_text, stdout);
	printf("Shows the time of several clock servers side by side.\n"
	    "\n"
	    "  NAME=HOST:PORT    a clock: NewYork=localhost:8010, "
	    "Home=[::1]:8000\n"
	    "  --plain           a line per second, even on a terminal\n"
	    "  --once            print one line when every clock has "
	    "answered, exit\n"
	    "  --timeout SECS    --once waits at most SECS (default %d)\n"
	    "  --big             large digits on the full-screen table\n"
	    "  --no-color        no colour (NO_COLOR is honoured too)\n"
	    "  -v, --verbose     log connects, drops and retries to stderr\n"
	    "                    (redirect it when the table is drawn)\n"
	    "  -h, --help        this help\n"
	    "  -V, --version     print the version\n"
	    "Keys: q quits, Ctrl-L redraws.\n", CLOCKWALL_TIMEOUT_DEFAULT);
	exit(EX_OK);
}

static void
clockwall_print(struct wall *w)
{
	table_plain(w->clocks, w->n, w->line, w->n * TABLE_PLAIN_ENTRY + 1);
	if (printf("%s\n", w->line) < 0 || fflush(stdout) == EOF) {
		/* A reader that went away (EPIPE) leaves nothing to do;
		 * anything else is an error. */
		if (errno != EPIPE) {
			warn("standard output");
			w->rc = EX_OSERR;
		}
		loop_stop(w->loop);
	}
}

static int
clockwall_all_answered(const struct wall *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (!w->clocks[i].answered)
			return 0;
	return 1;
}

static void	clockwall_tick(struct loop *, void *);

/* The next tick comes PLAIN_PHASE_NS past a second of the wall clock, at
 * least a tenth of a second from now. */
static void
clockwall_arm(struct wall *w)
{
	struct timespec ts;
	int64_t delay;

	clock_gettime(CLOCK_REALTIME, &ts);
	delay = PLAIN_PHASE_NS - ts.tv_nsec;
	if (delay < NS / 10)
		delay += NS;
	loop_timer_at(w->loop, loop_clock() + delay, clockwall_tick, w);
}

/* Once a second: staleness, silence, and the plain line. Aligned to the
 * wall clock so the plain lines come at a steady phase. */
static void
clockwall_tick(struct loop *loop, void *arg)
{
	struct wall *w = arg;
	int64_t now = loop_clock();
	size_t i;

	clockwall_arm(w);
	for (i = 0; i < w->n; i++) {
		clock_check_stale(&w->clocks[i], now);
		conn_check_silent(loop, &w->clocks[i], now);
	}
	if (w->mode == WALL_PLAIN)
		clockwall_print(w);
}

static void
clockwall_timeout(struct loop *loop, void *arg)
{
	struct wall *w = arg;

	w->timeout_timer = NULL;
	w->rc = EX_UNAVAILABLE;
	clockwall_print(w);
	loop_stop(loop);
}

static void
clockwall_draw(struct wall *w)
{
	screen_draw(w->clocks, w->n, w->big, w->full);
	w->dirty = w->full = 0;
	w->drawn = loop_clock();
}

static void
clockwall_draw_later(struct loop *loop, void *arg)
{
	struct wall *w = arg;

	(void)loop;
	w->draw_timer = NULL;
	if (w->dirty || w->full)
		clockwall_draw(w);
}

/* Before each poll(): draw once per pass, only when something changed,
 * and at most once per DRAW_GAP_NS, so a clock that floods us with lines
 * costs reads, not redraws. */
static void
clockwall_prepoll(struct loop *loop, void *arg)
{
	struct wall *w = arg;
	size_t i;

	for (i = 0; i < w->n; i++) {
		if (w->clocks[i].changed)
			w->dirty = 1;
		w->clocks[i].changed = 0;
	}
	if (w->mode == WALL_ONCE && clockwall_all_answered(w)) {
		/* Answered and timed out in one pass: print once. */
		loop_timer_cancel(loop, w->timeout_timer);
		w->timeout_timer = NULL;
		w->rc = 0;
		clockwall_print(w);
		loop_stop(loop);
	} else if (w->mode == WALL_SCREEN && (w->dirty || w->full) &&
	    w->draw_timer == NULL) {
		if (w->full || loop_now(loop) >= w->drawn + DRAW_GAP_NS)
			clockwall_draw(w);
		else
			w->draw_timer = loop_timer_at(loop, w->drawn +
			    DRAW_GAP_NS, clockwall_draw_later, w);
	}
}

static void
clockwall_on_key(struct loop *loop, int fd, int revents, void *arg)
{
	struct wall *w = arg;
	int ch;

	(void)fd;
	/* The terminal went away: getch() would find nothing, forever. */
	if (revents & (POLLHUP | POLLERR)) {
		loop_stop(loop);
		return;
	}
	while ((ch = screen_key()) != -1) {
		if (ch == 'q' || ch == 'Q') {
			loop_stop(loop);
		} else if (ch == 'L' - '@') {
			w->full = 1;
		} else if (ch == SCREEN_KEY_RESIZE) {
			w->dirty = 1;
		}
	}
}

static void
clockwall_on_signal(struct loop *loop, int signo, void *arg)
{
	struct wall *w = arg;

	if (signo == SIGWINCH) {
		if (w->mode == WALL_SCREEN) {
			screen_resize();
			w->dirty = 1;
		}
		return;
	}
	loop_stop(loop);
}

static void
clockwall_parse_clocks(struct wall *w, int argc, char *argv[])
{
	struct clockspec cs;
	char err[1024];
	int i, j;

	if (argc < 1)
		clockwall_usage();
	if (argc > CLOCKWALL_CLOCKS_MAX) {
		errx(EX_USAGE, "more than %d clocks", CLOCKWALL_CLOCKS_MAX);
	}
	w->clocks = ecalloc(argc, sizeof(*w->clocks));
	w->line = ecalloc(argc, TABLE_PLAIN_ENTRY + 1);
	for (i = 0; i < argc; i++) {
		if (args_parse_clock(argv[i], &cs, err, sizeof(err)) == -1) {
			warnx("%s", err);
			clockwall_usage();
		}
		for (j = 0; j < i; j++)
			if (strcmp(w->clocks[j].spec.name, cs.name) == 0) {
				/* The plain line would be ambiguous. */
				warnx("\"%s\" names two clocks", cs.name);
				clockwall_usage();
			}
		clock_init(&w->clocks[i], &cs);
	}
	w->n = argc;
}

static void
clockwall_options(struct wall *w, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "big",	no_argument,		NULL, 'b' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "no-color",	no_argument,		NULL, 'c' },
		{ "once",	no_argument,		NULL, '1' },
		{ "plain",	no_argument,		NULL, 'p' },
		{ "timeout",	required_argument,	NULL, 't' },
		{ "verbose",	no_argument,		NULL, 'v' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};
	int ch, once = 0, plain = 0;

	while ((ch = getopt_long(argc, argv, "hvV", longopts, NULL)) != -1) {
		switch (ch) {
		case '1':
			once = 1;
			break;
		case 'b':
			w->big = 1;
			break;
		case 'c':
			w->color = 0;
			break;
		case 'h':
			clockwall_help();
		case 'p':
			plain = 1;
			break;
		case 't':
			if ((w->timeout = args_parse_timeout(optarg)) == -1)
				errx(EX_USAGE, "timeout \"%s\": want 1 to %d "
				    "seconds", optarg, CLOCKWALL_TIMEOUT_MAX);
			break;
		case 'v':
			log_init("clockwall", LOG_VERBOSE);
			break;
		case 'V':
			printf("clockwall %s\n", TCPCHAT_VERSION);
			exit(EX_OK);
		default:
			clockwall_usage();
		}
	}
	clockwall_parse_clocks(w, argc - optind, argv + optind);
	if (once)
		w->mode = WALL_ONCE;
	else if (plain || !isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO))
		w->mode = WALL_PLAIN;
	else
		w->mode = WALL_SCREEN;
}

static void
clockwall_start(struct wall *w)
{
	size_t i;

	if ((w->loop = loop_new()) == NULL)
		err(EX_OSERR, NULL);
	if (loop_signal(w->loop, SIGINT, clockwall_on_signal, w) == -1 ||
	    loop_signal(w->loop, SIGTERM, clockwall_on_signal, w) == -1 ||
	    loop_signal(w->loop, SIGHUP, clockwall_on_signal, w) == -1)
		err(EX_OSERR, "signals");
	if (w->mode == WALL_SCREEN) {
		/* Ours before newterm(), so curses leaves SIGWINCH alone. */
		if (loop_signal(w->loop, SIGWINCH, clockwall_on_signal,
		    w) == -1)
			err(EX_OSERR, "SIGWINCH");
		if (screen_init(w->color) == -1) {
			warnx("cannot draw a table on TERM=%s; plain lines "
			    "instead", getenv("TERM") != NULL ?
			    getenv("TERM") : "");
			w->mode = WALL_PLAIN;
		} else {
			if (loop_add(w->loop, STDIN_FILENO, POLLIN,
			    clockwall_on_key, w) == -1) {
				screen_end();
				err(EX_OSERR, "standard input");
			}
			w->dirty = 1;
		}
	}
	if (w->mode == WALL_ONCE)
		w->timeout_timer = loop_timer_after(w->loop,
		    (int64_t)w->timeout * 1000, clockwall_timeout, w);
	loop_prepoll(w->loop, clockwall_prepoll, w);
	for (i = 0; i < w->n; i++)
		conn_start(w->loop, &w->clocks[i]);
	clockwall_arm(w);
}

int
main(int argc, char *argv[])
{
	struct wall w;
	size_t i;

	setlocale(LC_ALL, "");
	memset(&w, 0, sizeof(w));
	w.color = getenv("NO_COLOR") == NULL || *getenv("NO_COLOR") == '\0';
	w.timeout = CLOCKWALL_TIMEOUT_DEFAULT;
	log_init("clockwall", LOG_QUIET);
	clockwall_options(&w, argc, argv);
	clockwall_start(&w);
	if (loop_run(w.loop) == -1 && w.rc == 0)
		w.rc = EX_OSERR;
	screen_end();
	for (i = 0; i < w.n; i++)
		conn_stop(w.loop, &w.clocks[i]);
	loop_free(w.loop);
	free(w.clocks);
	free(w.line);
	return w.rc;
}
