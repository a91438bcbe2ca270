/* The chat itself: server events into lines and state, and what is said
 * and sent; knows nothing of commands, curses or sockets. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "chat.h"
#include "wire.h"
#include "tcpchat.h"
#include "safe.h"
#include "split.h"
#include "text.h"
#include "efun.h"

static void
chat_set(char **field, const char *value)
{
	free(*field);
	*field = value ? estrdup(value) : NULL;
}

static int
chat_in_find(const struct chat *c, const char *room)
{
	size_t i;

	for (i = 0; i < c->nin; i++)
		if (people_cmp(c->in[i].room, room) == 0)
			return (int)i;
	return -1;
}

int
chat_in_room(const struct chat *c, const char *room)
{
	return room != NULL && chat_in_find(c, room) >= 0;
}

/* We are in room, with nobody known yet; the last slot stands in when a
 * server lets us into more rooms than it said it would. */
static struct people *
chat_in_add(struct chat *c, const char *room)
{
	int i;

	if ((i = chat_in_find(c, room)) < 0) {
		if (c->nin == CHAT_ROOMS_MAX)
			c->nin--;
		i = (int)c->nin++;
		c->in[i].room = estrdup(room);
	} else
		people_clear(&c->in[i].people);
	people_init(&c->in[i].people);
	return &c->in[i].people;
}

static void
chat_in_del(struct chat *c, const char *room)
{
	int i;

	if ((i = chat_in_find(c, room)) < 0)
		return;
	free(c->in[i].room);
	people_clear(&c->in[i].people);
	c->in[i] = c->in[--c->nin];
}

static void
chat_in_clear(struct chat *c)
{
	while (c->nin > 0)
		chat_in_del(c, c->in[c->nin - 1].room);
}

const struct people *
chat_people(const struct chat *c, const char *room)
{
	static const struct people none;
	int i;

	if (room == NULL || (i = chat_in_find(c, room)) < 0)
		return &none;
	return &c->in[i].people;
}

/* The people of room if we are there (and not passing through). */
static struct people *
chat_people_here(struct chat *c, const char *room)
{
	int i;

	if (c->skip_room != NULL && strcmp(c->skip_room, room) == 0)
		return NULL;
	if ((i = chat_in_find(c, room)) < 0)
		return NULL;
	return &c->in[i].people;
}

void
chat_want(struct chat *c, const char *room)
{
	if (room[0] == '#')
		room++;
	if (room[0] == '\0')
		return;
	if (c->want_room == NULL)
		chat_set(&c->want_room, room);
	else if (people_cmp(room, c->want_room) != 0 &&
	    c->wanted.count < CHAT_ROOMS_MAX - 1)
		people_add(&c->wanted, room);
}

void
chat_focus(struct chat *c, const char *room)
{
	if (c->v2 && chat_in_room(c, room))
		chat_set(&c->room, room);
}

void
chat_init(struct chat *c, const struct chat_io *io, void *arg,
    const char *nick, const char *room, size_t dedup)
{
	memset(c, 0, sizeof(*c));
	c->io = io;
	c->arg = arg;
	chat_set(&c->want_nick, nick);
	if (room != NULL && room[0] == '#')
		room++;
	chat_set(&c->want_room, room);
	people_init(&c->wanted);
	people_init(&c->rooms);
	people_init(&c->ignored);
	dedup_init(&c->seen, dedup);
}

void
chat_free(struct chat *c)
{
	free(c->me);
	free(c->want_nick);
	free(c->room);
	free(c->want_room);
	free(c->skip_room);
	free(c->held);
	free(c->bye);
	chat_in_clear(c);
	free(c->asked);
	people_clear(&c->wanted);
	people_clear(&c->rooms);
	people_clear(&c->ignored);
	while (c->nrecent > 0)
		free(c->recent[--c->nrecent]);
	dedup_free(&c->seen);
}

/* Formatted in full, never cut: the server judges the length. */
int
chat_sendf(struct chat *c, const char *fmt, ...)
{
	char small[512], *buf;
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof(small))
		return c->io->send(c->arg, small);
	buf = emalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(buf, (size_t)n + 1, fmt, ap);
	va_end(ap);
	rc = c->io->send(c->arg, buf);
	free(buf);
	return rc;
}

static void
chat_show(struct chat *c, int64_t ts, int kind, int flags, const char *nick,
    const char *head, const char *text)
{
	struct sbline l;

	memset(&l, 0, sizeof(l));
	l.ts = ts ? ts : (int64_t)time(NULL);
	l.kind = kind;
	l.flags = flags;
	l.nick = (char *)nick;
	l.head = (char *)head;
	l.text = (char *)text;
	c->io->show(c->arg, c->to, c->to_name, &l);
}

/* Notices are formatted in full: a cut could split a character. */
void
chat_notice(struct chat *c, int kind, const char *fmt, ...)
{
	char small[512], *buf;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	buf = small;
	if ((size_t)n >= sizeof(small)) {
		buf = emalloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(buf, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	chat_show(c, 0, kind, 0, NULL, "-!-", buf);
	if (buf != small)
		free(buf);
}

/* Bytes of s that fit in cols columns: for "%.*s" that never cuts a
 * character in two. */
int
chat_cut(const char *s, int cols)
{
	return (int)text_fit(s, strlen(s), cols, NULL);
}

/* Lines shown from now until the event is handled go to where. */
static void
chat_route(struct chat *c, enum chat_where where, const char *name)
{
	c->to = name != NULL ? where : CHAT_HERE;
	c->to_name = name;
}

static int
chat_is_me(const struct chat *c, const char *nick)
{
	return c->me != NULL && people_cmp(c->me, nick) == 0;
}


static int
chat_namechar(unsigned char ch)
{
	return ch >= 0x80 || (ch >= '0' && ch <= '9') ||
	    (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    ch == '-' || ch == '_' || ch == '.';
}

int
chat_mentions(const char *text, const char *nick)
{
	size_t n;
	const char *p;

	n = strlen(nick);
	if (n == 0)
		return 0;
	for (p = text; *p != '\0'; p++) {
		if (strncasecmp(p, nick, n) != 0)
			continue;
		if ((p == text || !chat_namechar(p[-1])) &&
		    !chat_namechar(p[n]))
			return 1;
	}
	return 0;
}

/* nick spoke: first in line for Tab (never ourselves). */
static void
chat_spoke(struct chat *c, const char *nick)
{
	size_t i;
	char *keep;

	if (chat_is_me(c, nick))
		return;
	for (i = 0; i < c->nrecent; i++)
		if (people_cmp(c->recent[i], nick) == 0)
			break;
	if (i == c->nrecent) {
		if (c->nrecent == RECENT_MAX)
			free(c->recent[--c->nrecent]);
		keep = estrdup(nick);
		i = c->nrecent++;
	} else
		keep = c->recent[i];
	memmove(c->recent + 1, c->recent, i * sizeof(*c->recent));
	c->recent[0] = keep;
}

/* MSG, ME, HIST, HISTME: fields are cleaned before anything looks. */
static void
chat_ev_msg(struct chat *c, const struct event *ev, int hist)
{
	char *room, *nick, *text, *head;
	int flags, me;

	room = safe_str(ev->room);
	nick = safe_str(ev->nick);
	text = safe_str(ev->text);
	me = ev->type == EV_ME || ev->type == EV_HISTME;
	chat_route(c, CHAT_ROOM, room);
	if (hist && ((c->skip_room && strcmp(room, c->skip_room) == 0) ||
	    dedup_seen(&c->seen, ev->ts, room, nick, text)))
		goto out;
	dedup_add(&c->seen, ev->ts, room, nick, text);
	if (people_has(&c->ignored, nick))
		goto out;
	chat_spoke(c, nick);
	flags = hist ? SB_HIST : 0;
	if (chat_is_me(c, nick))
		flags |= SB_OWN;
	else if (c->me != NULL && chat_mentions(text, c->me))
		flags |= SB_MENTION;
	head = emalloc(strlen(nick) + 3);
	sprintf(head, me ? "* %s" : "<%s>", nick);
	chat_show(c, ev->ts, me ? SB_ME : SB_MSG, flags, nick, head, text);
	free(head);
	if ((flags & SB_MENTION) && !hist)
		c->io->bell(c->arg);
out:
	free(room);
	free(nick);
	free(text);
}

static void
chat_ev_priv(struct chat *c, const struct event *ev)
{
	char *from, *to, *text, *head;
	int flags;

	from = safe_str(ev->nick);
	to = safe_str(ev->nick2);
	text = safe_str(ev->text);
	flags = chat_is_me(c, from) ? SB_OWN : SB_MENTION;
	if (people_has(&c->ignored, from)) {
		free(from);
		free(to);
		free(text);
		return;
	}
	chat_route(c, CHAT_QUERY, flags & SB_OWN ? to : from);
	chat_spoke(c, from);
	head = emalloc(strlen(from) + strlen(to) + 8);
	sprintf(head, "[%s -> %s]", from, to);
	chat_show(c, ev->ts, SB_PRIV, flags, from, head, text);
	if (flags & SB_MENTION)
		c->io->bell(c->arg);
	free(head);
	free(from);
	free(to);
	free(text);
}

/* Protocol 2, just welcomed in room: every other room to be in, joined
 * again directly (dedup drops what each window has already). */
static void
chat_welcome_rooms(struct chat *c, const char *room)
{
	size_t i;

	people_add(&c->wanted, room);
	if (c->want_room != NULL && people_cmp(c->want_room, room) != 0)
		chat_sendf(c, "/join %s", c->want_room);
	for (i = 0; i < c->wanted.count; i++)
		if (people_cmp(c->wanted.names[i], room) != 0 &&
		    (c->want_room == NULL ||
		    people_cmp(c->wanted.names[i], c->want_room) != 0))
			chat_sendf(c, "/join %s", c->wanted.names[i]);
	if (c->want_room == NULL)
		chat_set(&c->want_room, room);
}

static void
chat_ev_welcome(struct chat *c, const struct event *ev)
{
	char *nick, *room;

	nick = safe_str(ev->nick);
	room = safe_str(ev->room);
	chat_route(c, CHAT_ROOM, room);
	chat_set(&c->me, nick);
	chat_set(&c->want_nick, nick);
	chat_set(&c->room, room);
	people_add(&c->rooms, room);
	c->welcomed = 1;
	c->awaiting = 0;
	c->retakes = 0;
	if (c->naming) {
		c->naming = 0;
		c->io->ask_name(c->arg, 0);
	}
	chat_notice(c, SB_SYS, "%s as %s in #%s", c->ever ? "Back" :
	    "Connected", nick, room);
	c->ever = 1;
	c->prejoin = 0;
	chat_in_clear(c);
	chat_in_add(c, room);
	if (c->v2)
		chat_welcome_rooms(c, room);
	else if (c->want_room != NULL && strcmp(c->want_room, room) != 0) {
		/* An older server took no room before the name: the default
		 * room's replay would only scroll past. */
		chat_set(&c->skip_room, room);
		chat_sendf(c, "/join %s", c->want_room);
	}
	free(nick);
	free(room);
	c->io->online(c->arg);
	c->io->update(c->arg);
}

/* NAME? again while a name is on its way (after the /join sent before
 * it) is not a question to the user; an ERR answers the name instead. */
static void
chat_ev_name(struct chat *c)
{
	if (c->awaiting)
		return;
	/* The room to go straight to: one server that knows no /join
	 * before a name answers it with an ERR, dropped below. */
	if (c->want_room != NULL && !c->prejoin) {
		c->prejoin = 1;
		chat_sendf(c, "/join %s", c->want_room);
	}
	if (c->want_nick != NULL && !c->tried) {
		c->awaiting = 1;
		c->tried = 1;
		chat_sendf(c, "/nick %s", c->want_nick);
		return;
	}
	if (!c->naming) {
		c->naming = 1;
		c->io->ask_name(c->arg, 1);
	}
}

static void
chat_ev_err(struct chat *c, const struct event *ev)
{
	char *code, *text;

	code = safe_str(ev->code);
	text = safe_str(ev->text);
	if (!c->welcomed && c->prejoin == 1 && strcmp(code, "usage") == 0) {
		c->prejoin = 2;		/* "choose a name first": older */
		free(code);
		free(text);
		return;
	}
	/* Back after a loss and our own name refused: the lost session (on
	 * a cluster node that died, until its expiry) may still hold it, so
	 * the connection is tried again later instead of asking. */
	if (strcmp(code, "nametaken") == 0 && c->ever && c->tried &&
	    c->awaiting && !c->welcomed && c->retakes < RETAKE_MAX) {
		c->retakes++;
		c->retake = 1;
		chat_notice(c, SB_SYS, "%s: still held by the session "
		    "lost? trying again", text[0] ? text : code);
		free(code);
		free(text);
		return;
	}
	if (!c->welcomed)
		c->awaiting = 0;	/* the name is answered */
	chat_notice(c, SB_ERR, "%s", text[0] ? text : code);
	if (strcmp(code, "badroom") == 0 && c->skip_room != NULL) {
		/* Stay where the server put us. */
		chat_set(&c->want_room, c->room);
		chat_set(&c->skip_room, NULL);
	}
	free(code);
	free(text);
}

/* Protocol 2: we are in room as well; the window the user asked for
 * is shown, the ones rejoined after a reconnect stay where they are. */
static void
chat_joined(struct chat *c, const char *room)
{
	people_add(&c->rooms, room);
	chat_in_add(c, room);
	if (c->wanted.count < CHAT_ROOMS_MAX)
		people_add(&c->wanted, room);
	if (c->want_room == NULL)
		chat_set(&c->want_room, room);
	chat_notice(c, SB_SYS, "You are now in #%s", room);
	if (c->asked != NULL && people_cmp(c->asked, room) == 0) {
		chat_set(&c->asked, NULL);
		chat_set(&c->room, room);
		if (c->io->window != NULL)
			c->io->window(c->arg, CHAT_WIN_ROOM, room);
	}
	if (c->room == NULL)
		chat_set(&c->room, room);
}

/* Protocol 2: our own PART: the room is left, its window closes. */
static void
chat_parted(struct chat *c, const char *room)
{
	chat_in_del(c, room);
	people_del(&c->wanted, room);
	if (c->want_room != NULL && people_cmp(c->want_room, room) == 0)
		chat_set(&c->want_room, c->wanted.count > 0 ?
		    c->wanted.names[0] : NULL);
	if (c->room != NULL && people_cmp(c->room, room) == 0)
		chat_set(&c->room, c->nin > 0 ? c->in[c->nin - 1].room :
		    NULL);
	chat_notice(c, SB_SYS, "You have left #%s", room);
	if (c->io->window != NULL)
		c->io->window(c->arg, CHAT_WIN_PART, room);
}

static void
chat_ev_join(struct chat *c, const struct event *ev)
{
	struct people *here;
	char *room, *nick;

	room = safe_str(ev->room);
	nick = safe_str(ev->nick);
	chat_route(c, CHAT_ROOM, room);
	if (chat_is_me(c, nick) && c->v2)
		chat_joined(c, room);
	else if (chat_is_me(c, nick)) {
		chat_set(&c->room, room);
		people_add(&c->rooms, room);
		chat_set(&c->want_room, room);
		chat_set(&c->skip_room, NULL);
		chat_in_clear(c);
		chat_in_add(c, room);
		chat_notice(c, SB_SYS, "You are now in #%s", room);
	} else if ((here = chat_people_here(c, room)) != NULL) {
		people_add(here, nick);
		chat_notice(c, SB_SYS, "%s has joined #%s", nick, room);
	}
	c->io->update(c->arg);
	free(room);
	free(nick);
}

static void
chat_ev_part(struct chat *c, const struct event *ev)
{
	struct people *here;
	char *room, *nick, *why;

	room = safe_str(ev->room);
	nick = safe_str(ev->nick);
	why = safe_str(ev->text);
	chat_route(c, CHAT_ROOM, room);
	if (c->v2 && chat_is_me(c, nick) && chat_in_room(c, room)) {
		chat_parted(c, room);
		c->io->update(c->arg);
	} else if ((here = chat_people_here(c, room)) != NULL &&
	    !chat_is_me(c, nick)) {
		people_del(here, nick);
		chat_notice(c, SB_SYS, "%s has left #%s%s%s%s", nick, room,
		    why[0] ? " (" : "", why, why[0] ? ")" : "");
		c->io->update(c->arg);
	}
	free(room);
	free(nick);
	free(why);
}

static void
chat_ev_nick(struct chat *c, const struct event *ev)
{
	char *old, *new;
	size_t i;

	old = safe_str(ev->nick);
	new = safe_str(ev->nick2);
	chat_route(c, CHAT_ROOM, c->room);
	if (chat_is_me(c, old)) {
		chat_set(&c->me, new);
		chat_set(&c->want_nick, new);
		chat_notice(c, SB_SYS, "You are now known as %s", new);
	}
	/* Each room window where old is says so. */
	for (i = 0; i < c->nin; i++) {
		if (!people_has(&c->in[i].people, old))
			continue;
		if (!chat_is_me(c, new)) {
			chat_route(c, CHAT_ROOM, c->in[i].room);
			chat_notice(c, SB_SYS, "%s is now known as %s", old,
			    new);
		}
		people_rename(&c->in[i].people, old, new);
	}
	c->io->update(c->arg);
	free(old);
	free(new);
}

/* "a, b, c" of the cleaned items, into a new string. */
static char *
chat_join_list(const struct event *ev, int rooms)
{
	char *out, *item, *colon;
	size_t len, cap;
	int i;

	cap = 1;
	for (i = 0; i < ev->nlist; i++)
		cap += TEXT_CLEAN_MAX(strlen(ev->list[i])) + 8;
	out = emalloc(cap);
	len = 0;
	out[0] = '\0';
	for (i = 0; i < ev->nlist && len < cap; i++) {
		item = safe_str(ev->list[i]);
		if (rooms && (colon = strrchr(item, ':')) != NULL) {
			*colon = '\0';
			len += snprintf(out + len, cap - len, "%s#%s (%s)",
			    i ? ", " : "", item, colon + 1);
		} else
			len += snprintf(out + len, cap - len, "%s%s",
			    i ? ", " : "", item);
		free(item);
	}
	return out;
}

static void
chat_ev_users(struct chat *c, const struct event *ev)
{
	struct people *here;
	char *room, *list, *nick;
	int i;

	room = safe_str(ev->room);
	chat_route(c, CHAT_ROOM, room);
	if (c->skip_room == NULL || strcmp(room, c->skip_room) != 0) {
		if ((here = chat_people_here(c, room)) != NULL) {
			people_clear(here);
			for (i = 0; i < ev->nlist; i++) {
				nick = safe_str(ev->list[i]);
				people_add(here, nick);
				free(nick);
			}
			c->io->update(c->arg);
		}
		list = chat_join_list(ev, 0);
		chat_notice(c, SB_SYS, "In #%s (%d): %s", room, ev->nlist,
		    list);
		free(list);
	}
	free(room);
}

static void
chat_ev_rooms(struct chat *c, const struct event *ev)
{
	char *list, *room, *colon;
	int i;

	for (i = 0; i < ev->nlist; i++) {
		room = safe_str(ev->list[i]);
		if ((colon = strrchr(room, ':')) != NULL)
			*colon = '\0';
		if (room[0] != '\0' && c->rooms.count < ROOMS_KNOWN_MAX)
			people_add(&c->rooms, room);
		free(room);
	}

	list = chat_join_list(ev, 1);
	chat_notice(c, SB_SYS, "Rooms: %s", list[0] ? list : "none");
	free(list);
}

void
chat_flush(struct chat *c)
{
	char *text;

	if ((text = c->held) == NULL)
		return;
	c->held = NULL;
	chat_show(c, c->held_ts, SB_SYS, 0, NULL, "-!-", text);
	free(text);
}

/* NOTICE: the server's own words, held until the next event, as the
 * notice a server sends before BYE says why, and the disconnection
 * notice then says it once. */
static void
chat_ev_notice(struct chat *c, const struct event *ev)
{
	chat_flush(c);
	c->held = safe_str(ev->text);
	c->held_ts = ev->ts;
	if (!c->fold)
		chat_flush(c);
}

/* BYE: said when the connection ends, with the notice before it. */
static void
chat_ev_bye(struct chat *c, const struct event *ev)
{
	free(c->bye);
	if (c->held != NULL) {
		c->bye = c->held;
		c->held = NULL;
	} else
		c->bye = safe_str(ev->text);
	if (!c->fold)
		chat_notice(c, SB_SYS, "Bye from the server: %s", c->bye);
}

static void
chat_ev_hello(struct chat *c, const struct event *ev)
{
	char *version;

	c->v2 = strcmp(ev->code, "2") == 0;
	if (strcmp(ev->code, "1") != 0 && !c->v2) {
		version = safe_str(ev->code);
		chat_notice(c, SB_ERR, "Server speaks protocol version %.*s; "
		    "this client knows 1 and 2", chat_cut(version, 16),
		    version);
		free(version);
	}
	c->io->update(c->arg);
}

static void
chat_event(struct chat *c, const struct event *ev)
{
	chat_route(c, CHAT_HERE, NULL);
	switch (ev->type) {
	case EV_BYE:
		chat_ev_bye(c, ev);
		break;
	case EV_ERR:
		chat_ev_err(c, ev);
		break;
	case EV_HELLO:
		chat_ev_hello(c, ev);
		break;
	case EV_HIST:
	case EV_HISTME:
		chat_ev_msg(c, ev, 1);
		break;
	case EV_HISTEND:
		break;
	case EV_JOIN:
		chat_ev_join(c, ev);
		break;
	case EV_ME:
	case EV_MSG:
		chat_ev_msg(c, ev, 0);
		break;
	case EV_NAME:
		chat_ev_name(c);
		break;
	case EV_NICK:
		chat_ev_nick(c, ev);
		break;
	case EV_NOTICE:
		chat_ev_notice(c, ev);
		break;
	case EV_PART:
		chat_ev_part(c, ev);
		break;
	case EV_PRIV:
		chat_ev_priv(c, ev);
		break;
	case EV_ROOMS:
		chat_ev_rooms(c, ev);
		break;
	case EV_USERS:
		chat_ev_users(c, ev);
		break;
	case EV_WELCOME:
		chat_ev_welcome(c, ev);
		break;
	}
	chat_route(c, CHAT_HERE, NULL);
}

/* Before HELLO the server speaks text: its banner and name prompt (which
 * has no "\n", so HELLO arrives glued to it), or "Chat is full". */
static char *
chat_before_hello(struct chat *c, char *line, size_t len)
{
	char *hello, *text;

	if ((hello = strstr(line, "HELLO\t")) != NULL) {
		c->hello = 1;
		return hello;
	}
	if (strstr(line, "unknown command /hello") != NULL && !c->v1only &&
	    c->io->reconnect != NULL) {
		/* A server older than protocol 2: ask again for 1, and be
		 * in one room at a time. */
		c->v1only = 1;
		c->quiet = 1;
		chat_notice(c, SB_SYS, "The server speaks protocol 1 only: "
		    "one room at a time");
		c->io->reconnect(c->arg);
		return NULL;
	}
	if (strncmp(line, "Chat is full", 12) == 0) {
		text = safe_dup(line, len);
		chat_notice(c, SB_ERR, "%s", text);
		free(text);
	}
	return NULL;
}

void
chat_server_line(struct chat *c, char *line, size_t len)
{
	static char *items[USERS_MAX];
	struct event ev;

	line[len] = '\0';
	if (!c->hello && (line = chat_before_hello(c, line, len)) == NULL)
		return;
	if (wire_parse(line, &ev, items, USERS_MAX) == 0) {
		if (ev.type != EV_BYE)
			chat_flush(c);
		chat_event(c, &ev);
	}
}

void
chat_connected(struct chat *c)
{
	c->hello = c->welcomed = c->tried = c->awaiting = c->retake = 0;
	c->prejoin = c->v2 = 0;
	chat_set(&c->skip_room, NULL);
	chat_set(&c->bye, NULL);
	/* Windows are needed for several rooms: the line client and a
	 * server without version 2 get one room at a time. */
	if (c->v1only || c->io->window == NULL)
		c->io->send(c->arg, "/hello tcpchat 1");
	else
		c->io->send(c->arg, "/hello tcpchat 2");
}

void
chat_disconnected(struct chat *c, const char *why)
{
	chat_flush(c);
	if (c->quiet)
		c->quiet = 0;		/* /reconnect said it already */
	else if ((c->welcomed || c->hello) && c->bye != NULL)
		chat_notice(c, SB_ERR, "Disconnected: %s", c->bye);
	else if (c->welcomed || c->hello)
		chat_notice(c, SB_ERR, "Disconnected: %s", why);
	chat_set(&c->bye, NULL);
	c->hello = c->welcomed = 0;
	chat_in_clear(c);
	if (c->naming) {
		c->naming = 0;
		c->io->ask_name(c->arg, 0);
	}
	c->io->update(c->arg);
}

/* Send head + text, in several lines when the server would refuse one
 * that long: cut at words, else between characters, with a warning. */
void
chat_send_split(struct chat *c, const char *head, const char *text)
{
	size_t n, max, off, len, next, pieces;

	n = strlen(text);
	max = SEND_LINE_MAX - 1 - strlen(head);
	if ((pieces = split_count(text, n, max)) > 1)
		chat_notice(c, SB_ERR, "Message of %zu bytes is longer than "
		    "the server takes (%d): sent as %zu messages", n,
		    SEND_LINE_MAX - 1, pieces);
	for (off = 0; off < n; off += next) {
		len = split_next(text + off, n - off, max, &next);
		if (len > 0)
			chat_sendf(c, "%s%.*s", head, (int)len, text + off);
		if (next == 0)
			break;
	}
}

/* Protocol 2: said in the room shown, named. */
static void
chat_say_in(struct chat *c, const char *text)
{
	char head[256];

	if (c->room == NULL || !chat_in_room(c, c->room)) {
		chat_notice(c, SB_ERR, "You are in no room here: /join one; "
		    "not sent: %.*s", chat_cut(text, 40), text);
		return;
	}
	snprintf(head, sizeof(head), "/say %.*s ", chat_cut(c->room, 128),
	    c->room);
	chat_send_split(c, head, text);
}

void
chat_say(struct chat *c, const char *text)
{
	if (text[0] == '\0')
		return;
	if (!c->welcomed) {
		chat_notice(c, SB_ERR, "Not connected; not sent: %.*s",
		    chat_cut(text, 40), text);
		return;
	}
	if (c->v2)
		chat_say_in(c, text);
	else if (text[0] == '/')
		chat_send_split(c, "/", text);	/* "//x" says "/x" */
	else
		chat_send_split(c, "", text);
}

void
chat_say_to(struct chat *c, const char *nick, const char *text)
{
	char head[256];

	if (text[0] == '\0')
		return;
	if (!c->welcomed) {
		chat_notice(c, SB_ERR, "Not connected; not sent: %.*s",
		    chat_cut(text, 40), text);
		return;
	}
	snprintf(head, sizeof(head), "/msg %.*s ", chat_cut(nick, 64), nick);
	chat_send_split(c, head, text);
}

/* A name the user typed: take it, and ask the server for it. */
void
chat_name(struct chat *c, const char *name)
{
	chat_set(&c->want_nick, name);
	c->tried = 1;
	c->awaiting = 1;
	chat_sendf(c, "/nick %s", name);
}

void
chat_ignore(struct chat *c, const char *nick)
{
	people_add(&c->ignored, nick);
}
