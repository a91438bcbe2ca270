/* Screen: the full-screen curses table, drawn in place. */
#include <sys/ioctl.h>

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bigdigits.h"
#include "offset.h"
#include "screen.h"
#include "table.h"
#include "text.h"

enum {
	PAIR_TICKING = 1,
	PAIR_STALE,
	PAIR_DOWN,
	PAIR_CONNECTING,
	PAIR_TITLE
};

static SCREEN	*screen;
static int	screen_on;
static int	screen_color;	/* colour pairs were set up */

#if defined(__SANITIZE_ADDRESS__)	/* gcc */
#define SCREEN_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)	/* clang */
#define SCREEN_ASAN 1
#endif
#endif
#ifdef SCREEN_ASAN
/*
 * When newterm() fails (TERM unset or unknown) ncurses keeps the state it
 * allocated first and offers no call that frees it: not a leak of ours,
 * and one allocation per run.  LeakSanitizer asks for this at start.
 */
const char	*__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void)
{
	return "leak:new_prescr\n";
}
#endif

int
screen_init(int color)
{
	const char *cup;

	/* newterm, unlike initscr, returns when TERM is unset or unknown. */
	if ((screen = newterm(NULL, stdout, stdin)) == NULL)
		return -1;
	cup = tigetstr("cup");
	if (cup == NULL || cup == (char *)-1) {
		/* "dumb" and the like: no cursor addressing, no table. */
		endwin();
		delscreen(screen);
		screen = NULL;
		return -1;
	}
	atexit(screen_end);
	screen_on = 1;
	cbreak();
	noecho();
	nonl();
	curs_set(0);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	if (color && has_colors()) {
		start_color();
		use_default_colors();
		init_pair(PAIR_TICKING, COLOR_GREEN, -1);
		init_pair(PAIR_STALE, COLOR_YELLOW, -1);
		init_pair(PAIR_DOWN, COLOR_RED, -1);
		init_pair(PAIR_CONNECTING, COLOR_CYAN, -1);
		init_pair(PAIR_TITLE, COLOR_BLUE, -1);
		screen_color = 1;
	}
	return 0;
}

void
screen_end(void)
{
	if (!screen_on)
		return;
	screen_on = 0;
	endwin();
}

void
screen_resize(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
}

int
screen_key(void)
{
	int ch = getch();

	if (ch == KEY_RESIZE)
		return SCREEN_KEY_RESIZE;
	return ch == ERR ? -1 : ch;
}

/* Colour and weight by state; without colour, weight alone tells. */
static attr_t
screen_attr(const struct clock *c)
{
	static const struct {
		short	pair;
		attr_t	mono;
	} look[] = {
		[CLOCK_CONNECTING] = { PAIR_CONNECTING, A_DIM },
		[CLOCK_TICKING] = { PAIR_TICKING, A_BOLD },
		[CLOCK_STALE] = { PAIR_STALE, A_UNDERLINE },
		[CLOCK_DOWN] = { PAIR_DOWN, A_REVERSE },
	};

	if (screen_color)
		return COLOR_PAIR(look[c->state].pair) | A_BOLD;
	return look[c->state].mono;
}

/* Text cut to cols columns (wcwidth) at y, x. */
static void
screen_put(int y, int x, const char *s, int cols, attr_t attr)
{
	size_t n;

	if (cols <= 0 || y >= LINES || x >= COLS)
		return;
	if (x + cols > COLS)
		cols = COLS - x;
	n = text_fit(s, strlen(s), cols, NULL);
	attrset(attr);
	mvaddnstr(y, x, s, (int)n);
	attrset(A_NORMAL);
}

/* Like screen_put, but what is cut ends in a mark, so that a time cut to
 * "10:49" is not taken for one. */
static void
screen_put_cut(int y, int x, const char *s, int cols, attr_t attr)
{
	const char *mark = MB_CUR_MAX > 1 ? "\u2026" : ">";
	size_t n;

	if (x + cols > COLS)
		cols = COLS - x;
	if (cols <= 0 || text_width(s, strlen(s)) <= cols) {
		screen_put(y, x, s, cols, attr);
		return;
	}
	n = text_fit(s, strlen(s), cols - 1, NULL);
	attrset(attr);
	mvaddnstr(y, x, s, (int)n);
	addstr(mark);
	attrset(A_NORMAL);
}

static void
screen_big(int y, int x, const struct clock *c, int cols, attr_t attr)
{
	/* A full block where the locale can show one. */
	const char *block = MB_CUR_MAX > 1 ? "\u2588" : "#";
	char hms[16], row[64];
	int r, i;

	snprintf(hms, sizeof(hms), "%02d:%02d:%02d", c->sod / 3600,
	    c->sod / 60 % 60, c->sod % 60);
	for (r = 0; r < BIG_HEIGHT && y + r < LINES; r++) {
		bigdigits_row(hms, r, row, sizeof(row));
		attrset(attr);
		for (i = 0; row[i] != '\0' && i < cols && x + i < COLS; i++)
			if (row[i] == '#')
				mvaddstr(y + r, x + i, block);
		attrset(A_NORMAL);
	}
}

/* What the clock sent, or, when that is wider than cols and holds a time
 * ("2026-11-24 05:56:39" in 13 columns), just the time: the date shows in
 * the offset line as +1d or -1d. */
static void
screen_cell(const struct clock *c, char *cell, size_t len, int cols)
{
	clock_cell(c, cell, len);
	if ((c->state == CLOCK_TICKING || c->state == CLOCK_STALE) &&
	    c->sod >= 0 && text_width(cell, strlen(cell)) > cols)
		snprintf(cell, len, "%02d:%02d:%02d", c->sod / 3600,
		    c->sod / 60 % 60, c->sod % 60);
}

/* One clock's name, time (small or big) and offset, from y, x. */
static void
screen_clock(const struct clock *c, const struct table_layout *t, int y,
    int x, long gmtoff)
{
	char cell[CLOCKWALL_TEXT_MAX + 16], info[48];
	attr_t attr = screen_attr(c);
	int w = t->mode == TABLE_COLUMNS ? t->cellw : COLS - x;

	table_info(c, gmtoff, info, sizeof(info));
	screen_put_cut(y, x, c->spec.name, t->namew, A_BOLD);
	if (t->mode == TABLE_ROWS && !t->big) {
		x += t->namew + 1;
		w = t->cellw;
		/* The offset starts at TABLE_CELL_MIN + 2. */
		screen_cell(c, cell, sizeof(cell), TABLE_CELL_MIN + 1);
		screen_put_cut(y, x, cell, w < TABLE_CELL_MIN + 1 ? w :
		    TABLE_CELL_MIN + 1, attr);
		screen_put_cut(y, x + TABLE_CELL_MIN + 2, info,
		    w - TABLE_CELL_MIN - 2, A_NORMAL);
		return;
	}
	screen_cell(c, cell, sizeof(cell), w);
	if (t->big && c->sod >= 0 && c->state != CLOCK_DOWN)
		screen_big(y + 1, x, c, w, attr);
	else
		screen_put_cut(y + 1, x, cell, w, attr);
	screen_put_cut(y + t->lines - 1, x, info, w, A_NORMAL);
}

static int
screen_namew(const struct clock *c, size_t n)
{
	size_t i;
	int w, max = 1;

	for (i = 0; i < n; i++) {
		w = text_width(c[i].spec.name, strlen(c[i].spec.name));
		if (w > max)
			max = w;
	}
	return max;
}

/* What the title says first is what a narrow screen keeps: how many
 * clocks it does not show, then that --big could not be honoured. */
static void
screen_title(size_t n, size_t shown, int big, int bigshown)
{
	char title[160], more[32];

	more[0] = '\0';
	if (shown < n)
		snprintf(more, sizeof(more), "+%zu more  ", n - shown);
	snprintf(title, sizeof(title), "%sclockwall: %zu clock%s%s  q quits",
	    more, n, n == 1 ? "" : "s", big && !bigshown ?
	    "  (small digits: no room for --big)" : "");
	screen_put_cut(0, 0, title, COLS, screen_color ?
	    COLOR_PAIR(PAIR_TITLE) : A_NORMAL);
}

void
screen_draw(const struct clock *c, size_t n, int big, int full)
{
	struct table_layout t;
	struct tm tm;
	time_t now = time(NULL);
	size_t i;
	int x, y;

	localtime_r(&now, &tm);
	table_layout(&t, COLS, LINES, n, screen_namew(c, n), big);
	erase();
	screen_title(n, (size_t)t.shown, big, t.big);
	for (i = 0; i < (size_t)t.shown; i++) {
		x = t.mode == TABLE_COLUMNS ? (int)i * (t.cellw + TABLE_GAP) :
		    0;
		y = TABLE_HEADER + (t.mode == TABLE_COLUMNS ? 0 :
		    (int)i * t.lines);
		screen_clock(&c[i], &t, y, x, tm.tm_gmtoff);
	}
	if (full)
		clearok(curscr, TRUE);
	wnoutrefresh(stdscr);
	doupdate();
}
