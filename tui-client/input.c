/* The input line: GNU readline through its callback interface, fed the
 * keys curses reads, drawn by ui.c instead of by readline. */
#include <sys/stat.h>

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "command.h"
#include "complete.h"
#include "input.h"
#include "tcpchat.h"
#include "people.h"
#include "text.h"
#include "ui.h"
#include "efun.h"

static struct {
	unsigned char		 q[16];	/* bytes for readline to read */
	size_t			 head, len;
	input_line_fn		*on_line;
	char			*histfile;
	input_src_fn		*src;
	FILE			*null;
	int			 added;	/* history lines added this run */
	int			 nohist; /* lines are not history now */
	int			 on;
} in;

/* Readline reads its keys from here, never from the terminal. */
static int
input_getc(FILE *fp)
{
	unsigned char c;

	(void)fp;
	if (in.len == 0)
		return EOF;
	c = in.q[in.head];
	in.head = (in.head + 1) % sizeof(in.q);
	in.len--;
	return c;
}

static int
input_avail(void)
{
	return in.len > 0;
}

/* Readline asks to redisplay; curses draws once per loop pass. */
static void
input_redisplay(void)
{
	ui_dirty();
}

static void
input_noprep(int meta)
{
	(void)meta;
}

static void
input_nodeprep(void)
{
}

static void
input_handler(char *line)
{
	HIST_ENTRY *last;

	if (line != NULL && line[0] != '\0' && !in.nohist) {
		last = history_length > 0 ? history_get(history_base +
		    history_length - 1) : NULL;
		if (last == NULL || strcmp(last->line, line) != 0) {
			add_history(line);
			in.added++;
		}
	}
	in.on_line(line);
}

/* Tab: "/" and a command at the start of the line, a room after /join,
 * anyone after /msg, else a name of the room's; at the start of the line
 * a name addresses someone, so it gets a ':' (readline adds the space). */
static char *
input_complete_gen(const char *text, int state)
{
	static size_t at;
	static char **cands;
	static size_t n;
	struct complete_src src;
	enum complete_kind kind;
	const char *hit;
	const struct command *t;
	size_t i, count;
	int start;

	if (state == 0) {
		at = 0;
		complete_free(cands, n);
		cands = NULL;
		n = 0;
		start = rl_point - (int)strlen(text);
		if ((kind = complete_kind(rl_line_buffer, start)) ==
		    COMPLETE_CMD) {
			t = command_table(&count);
			cands = ecalloc(count, sizeof(char *));
			for (i = 0; i < count; i++) {
				cands[i] = emalloc(strlen(t[i].name) + 2);
				sprintf(cands[i], "/%s", t[i].name);
			}
			n = count;
		} else {
			memset(&src, 0, sizeof(src));
			in.src(&src);
			n = complete_cands(&src, kind, start == 0,
			    text[0] == '#', &cands);
		}
	}
	hit = complete_next(text, (const char *const *)cands, n, &at);
	return hit != NULL ? estrdup(hit) : NULL;
}

static char **
input_complete(const char *text, int start, int end)
{
	(void)start;
	(void)end;
	rl_attempted_completion_over = 1;	/* never file names */
	return rl_completion_matches(text, input_complete_gen);
}

char *
input_history_path(void)
{
	const char *base, *home;
	char *path, *p;

	base = getenv("XDG_STATE_HOME");
	home = getenv("HOME");
	if (base != NULL && base[0] == '/') {
		path = emalloc(strlen(base) + 32);
		sprintf(path, "%s/tcpchat/history", base);
	} else if (home != NULL && home[0] == '/') {
		path = emalloc(strlen(home) + 48);
		sprintf(path, "%s/.local/state/tcpchat/history", home);
	} else
		return NULL;
	for (p = path + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(path, 0700) == -1 && errno != EEXIST) {
			free(path);
			return NULL;
		}
		*p = '/';
	}
	return path;
}

void
input_init(input_line_fn *on_line, const char *histfile, input_src_fn *src)
{
	in.on_line = on_line;
	in.src = src;
	in.histfile = histfile ? estrdup(histfile) : NULL;
	in.null = fopen("/dev/null", "w");
	rl_readline_name = "tcpchat";
	rl_change_environment = 0;
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_instream = stdin;
	rl_outstream = in.null != NULL ? in.null : stderr;
	rl_getc_function = input_getc;
	rl_input_available_hook = input_avail;
	rl_redisplay_function = input_redisplay;
	rl_prep_term_function = input_noprep;
	rl_deprep_term_function = input_nodeprep;
	rl_attempted_completion_function = input_complete;
	rl_sort_completion_matches = 0;	/* our order: latest speaker first */
	rl_initialize();
	rl_variable_bind("bell-style", "none");
	rl_variable_bind("completion-ignore-case", "on");
	rl_variable_bind("input-meta", "on");
	rl_variable_bind("output-meta", "on");
	rl_variable_bind("convert-meta", "off");
	rl_bind_key('\t', rl_menu_complete);
	using_history();
	stifle_history(HISTORY_DEFAULT);
	if (in.histfile != NULL)
		read_history(in.histfile);
	rl_callback_handler_install("", input_handler);
	in.on = 1;
}

/* Append this run's lines, so two clients at once lose neither's; the
 * file is kept to HISTORY_DEFAULT lines and private. */
static void
input_save_history(void)
{
	int fd, n;

	if (in.histfile == NULL)
		return;
	n = in.added < HISTORY_DEFAULT ? in.added : HISTORY_DEFAULT;
	/* Made 0600 here, so the umask never shows it to others even for
	 * the moment before a chmod. */
	if ((fd = open(in.histfile, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) != -1) {
		(void)close(fd);	/* empty: nothing written to lose */
		if (write_history(in.histfile) != 0)
			return;
	} else if (errno != EEXIST)
		return;
	else if (n > 0 && append_history(n, in.histfile) != 0)
		return;
	history_truncate_file(in.histfile, HISTORY_DEFAULT);
	/* An older file another umask made: private from now on. If that
	 * fails (not our file), the terminal is already given back and
	 * there is no one to tell; the history itself was saved. */
	(void)chmod(in.histfile, 0600);
}

void
input_end(void)
{
	if (!in.on)
		return;
	in.on = 0;
	rl_callback_handler_remove();
	input_save_history();
	free(in.histfile);
	in.histfile = NULL;
	if (in.null != NULL)
		(void)fclose(in.null);	/* /dev/null: nothing to lose */
	in.null = NULL;
}

/* Hand bytes to readline one at a time, as if typed. */
static void
input_feed(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && in.on; i++) {
		in.q[(in.head + in.len) % sizeof(in.q)] = (unsigned char)s[i];
		in.len++;
		while (in.len > 0 && in.on)
			rl_callback_read_char();
	}
}

/* Curses decoded these keys; readline knows them as the sequences an
 * xterm sends, which its default key map binds. */
static const char *
input_keyseq(unsigned int key)
{
	switch (key) {
	case KEY_LEFT:
		return "\033[D";
	case KEY_RIGHT:
		return "\033[C";
	case KEY_UP:
		return "\033[A";
	case KEY_DOWN:
		return "\033[B";
	case KEY_DC:
		return "\033[3~";
	case KEY_BACKSPACE:
		return "\177";
	case KEY_ENTER:
		return "\r";
	case KEY_HOME:
		return "\001";		/* Ctrl-A: to the line's start */
	case KEY_END:
		return "\005";		/* Ctrl-E: to its end */
	}
	return NULL;
}

void
input_key(unsigned int key, int is_key)
{
	const char *seq;
	char buf[4];

	if (is_key) {
		if ((seq = input_keyseq(key)) != NULL)
			input_feed(seq, strlen(seq));
		return;
	}
	input_feed(buf, (size_t)utf8_encode(key, buf));
}

void
input_keep_history(int on)
{
	in.nohist = !on;
}

void
input_insert(const char *text)
{
	rl_insert_text(text);
	ui_dirty();
}

void
input_prompt(const char *prompt)
{
	rl_set_prompt(prompt);
	ui_dirty();
}

const char *
input_shown_prompt(void)
{
	return rl_display_prompt != NULL ? rl_display_prompt : "";
}

const char *
input_text(size_t *point)
{
	size_t len;

	len = rl_line_buffer ? strlen(rl_line_buffer) : 0;
	*point = rl_point < 0 ? 0 : (size_t)rl_point;
	if (*point > len)
		*point = len;
	return rl_line_buffer ? rl_line_buffer : "";
}
