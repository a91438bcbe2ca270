/* The screen: curses set-up, the message area with its scrollback, the
 * people list, the status line and the input line. */
#include <sys/ioctl.h>

#include <curses.h>
#include <err.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "color.h"
#include "fmt.h"
#include "tcpchat.h"
#include "text.h"
#include "ui.h"
#include "wins.h"
#include "wrap.h"

enum {
	PAIR_SYS = 1,
	PAIR_ERR,
	PAIR_MENTION,
	PAIR_STATUS,
	PAIR_TIME,
	PAIR_NICK		/* and on: one per nick colour slot */
};

static struct {
	int		 on;		/* curses is running */
	int		 color;
	int		 people;	/* the list is wanted (F2) */
	int		 dirty;
	int		 full;		/* clear and redraw everything */
	int		 bell;
	struct win_view	*v;		/* the window shown */
	int		 msgcols;	/* message area width, last draw */
	int		 msgrows;
} ui = { .people = 1 };

void
ui_end(void)
{
	if (!ui.on)
		return;
	ui.on = 0;
	endwin();
	fputs("\033[?2004l", stdout);	/* bracketed paste off */
	fflush(stdout);
}

static void
ui_colors(void)
{
	int i, bold;

	if (!ui.color || !has_colors() || start_color() == ERR) {
		ui.color = 0;
		return;
	}
	use_default_colors();
	/* Nick colours never reuse the red, cyan and yellow of errors,
	 * notices and mentions. */
	for (i = 0; i < COLOR_SLOTS && PAIR_NICK + i < COLOR_PAIRS; i++)
		init_pair(PAIR_NICK + i, color_nick(i, COLORS, &bold), -1);
	init_pair(PAIR_SYS, COLOR_CYAN, -1);
	init_pair(PAIR_ERR, COLOR_RED, -1);
	init_pair(PAIR_MENTION, COLOR_YELLOW, -1);
	init_pair(PAIR_STATUS, COLOR_WHITE, COLOR_BLUE);
	init_pair(PAIR_TIME, COLOR_WHITE, -1);
}

#if defined(__SANITIZE_ADDRESS__)	/* gcc */
#define UI_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)	/* clang */
#define UI_ASAN 1
#endif
#endif
#ifdef UI_ASAN
/*
 * When newterm() fails (an unknown TERM) ncurses keeps what it allocated
 * first and offers no call that frees it: not a leak of ours, and once
 * per run. LeakSanitizer asks for this at start.
 */
const char	*__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void)
{
	return "leak:new_prescr\n";
}
#endif

int
ui_init(int color, struct win_view *v)
{
	const char *cup;
	SCREEN *scr;

	if (getenv("ESCDELAY") == NULL)
		set_escdelay(25);
	if ((scr = newterm(NULL, stdout, stdin)) == NULL)
		return -1;
	cup = tigetstr("cup");
	if (cup == NULL || cup == (char *)-1) {
		endwin();	/* no cursor addressing: no screen */
		delscreen(scr);
		return -1;
	}
	ui.v = v;
	ui.on = 1;
	atexit(ui_end);
	ui.color = color;
	ui_colors();
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	fputs("\033[?2004h", stdout);	/* bracketed paste on */
	fflush(stdout);
	ui.full = ui.dirty = 1;
	return 0;
}

void
ui_suspend(void)
{
	if (!ui.on)
		return;
	endwin();
	fputs("\033[?2004l", stdout);
	fflush(stdout);
	/* To ourselves: it cannot be refused, and we go on when continued
	 * whatever it returns. */
	(void)kill(getpid(), SIGSTOP);
	/* Continued: the shell may have reset the modes we set. */
	fputs("\033[?2004h", stdout);
	fflush(stdout);
	ui_redraw();
}

void
ui_resize(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	ui_redraw();
}

void
ui_redraw(void)
{
	ui.full = ui.dirty = 1;
}

void
ui_dirty(void)
{
	ui.dirty = 1;
}

void
ui_bell(void)
{
	ui.bell = 1;
}

void
ui_toggle_people(void)
{
	ui.people = !ui.people;
	ui_redraw();
}

static int64_t
ui_day_of(int64_t ts)
{
	struct tm tm;
	time_t t;

	t = (time_t)ts;
	if (localtime_r(&t, &tm) == NULL)
		return 0;
	return (int64_t)(tm.tm_year + 1900) * 1000 + tm.tm_yday;
}

/* "Day changed" lines keep HH:MM stamps honest: across midnight, and
 * before history from another day (the day before the first line is
 * taken to be today). */
static void
ui_day_line(struct win_view *v, int64_t ts)
{
	struct sbline l;
	char text[64];
	struct tm tm;
	time_t t;
	int64_t day;

	if (v->day == 0)
		v->day = ui_day_of((int64_t)time(NULL));
	day = ui_day_of(ts);
	if (day == v->day)
		return;
	t = (time_t)ts;
	if (localtime_r(&t, &tm) == NULL)
		return;
	strftime(text, sizeof(text), "Day changed to %a %d %b %Y", &tm);
	memset(&l, 0, sizeof(l));
	l.ts = ts;
	l.kind = SB_DAY;
	l.head = (char *)"---";
	l.text = text;
	sb_add(&v->sb, &l);
	v->day = day;
}

void
ui_add(struct win_view *v, const struct sbline *l)
{
	ui_day_line(v, l->ts);
	sb_add(&v->sb, l);
	if (v == ui.v)
		ui.dirty = 1;
}

void
ui_view(struct win_view *v)
{
	ui.v = v;
	ui_redraw();
}

void
ui_clear(void)
{
	sb_clear(&ui.v->sb);
	ui.v->scrolled = 0;
	ui.dirty = 1;
}

uint64_t
ui_unread(void)
{
	if (!ui.v->scrolled)
		return 0;
	/* A line cut at the bottom of the view counts as below it. */
	return sb_end(&ui.v->sb) - 1 - ui.v->anchor + (ui.v->skip > 0);
}

static int
ui_rows_of(uint64_t seq)
{
	const struct sbline *l;

	if ((l = sb_get(&ui.v->sb, seq)) == NULL)
		return 1;
	return fmt_rows(l, ui.msgcols > 0 ? ui.msgcols : COLS);
}

/* One row up: the anchor line's next hidden-above row, or the line
 * before it. Stops at the oldest line. */
static void
ui_step_up(void)
{
	if (ui.v->skip < ui_rows_of(ui.v->anchor) - 1)
		ui.v->skip++;
	else if (ui.v->anchor > ui.v->sb.first) {
		ui.v->anchor--;
		ui.v->skip = 0;
	}
}

/* One row down; at the newest line's last row, follow again. */
static void
ui_step_down(void)
{
	if (ui.v->skip > 0)
		ui.v->skip--;
	else if (ui.v->anchor + 1 < sb_end(&ui.v->sb)) {
		ui.v->anchor++;
		ui.v->skip = ui_rows_of(ui.v->anchor) - 1;
	}
	if (ui.v->anchor + 1 >= sb_end(&ui.v->sb) && ui.v->skip == 0)
		ui.v->scrolled = 0;
}

void
ui_scroll(int rows)
{
	if (ui.v->sb.count == 0)
		return;
	if (!ui.v->scrolled) {
		if (rows <= 0)
			return;
		ui.v->scrolled = 1;
		ui.v->anchor = sb_end(&ui.v->sb) - 1;
		ui.v->skip = 0;
	}
	for (; rows > 0; rows--)
		ui_step_up();
	for (; rows < 0 && ui.v->scrolled; rows++)
		ui_step_down();
	ui.dirty = 1;
}

void
ui_page(int dir)
{
	int page;

	page = ui.msgrows > 2 ? ui.msgrows - 1 : 1;
	ui_scroll(dir * page);
}

void
ui_scroll_end(int dir)
{
	if (dir < 0 || ui.v->sb.count == 0) {
		ui.v->scrolled = 0;
		ui.dirty = 1;
		return;
	}
	/* The draw pulls the view down until the area is full. */
	ui.v->scrolled = 1;
	ui.v->anchor = ui.v->sb.first;
	ui.v->skip = ui_rows_of(ui.v->anchor) - 1;
	ui.dirty = 1;
}

/* Put s[0..n) at y, x in at most cols columns, whole characters only. */
static void
ui_put(int y, int x, const char *s, size_t n, int cols, attr_t attr)
{
	size_t fit;

	if (cols <= 0 || n == 0)
		return;
	fit = text_fit(s, n, cols, NULL);
	attron(attr);
	mvaddnstr(y, x, s, (int)fit);
	attroff(attr);
}

/* Like ui_put, but a cut ends in a mark, so that a cut name is not
 * taken for a whole one (and typed to /msg the wrong person). */
static void
ui_put_cut(int y, int x, const char *s, int cols, attr_t attr)
{
	const char *mark = MB_CUR_MAX > 1 ? "\u2026" : ">";
	size_t n;
	int used;

	n = strlen(s);
	if (cols <= 1 || text_width(s, n) <= cols) {
		ui_put(y, x, s, n, cols, attr);
		return;
	}
	ui_put(y, x, s, n, cols - 1, attr);
	(void)text_fit(s, n, cols - 1, &used);
	attron(attr);
	mvaddstr(y, x + used, mark);
	attroff(attr);
}

static attr_t
ui_nick_attr(const char *nick, int own)
{
	int slot, bold;

	/* Our own name: bold in the default colour, underlined too when
	 * everyone's is bold for want of colours. */
	if (own)
		return ui.color ? A_BOLD : A_BOLD | A_UNDERLINE;
	if (!ui.color)
		return A_BOLD;
	slot = color_of(nick);
	if (PAIR_NICK + slot >= COLOR_PAIRS)
		return A_BOLD;
	(void)color_nick(slot, COLORS, &bold);
	return COLOR_PAIR(PAIR_NICK + slot) | (bold ? A_BOLD : 0);
}

static attr_t
ui_pair(int pair, attr_t plain)
{
	return ui.color ? COLOR_PAIR(pair) : plain;
}

static void
ui_line_attrs(const struct sbline *l, attr_t *head, attr_t *body)
{
	*body = A_NORMAL;
	switch (l->kind) {
	case SB_SYS:
		*head = *body = ui_pair(PAIR_SYS, A_DIM);
		break;
	case SB_ERR:
		*head = *body = ui_pair(PAIR_ERR, A_BOLD) | A_BOLD;
		break;
	case SB_DAY:
		*head = *body = A_DIM;
		break;
	default:
		*head = ui_nick_attr(l->nick ? l->nick : "",
		    l->flags & SB_OWN);
		if (l->kind == SB_PRIV)
			*body = A_BOLD;
	}
	if (l->flags & SB_MENTION) {
		*head |= A_REVERSE;
		*body = ui_pair(PAIR_MENTION, A_BOLD) | A_BOLD;
	}
}

/* Draw l so that its last row would be at ybottom (rows below the area
 * and above it are clipped); returns the row of its first line. */
static int
ui_draw_line(const struct sbline *l, int ybottom, int cols)
{
	struct fmt_layout f;
	attr_t head, body;
	const char *t;
	size_t n, off, next, len;
	int y, total, width;
	char clock[6];

	fmt_layout(l, cols, &f);
	total = fmt_rows(l, cols);
	y = ybottom - total + 1;
	ui_line_attrs(l, &head, &body);
	if (y >= 0 && y < ui.msgrows) {
		fmt_clock(l->ts, clock);
		ui_put(y, 0, clock, 5, cols, A_DIM);
		ui_put(y, FMT_CLOCK_COLS, l->head, strlen(l->head),
		    cols - FMT_CLOCK_COLS, head);
	}
	t = l->text;
	n = strlen(t);
	off = 0;
	if (f.alone)
		y++;
	width = f.first;
	do {
		len = wrap_row(t + off, n - off, width < 1 ? 1 : width, &next);
		if (y >= 0 && y < ui.msgrows)
			ui_put(y, cols - width, t + off, len, width, body);
		off += next;
		y++;
		width = f.rest;
	} while (off < n);
	return ybottom - total + 1;
}

/* The message area, from the bottom up; the top row drawn, which is
 * above 0 when the lines do not fill the area. */
static int
ui_draw_msgs(void)
{
	const struct sbline *l;
	uint64_t seq;
	int y;

	if (ui.v->sb.count == 0)
		return ui.msgrows;
	if (!ui.v->scrolled) {
		ui.v->anchor = sb_end(&ui.v->sb) - 1;
		ui.v->skip = 0;
	}
	if (ui.v->anchor < ui.v->sb.first) {
		ui.v->anchor = ui.v->sb.first;
		ui.v->skip = 0;
	}
	if (ui.v->skip > ui_rows_of(ui.v->anchor) - 1)
		ui.v->skip = ui_rows_of(ui.v->anchor) - 1;
	y = ui.msgrows - 1 + ui.v->skip;
	for (seq = ui.v->anchor + 1; seq-- > ui.v->sb.first && y >= 0;) {
		l = sb_get(&ui.v->sb, seq);
		y = ui_draw_line(l, y, ui.msgcols) - 1;
	}
	return y + 1;
}

static void
ui_draw_people(const struct ui_frame *fr, int x, int width)
{
	size_t i;
	int y, own;
	char more[32];

	mvvline(0, x - 1, ACS_VLINE, ui.msgrows);
	ui_put(0, x, fr->title, strlen(fr->title), width, A_BOLD);
	for (i = 0, y = 1; i < fr->people->count && y < ui.msgrows; i++, y++) {
		const char *name = fr->people->names[i];

		if (y == ui.msgrows - 1 && i + 1 < fr->people->count) {
			snprintf(more, sizeof(more), "+%zu more",
			    fr->people->count - i);
			ui_put(y, x, more, strlen(more), width, A_DIM);
			break;
		}
		own = fr->me != NULL && people_cmp(fr->me, name) == 0;
		ui_put_cut(y, x, name, width, ui_nick_attr(name, own));
	}
}

/* Width of the people list, 0 when hidden or the terminal is narrow. */
static int
ui_people_width(const struct ui_frame *fr)
{
	size_t i;
	int w, longest;

	if (!ui.people || COLS < PEOPLE_MIN_COLS || fr->people == NULL ||
	    fr->people->count == 0)
		return 0;
	longest = 10;
	for (i = 0; i < fr->people->count; i++) {
		w = text_width(fr->people->names[i],
		    strlen(fr->people->names[i]));
		if (w > longest)
			longest = w;
	}
	return longest > 18 ? 18 : longest;
}

/* The status line, led while scrolled up by a marker that stands out
 * and counts the lines below the view. */
static void
ui_draw_status(const struct ui_frame *fr, int y)
{
	char more[64];
	attr_t a;
	int x;

	a = ui.color ? COLOR_PAIR(PAIR_STATUS) : A_REVERSE;
	attron(a);
	mvhline(y, 0, ' ', COLS);
	attroff(a);
	x = 0;
	if (ui_unread() > 0) {
		snprintf(more, sizeof(more), " -- MORE: %llu below (End) -- ",
		    (unsigned long long)ui_unread());
		ui_put(y, 0, more, strlen(more), COLS, A_BOLD | A_REVERSE);
		x = (int)strlen(more);
	}
	ui_put(y, x, fr->status, strlen(fr->status), COLS - x, a);
}

/* The prompt, then as much of the line as fits with the cursor shown;
 * leaves the cursor there. */
static void
ui_draw_input(const struct ui_frame *fr, int y)
{
	size_t plen, start;
	int pw, room, x;

	plen = strlen(fr->prompt);
	pw = text_width(fr->prompt, plen);
	if (pw > COLS / 2)
		pw = COLS / 2;
	ui_put(y, 0, fr->prompt, plen, pw, A_BOLD);
	room = COLS - pw;
	if (room < 1)
		room = 1;
	x = pw + wrap_cursor(fr->input, fr->point, room, &start);
	ui_put(y, pw, fr->input + start, strlen(fr->input + start), room,
	    A_NORMAL);
	move(y, x < COLS ? x : COLS - 1);
}

void
ui_draw(const struct ui_frame *fr)
{
	int pw, top, pass;

	if (!ui.on || !ui.dirty)
		return;
	ui.dirty = 0;
	if (ui.full)
		clearok(curscr, TRUE);
	ui.full = 0;
	pw = ui_people_width(fr);
	ui.msgcols = pw > 0 ? COLS - pw - 1 : COLS;
	ui.msgrows = LINES - 2;
	for (pass = 0; pass < 2; pass++) {
		erase();
		if (ui.msgrows < 1)
			break;
		top = ui_draw_msgs();
		/* Scrolled to the top: pull the view down to fill it. */
		if (!ui.v->scrolled || top <= 0 || pass == 1)
			break;
		while (top-- > 0 && ui.v->scrolled)
			ui_step_down();
	}
	if (pw > 0 && ui.msgrows > 0)
		ui_draw_people(fr, ui.msgcols + 1, pw);
	if (LINES >= 2)
		ui_draw_status(fr, LINES - 2);
	ui_draw_input(fr, LINES - 1);
	if (ui.bell) {
		beep();
		ui.bell = 0;
	}
	refresh();
}
