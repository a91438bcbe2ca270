/* taskc's terminal: a readline prompt (or plain stdin), and output that
 * never disturbs the line being typed. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "framer.h"
#include "loop.h"
#include "taskc.h"
#include "tcline.h"

static struct {
	struct loop	*loop;
	tcline_fn	*fn;
	void		*arg;
	struct framer	 fr;
	int		 rl;		/* readline installed */
	int		 reading;	/* stdin watched */
	int		 fresh;		/* readline just ended a line */
} tl;

static void
tcline_on_rl(char *line)
{
	if (line != NULL && *line != '\0')
		add_history(line);
	tl.fresh = line != NULL;
	tl.fn(line, tl.arg);
	tl.fresh = 0;
	free(line);
}

static int
tcline_on_plain(void *arg, char *line, size_t len)
{
	char *s;

	(void)arg;
	/* A NUL in piped input ends the line there, as in readline. */
	if ((s = malloc(len + 1)) == NULL)
		return -1;
	memcpy(s, line, len);
	s[len] = '\0';
	tl.fn(s, tl.arg);
	free(s);
	return tl.reading ? 0 : -1;
}

static int
tcline_on_long(void *arg)
{
	(void)arg;
	fprintf(stderr, "taskc: line longer than %d bytes: not sent\n",
	    TASKC_LINE_MAX);
	return 0;
}

static void
tcline_eof(void)
{
	tcline_stop();
	tl.fn(NULL, tl.arg);
}

static void
tcline_io(struct loop *l, int fd, int revents, void *arg)
{
	char buf[4096];
	ssize_t n;

	(void)l;
	(void)revents;
	(void)arg;
	if (tl.rl) {
		rl_callback_read_char();
		return;
	}
	while ((n = read(fd, buf, sizeof(buf))) == -1 && errno == EINTR)
		;
	if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return;
	if (n <= 0) {
		tcline_eof();
		return;
	}
	framer_feed(&tl.fr, buf, (size_t)n, tcline_on_plain, tcline_on_long,
	    NULL);
}

void
tcline_start(struct loop *l, const char *prompt, tcline_fn *fn, void *arg)
{
	tl.loop = l;
	tl.fn = fn;
	tl.arg = arg;
	framer_init(&tl.fr, TASKC_LINE_MAX);
	if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		/* Signals reach the loop, which decides; readline only
		 * edits the line. */
		rl_catch_signals = 0;
		rl_catch_sigwinch = 0;
		rl_readline_name = "taskc";
		rl_callback_handler_install(prompt, tcline_on_rl);
		tl.rl = 1;
	}
	if (loop_add(l, STDIN_FILENO, POLLIN, tcline_io, NULL) == 0)
		tl.reading = 1;
}

void
tcline_print(const char *fmt, ...)
{
	va_list ap;

	if (tl.rl)
		rl_clear_visible_line();
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (tl.rl)
		rl_forced_update_display();
}

void
tcline_resize(void)
{
	if (tl.rl)
		rl_resize_terminal();
}

void
tcline_stop(void)
{
	if (tl.reading) {
		loop_del(tl.loop, STDIN_FILENO);
		tl.reading = 0;
	}
	if (tl.rl) {
		rl_callback_handler_remove();
		tl.rl = 0;
		/* The prompt line is left as it was: end it. */
		if (!tl.fresh) {
			putchar('\n');
			fflush(stdout);
		}
	}
	framer_reset(&tl.fr);
}
