/* The full-screen client: wires the chat, the connection, the screen and
 * the input line to one poll() loop. */
#include <curses.h>
#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "chat.h"
#include "command.h"
#include "chatlog.h"
#include "config.h"
#include "complete.h"
#include "session.h"
#include "input.h"
#include "tcpchat.h"
#include "loop.h"
#include "num.h"
#include "opts.h"
#include "paste.h"
#include "text.h"
#include "ui.h"
#include "uplink.h"
#include "wins.h"
#include "efun.h"

/* Keys curses reports for the bracketed paste markers (define_key). */
#define KEY_PASTE_BEGIN	(KEY_MAX + 1)
#define KEY_PASTE_END	(KEY_MAX + 2)
#define KEY_CTRL_HOME	(KEY_MAX + 3)	/* xterm's Ctrl-Home, Ctrl-End */
#define KEY_CTRL_END	(KEY_MAX + 4)
#define KEY_ALT_LEFT	(KEY_MAX + 5)	/* xterm's Alt-Left, Alt-Right */
#define KEY_ALT_RIGHT	(KEY_MAX + 6)

static struct {
	const struct opts	*o;
	struct loop		*loop;
	struct uplink		 up;
	struct chat		 chat;
	struct wins		 wins;
	struct timer		*tick;		/* status countdown */
	char			*paste;		/* a paste being read */
	size_t			 pastelen;
	int			 pasting;
	int			 confirm;	/* asking y/n for a paste */
	char			*pending;	/* the paste asked about */
	size_t			 pendinglen;
	char			*lastwhy;	/* the last failure shown */
	int			 status;
} tui;

static const char *const tui_keys_help[] = {
	"Keys: PgUp/PgDn, Shift-Up/Down scroll; Ctrl-Home/End go to the",
	"oldest/newest line; Home/End move in the input line;",
	"F2 shows/hides people; Tab completes commands and",
	"names; Ctrl-L redraws; Ctrl-D on an empty line quits; the rest",
	"are readline's Emacs keys (Ctrl-R searches the input history).",
	"Windows: Alt-1..9, Alt-Left/Right, Ctrl-N/P switch; Alt-A (or",
	"Alt-U) goes to the next one with activity.",
	NULL
};

static void
tui_stop(int status)
{
	tui.status = status;
	loop_stop(tui.loop);
}

static void	tui_set_prompt(void);
static void	tui_arm_tick(void);

static int
tui_send(void *arg, const char *line)
{
	(void)arg;
	return uplink_send(&tui.up, line);
}

/* The room's window. A version-1 server has us in one room at a time:
 * the first room window follows it (a /join renames it). Protocol 2
 * opens one per room; the first, unnamed until WELCOME, takes the first
 * room's name. */
static size_t
tui_room_window(const char *room)
{
	int i;
	size_t k;

	if ((i = wins_find(&tui.wins, WIN_ROOM, room)) >= 0)
		return (size_t)i;
	for (k = 0; k < tui.wins.n; k++)
		if (tui.wins.list[k]->kind == WIN_ROOM)
			break;
	if (tui.chat.v2 && tui.wins.list[k]->name != NULL &&
	    chat_in_room(&tui.chat, tui.wins.list[k]->name))
		return wins_open(&tui.wins, WIN_ROOM, room);
	wins_rename(&tui.wins, k, room);
	return k;
}

/* The room whose people the window shown lists: its own, or (a query)
 * the room lines go to. */
static const char *
tui_shown_room(void)
{
	const struct win *w = wins_current(&tui.wins);

	if (w->kind == WIN_ROOM && w->name != NULL)
		return w->name;
	return tui.chat.room;
}

/* --log-dir: the window's log gets the line; a failure is said once. */
static void
tui_log(const struct win *w, const struct sbline *l)
{
	static int failed;

	if (tui.o->log_dir == NULL || failed)
		return;
	if (chatlog_write(tui.o->log_dir, w->kind == WIN_ROOM, w->name != NULL ?
	    w->name : "-", l) == -1) {
		failed = 1;	/* first: the notice below is logged too */
		chat_notice(&tui.chat, SB_ERR, "Not logging to %s any more: "
		    "%s", tui.o->log_dir, strerror(errno));
	}
}

/* How much a line in a window not shown matters. */
static enum win_activity
tui_activity(const struct sbline *l)
{
	if (l->flags & (SB_OWN | SB_HIST))
		return WIN_QUIET;
	if (l->kind == SB_PRIV || (l->flags & SB_MENTION))
		return WIN_HOT;
	if (l->kind == SB_MSG || l->kind == SB_ME)
		return WIN_NEW;
	return WIN_QUIET;
}

static void
tui_show(void *arg, enum chat_where to, const char *name,
    const struct sbline *l)
{
	size_t i;

	(void)arg;
	if (to == CHAT_ROOM)
		i = tui_room_window(name);
	else if (to == CHAT_QUERY)
		i = wins_open(&tui.wins, WIN_QUERY, name);
	else
		i = tui.wins.cur;
	ui_add(&tui.wins.list[i]->view, l);
	wins_mark(&tui.wins, i, tui_activity(l));
	ui_dirty();
	tui_log(tui.wins.list[i], l);
}

static void
tui_select(size_t i)
{
	if (i >= tui.wins.n)
		return;
	wins_select(&tui.wins, i);
	ui_view(&wins_current(&tui.wins)->view);
	if (wins_current(&tui.wins)->kind == WIN_ROOM)
		chat_focus(&tui.chat, wins_current(&tui.wins)->name);
	tui_set_prompt();
}

/* By dir windows on, round the ends. */
static void
tui_step_window(int dir)
{
	size_t n = tui.wins.n;

	tui_select((tui.wins.cur + n + (size_t)(dir > 0 ? 1 : n - 1)) % n);
}

static void
tui_window(void *arg, enum chat_winop op, const char *name)
{
	const char *why;
	long long n;
	size_t i;

	(void)arg;
	switch (op) {
	case CHAT_WIN_QUERY:
		if (name[0] == '#') {
			chat_notice(&tui.chat, SB_ERR, "/query takes a nick; "
			    "/join takes a room");
			return;
		}
		i = wins_open(&tui.wins, WIN_QUERY, name);
		if (tui.wins.list[i]->kind != WIN_QUERY) {
			chat_notice(&tui.chat, SB_ERR, "%d windows are open: "
			    "/close one first", WINDOWS_MAX);
			return;
		}
		tui_select(i);
		break;
	case CHAT_WIN_CLOSE:
		/* Protocol 2: closing a room's window leaves the room (all
		 * but the last); the window goes when the server says we
		 * left. */
		if (tui.chat.v2 && wins_current(&tui.wins)->kind == WIN_ROOM &&
		    tui.chat.nin > 1 &&
		    chat_in_room(&tui.chat, wins_current(&tui.wins)->name)) {
			chat_sendf(&tui.chat, "/part %s",
			    wins_current(&tui.wins)->name);
			return;
		}
		if (wins_close(&tui.wins, tui.wins.cur) == -1) {
			chat_notice(&tui.chat, SB_ERR, "The room's window "
			    "stays open (/quit leaves)");
			return;
		}
		tui_select(tui.wins.cur);
		break;
	case CHAT_WIN_GOTO:
		if (num_parse(name, 1, (long long)tui.wins.n, &n, &why) == -1) {
			chat_notice(&tui.chat, SB_ERR, "/window %.*s: %s (1 to "
			    "%zu)", chat_cut(name, 16), name, why, tui.wins.n);
			return;
		}
		tui_select((size_t)n - 1);
		break;
	case CHAT_WIN_ROOM:
		tui_select(tui_room_window(name));
		break;
	case CHAT_WIN_PART:
		if ((n = wins_find(&tui.wins, WIN_ROOM, name)) >= 0 &&
		    wins_close(&tui.wins, (size_t)n) == 0)
			tui_select(tui.wins.cur);
		break;
	}
}

static void
tui_update(void *arg)
{
	(void)arg;
	/* Protocol 2: lines go to the room shown, whatever the server
	 * welcomed us in. */
	if (wins_current(&tui.wins)->kind == WIN_ROOM)
		chat_focus(&tui.chat, wins_current(&tui.wins)->name);
	uplink_update(&tui.up);
	tui_set_prompt();
	ui_dirty();
}

static void
tui_online(void *arg)
{
	(void)arg;
	uplink_online(&tui.up);
}

static void
tui_ask_name(void *arg, int asking)
{
	(void)arg;
	if (asking)
		chat_notice(&tui.chat, SB_SYS, "Choose a name: type it and "
		    "press Enter");
	input_keep_history(!asking);
	tui_set_prompt();
}

static void
tui_bell(void *arg)
{
	(void)arg;
	ui_bell();
}

static void
tui_quit(void *arg)
{
	(void)arg;
	session_flush(tui.up.conn);
	tui_stop(0);
}

static void
tui_clear(void *arg)
{
	(void)arg;
	ui_clear();
}

static void
tui_reconnect(void *arg)
{
	(void)arg;
	uplink_restart(&tui.up);
	free(tui.lastwhy);
	tui.lastwhy = NULL;
	tui_arm_tick();
}

static int
tui_save_ignore(void *arg, const char *nick, int on)
{
	(void)arg;
	if (tui.o->config == NULL) {
		errno = ENOENT;
		return -1;
	}
	return config_save_ignore(tui.o->config, nick, on);
}

static const struct chat_io tui_io = {
	.send = tui_send,
	.show = tui_show,
	.update = tui_update,
	.online = tui_online,
	.ask_name = tui_ask_name,
	.bell = tui_bell,
	.quit = tui_quit,
	.clear = tui_clear,
	.reconnect = tui_reconnect,
	.save_ignore = tui_save_ignore,
	.window = tui_window,
	.keys_help = tui_keys_help,
};

static void
tui_set_prompt(void)
{
	char prompt[256];

	if (tui.confirm)
		snprintf(prompt, sizeof(prompt), "Send %d pasted lines? (y/n) ",
		    paste_count(tui.pending, tui.pendinglen));
	else if (tui.chat.naming)
		snprintf(prompt, sizeof(prompt), "[name?] ");
	else if (wins_current(&tui.wins)->kind == WIN_QUERY)
		snprintf(prompt, sizeof(prompt), "[%.*s] ",
		    chat_cut(wins_current(&tui.wins)->name, 32),
		    wins_current(&tui.wins)->name);
	else if (tui_shown_room() != NULL)
		snprintf(prompt, sizeof(prompt), "[#%.*s] ",
		    chat_cut(tui_shown_room(), 32), tui_shown_room());
	else
		snprintf(prompt, sizeof(prompt), "[...] ");
	input_prompt(prompt);
}

static void
tui_tick(struct loop *loop, void *arg)
{
	(void)arg;
	tui.tick = NULL;
	ui_dirty();
	/* Only while waiting to reconnect: the countdown moves. */
	if (session_state(tui.up.conn) == SESSION_WAIT)
		tui.tick = loop_timer_after(loop, 1000, tui_tick, NULL);
}

/* session_new() may fail at once, before tui.conn is set. */
static void
tui_arm_tick(void)
{
	if (tui.tick == NULL && tui.up.conn != NULL &&
	    session_state(tui.up.conn) == SESSION_WAIT)
		tui.tick = loop_timer_after(tui.loop, 1000, tui_tick, NULL);
}

static void
tui_up(void *arg)
{
	(void)arg;
	free(tui.lastwhy);
	tui.lastwhy = NULL;
	ui_dirty();
}

static void
tui_down(void *arg, const char *why)
{
	(void)arg;
	if (tui.chat.ever || tui.chat.hello)
		chat_disconnected(&tui.chat, why);
	else if (tui.lastwhy == NULL || strcmp(tui.lastwhy, why) != 0)
		chat_notice(&tui.chat, SB_ERR, "%s", why);
	/* Each failed retry would say the same again: say it once. */
	free(tui.lastwhy);
	tui.lastwhy = estrdup(why);
	tui_arm_tick();
	ui_dirty();
}

static const struct uplink_cb tui_cb = {
	.up = tui_up,
	.down = tui_down,
};

static void
tui_on_line(char *line)
{
	struct win *w;

	if (line == NULL) {		/* Ctrl-D on an empty line */
		command_input(&tui.chat, "/quit");
		return;
	}
	ui_scroll_end(-1);	/* to see what was just sent */
	w = wins_current(&tui.wins);
	/* In a query, a line that is no command is said to that nick. */
	if (w->kind == WIN_QUERY && !tui.chat.naming &&
	    (line[0] != '/' || line[1] == '/'))
		chat_say_to(&tui.chat, w->name, line[0] == '/' ? line + 1 :
		    line);
	else
		command_input(&tui.chat, line);
	free(line);
}

/* What Tab completes from: the room's people, the latest speakers, the
 * people of query windows, the rooms heard of. */
static void
tui_complete_src(struct complete_src *s)
{
	static const char **others;
	static size_t cap;
	static const char *joined[CHAT_ROOMS_MAX];
	const struct people *p;
	size_t i, n;

	if (cap < tui.wins.n) {
		cap = tui.wins.n;
		others = ereallocarray(others, cap, sizeof(*others));
	}
	for (i = n = 0; i < tui.wins.n; i++)
		if (tui.wins.list[i]->kind == WIN_QUERY)
			others[n++] = tui.wins.list[i]->name;
	p = chat_people(&tui.chat, tui_shown_room());
	s->people = (const char *const *)p->names;
	s->npeople = p->count;
	s->recent = (const char *const *)tui.chat.recent;
	s->nrecent = tui.chat.nrecent;
	s->others = others;
	s->nothers = n;
	s->rooms = (const char *const *)tui.chat.rooms.names;
	s->nrooms = tui.chat.rooms.count;
	for (i = 0; i < tui.chat.nin && i < CHAT_ROOMS_MAX; i++)
		joined[i] = tui.chat.in[i].room;
	s->joined = joined;
	s->njoined = i;
	s->me = tui.chat.me;
}

/* Send each line of a paste as a message, literally. */
static void
tui_send_paste(const char *p, size_t n)
{
	const char *line;
	size_t off, len;
	char *copy;

	off = 0;
	while ((line = paste_next(p, n, &off, &len)) != NULL) {
		copy = estrndup(line, len);
		chat_say(&tui.chat, copy);
		free(copy);
	}
}

static void
tui_paste_end(void)
{
	int lines;

	tui.pasting = 0;
	lines = paste_count(tui.paste, tui.pastelen);
	tui.paste[tui.pastelen] = '\0';
	if (lines <= 1) {
		/* One line, even with its line end: typed, never sent, so
		 * "/nick x\n" can be read before Enter. */
		tui.paste[strcspn(tui.paste, "\r\n")] = '\0';
		input_insert(tui.paste);
	} else if (lines <= PASTE_ASK_LINES)
		tui_send_paste(tui.paste, tui.pastelen);
	else {
		tui.pending = tui.paste;
		tui.pendinglen = tui.pastelen;
		tui.paste = NULL;
		tui.confirm = 1;
		tui_set_prompt();
	}
	free(tui.paste);
	tui.paste = NULL;
	tui.pastelen = 0;
}

static void
tui_paste_key(unsigned int key, int is_key)
{
	char buf[4];
	int n;

	if (is_key) {
		if (key == KEY_ENTER)
			key = '\n';
		else
			return;
	}
	if (key == '\t')
		key = ' ';
	if (key < 0x20 && key != '\n' && key != '\r')
		return;		/* no controls into messages */
	n = utf8_encode(key, buf);
	if (tui.pastelen + n + 1 > PASTE_MAX)
		return;
	memcpy(tui.paste + tui.pastelen, buf, n);
	tui.pastelen += n;
}

static int	tui_own_key(unsigned int, int);

/* The answer to "Send N pasted lines?": y sends, any other character
 * drops; keys that are no character (a resize, PgUp) answer nothing. */
static void
tui_confirm_key(unsigned int key, int is_key)
{
	if (is_key) {
		tui_own_key(key, is_key);
		return;
	}
	tui.confirm = 0;
	if (key == 'y' || key == 'Y')
		tui_send_paste(tui.pending, tui.pendinglen);
	else
		chat_notice(&tui.chat, SB_SYS, "Paste dropped");
	free(tui.pending);
	tui.pending = NULL;
	tui.pendinglen = 0;
	tui_set_prompt();
}

/* Keys the client keeps for itself; the rest go to readline. */
static int
tui_own_key(unsigned int key, int is_key)
{
	if (!is_key) {
		switch (key) {
		case 12:			/* Ctrl-L */
			ui_redraw();
			return 1;
		case 14:			/* Ctrl-N */
			tui_step_window(1);
			return 1;
		case 16:			/* Ctrl-P */
			tui_step_window(-1);
			return 1;
		}
		return 0;
	}
	switch (key) {
	case KEY_ALT_LEFT:
		tui_step_window(-1);
		break;
	case KEY_ALT_RIGHT:
		tui_step_window(1);
		break;
	case KEY_PPAGE:
		ui_page(1);
		break;
	case KEY_NPAGE:
		ui_page(-1);
		break;
	case KEY_CTRL_HOME:
		ui_scroll_end(1);
		break;
	case KEY_CTRL_END:
		ui_scroll_end(-1);
		break;
	case KEY_SR:			/* Shift-Up */
		ui_scroll(1);
		break;
	case KEY_SF:			/* Shift-Down */
		ui_scroll(-1);
		break;
	case KEY_F(2):
		ui_toggle_people();
		break;
	case KEY_RESIZE:
		/* curses has resized (resizeterm() in the SIGWINCH path
		 * queues this key): redraw only, or it comes back forever. */
		ui_redraw();
		break;
	default:
		return 0;
	}
	return 1;
}

static void
tui_key(unsigned int key, int is_key)
{
	if (is_key && key == KEY_PASTE_BEGIN) {
		free(tui.paste);
		tui.paste = emalloc(PASTE_MAX);
		tui.pastelen = 0;
		tui.pasting = 1;
	} else if (is_key && key == KEY_PASTE_END) {
		if (tui.pasting)
			tui_paste_end();
	} else if (tui.pasting)
		tui_paste_key(key, is_key);
	else if (tui.confirm)
		tui_confirm_key(key, is_key);
	else if (!tui_own_key(key, is_key))
		input_key(key, is_key);
}

/* Alt and a key (Escape, then the key, in one read): the window keys;
 * 0 for the rest, which go on to readline. */
static int
tui_alt_key(unsigned int key)
{
	if (key >= '1' && key <= '9')
		tui_select(key - '1');
	else if (key == 'a' || key == 'A' || key == 'u' || key == 'U')
		tui_select(wins_next_active(&tui.wins));
	else
		return 0;
	return 1;
}

static void
tui_on_stdin(struct loop *loop, int fd, int revents, void *arg)
{
	wint_t wc, wc2;
	int r, r2;

	(void)loop;
	(void)fd;
	(void)arg;
	while ((r = get_wch(&wc)) != ERR) {
		if (r == OK && wc == 27 && !tui.pasting && !tui.confirm &&
		    !tui.chat.naming) {
			r2 = get_wch(&wc2);
			if (r2 == OK && tui_alt_key((unsigned int)wc2))
				continue;
			tui_key(27, 0);
			if (r2 != ERR)
				tui_key((unsigned int)wc2, r2 == KEY_CODE_YES);
			continue;
		}
		tui_key((unsigned int)wc, r == KEY_CODE_YES);
	}
	/* The terminal went away: leave as after Ctrl-C, rather than be
	 * woken for ever by a hung-up descriptor. */
	if (revents & (POLLHUP | POLLERR | POLLNVAL))
		command_input(&tui.chat, "/quit");
}

static void
tui_on_signal(struct loop *loop, int signo, void *arg)
{
	(void)loop;
	(void)arg;
	if (signo == SIGWINCH) {
		ui_resize();
		return;
	}
	if (signo == SIGTSTP) {
		ui_suspend();
		return;
	}
	command_input(&tui.chat, "/quit");
}

/* [#room] [nick] [state] [N people] [host:port]: what matters most
 * first, as narrow terminals cut the end off (ui.c puts the scroll
 * marker before it). */
static void
tui_status(char *buf, size_t len)
{
	const char *room, *me;
	char state[64], wl[256];
	size_t n;

	switch (session_state(tui.up.conn)) {
	case SESSION_CONNECTING:
		snprintf(state, sizeof(state), "connecting");
		break;
	case SESSION_UP:
		snprintf(state, sizeof(state), tui.chat.welcomed ?
		    "connected" : "signing in");
		break;
	case SESSION_WAIT:
		snprintf(state, sizeof(state), "reconnecting in %llds",
		    (long long)(session_retry_ms(tui.up.conn) + 999) / 1000);
		break;
	default:
		snprintf(state, sizeof(state), "offline");
	}
	room = tui_shown_room() ? tui_shown_room() : "-";
	me = tui.chat.me ? tui.chat.me : "-";
	/* Names come from the server: cut by width, never mid-character;
	 * the host is ours, and a cut there only shortens the line. */
	/* The windows, once there is more than one, lead: where something
	 * new is matters more than the rest. */
	wl[0] = '\0';
	if (tui.wins.n > 1 && wins_status(&tui.wins, wl, sizeof(wl) - 1) > 0)
		strcat(wl, " ");
	n = chat_people(&tui.chat, tui_shown_room())->count;
	snprintf(buf, len, " %s[#%.*s] [%.*s] [%s] [%zu %s] [%.100s:%s]", wl,
	    chat_cut(room, 32), room, chat_cut(me, 32), me, state, n,
	    n == 1 ? "person" : "people", session_host(tui.up.conn),
	    session_port(tui.up.conn));
}

/* Once per loop pass: flush what is queued, draw what changed. */
static void
tui_prepoll(struct loop *loop, void *arg)
{
	struct ui_frame fr;
	char status[1024], title[160];

	(void)loop;
	(void)arg;
	chat_flush(&tui.chat);
	session_flush(tui.up.conn);
	tui_status(status, sizeof(status));
	snprintf(title, sizeof(title), "#%.*s", tui_shown_room() ?
	    chat_cut(tui_shown_room(), 32) : 1, tui_shown_room() ?
	    tui_shown_room() : "-");
	fr.status = status;
	fr.people = chat_people(&tui.chat, tui_shown_room());
	fr.title = title;
	fr.me = tui.chat.me;
	fr.prompt = input_shown_prompt();
	fr.input = input_text(&fr.point);
	ui_draw(&fr);
}

static int
tui_setup_loop(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGWINCH,
	    SIGTSTP };
	size_t i;

	if ((tui.loop = loop_new()) == NULL)
		return -1;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (loop_signal(tui.loop, sigs[i], tui_on_signal, NULL) == -1)
			return -1;
	if (loop_add(tui.loop, STDIN_FILENO, POLLIN, tui_on_stdin, NULL) == -1)
		return -1;
	loop_prepoll(tui.loop, tui_prepoll, NULL);
	return 0;
}

int
tui_run(const struct opts *o)
{
	char *hist;
	size_t i;

	tui.o = o;
	wins_init(&tui.wins, o->scrollback);
	if (ui_init(o->color, &wins_current(&tui.wins)->view) == -1) {
		wins_free(&tui.wins);
		/* As clockwall does: still a client, one that needs no
		 * cursor addressing. */
		warnx("cannot draw a screen on TERM=%s; the line client "
		    "instead", getenv("TERM") != NULL ? getenv("TERM") : "");
		return plain_run(o);
	}
	define_key("\033[200~", KEY_PASTE_BEGIN);
	define_key("\033[201~", KEY_PASTE_END);
	define_key("\033[1;5H", KEY_CTRL_HOME);
	define_key("\033[1;5F", KEY_CTRL_END);
	define_key("\033[1;3D", KEY_ALT_LEFT);
	define_key("\033[1;3C", KEY_ALT_RIGHT);
	chat_init(&tui.chat, &tui_io, NULL, o->nick, o->room, o->scrollback);
	for (i = 0; i < o->nrooms; i++)
		chat_want(&tui.chat, o->rooms[i]);
	tui.chat.fold = 1;
	for (i = 0; i < o->nignores; i++)
		chat_ignore(&tui.chat, o->ignores[i]);
	hist = input_history_path();
	input_init(tui_on_line, hist, tui_complete_src);
	free(hist);
	tui_set_prompt();
	if (tui_setup_loop() == -1) {
		ui_end();
		warn(NULL);
		return EX_OSERR;
	}
	chat_notice(&tui.chat, SB_SYS, "tcpchat %s: connecting to %s port "
	    "%s; /help lists commands", TCPCHAT_VERSION, o->host, o->port);
	uplink_start(&tui.up, tui.loop, &tui.chat, o->hosts, o->ports,
	    o->nservers, 1, &tui_cb, NULL);
	tui_arm_tick();
	loop_run(tui.loop);
	input_end();
	ui_end();
	uplink_free(&tui.up);
	chat_free(&tui.chat);
	wins_free(&tui.wins);
	loop_free(tui.loop);
	free(tui.lastwhy);
	return tui.status;
}
