/* Rooms: membership as dense arrays, history, and the fan-out of events. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "tcpchatd.h"
#include "log.h"
#include "logfile.h"
#include "names.h"
#include "room.h"
#include "server.h"
#include "text.h"
#include "efun.h"

static void	room_forget_replay(struct room *);

int	room_mute;	/* cluster (mesh.c): see room.h */
void	(*room_who_fn)(struct client *, struct room *);	/* cluster: see room.h */

/* A growable byte buffer for one reply (a history replay, a list). */
struct sbuf {
	char	*p;
	size_t	 len, cap;
};

static void
room_sbuf_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 256;
		b->p = erealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void
room_sbuf_str(struct sbuf *b, const char *s)
{
	room_sbuf_add(b, s, strlen(s));
}

/* Hand the buffer to c as one chunk and free it. */
static void
room_sbuf_send(struct sbuf *b, struct client *c)
{
	struct chunk *ch;

	if (b->len > 0) {
		ch = chunk_new(b->p, b->len);
		client_reply(c, ch);
		chunk_unref(ch);
	}
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

struct room *
room_find(const char *name, size_t n, int create, const char **why)
{
	char key[NAME_KEY_MAX];
	struct room *r;

	if (n > 0 && name[0] == '#')
		name++, n--;
	if (names_check(name, n, key, why) == -1)
		return NULL;
	if ((r = htab_get(&srv.rooms, key)) != NULL || !create)
		return r;
	if (srv.nrooms >= ROOMS_MAX) {
		*why = "too many rooms exist already";
		return NULL;
	}
	r = ecalloc(1, sizeof(*r));
	r->name = estrndup(name, n);
	r->key = estrdup(key);
	hist_init(&r->hist, (size_t)srv.o.history, &srv.history);
	htab_put(&srv.rooms, r->key, r);
	srv.nrooms++;
	return r;
}

/* An empty room without history is forgotten; the default room stays. */
static void
room_gc(struct room *r)
{
	if (r->n > 0 || hist_count(&r->hist) > 0 ||
	    strcmp(r->key, ROOM_DEFAULT) == 0)
		return;
	htab_del(&srv.rooms, r->key);
	srv.nrooms--;
	room_forget_replay(r);
	hist_free(&r->hist);
	free(r->members);
	free(r->name);
	free(r->key);
	free(r);
}

/* The room's replay caches go with the entries they show, and a room the
 * pool emptied is forgotten like one its last member left, so that
 * filling rooms in turn cannot use up ROOMS_MAX. The pool only takes
 * entries older than the one being added, so the room that gets it is
 * never empty here: room_say and room_restore keep their room. */
void
room_evicted(struct history *h)
{
	struct room *r = (struct room *)(void *)((char *)h -
	    offsetof(struct room, hist));

	room_forget_replay(r);
	room_gc(r);
}

/* c's slot for r (at most ROOMS_PER_CONN_MAX to look through), or
 * NULL. */
static struct client_in *
room_slot(struct client *c, const struct room *r)
{
	uint8_t i;

	for (i = 0; i < c->nin; i++)
		if (c->in[i].room == r)
			return &c->in[i];
	return NULL;
}

int
room_has(struct client *c, const struct room *r)
{
	return room_slot(c, r) != NULL;
}

/* One slot more for c: the first is inline, the rest (protocol 2 only)
 * in an array that grows to ROOMS_PER_CONN_MAX and never shrinks. */
static void
room_grow_in(struct client *c)
{
	uint8_t cap = c->capin * 2;

	if (cap > ROOMS_PER_CONN_MAX)
		cap = ROOMS_PER_CONN_MAX;
	if (c->in == &c->in1) {
		c->in = ereallocarray(NULL, cap, sizeof(*c->in));
		c->in[0] = c->in1;
	} else
		c->in = ereallocarray(c->in, cap, sizeof(*c->in));
	c->capin = cap;
}

static void
room_add(struct room *r, struct client *c)
{
	if (r->n == r->cap) {
		r->cap = r->cap == 0 ? 8 : r->cap * 2;
		r->members = ereallocarray(r->members, r->cap,
		    sizeof(*r->members));
	}
	if (c->nin == c->capin)
		room_grow_in(c);
	c->in[c->nin].room = r;
	c->in[c->nin].ridx = r->n;
	c->nin++;
	r->members[r->n++] = c;
	c->room = r;
}

static void
room_remove(struct room *r, struct client *c)
{
	struct client_in *s = room_slot(c, r);
	struct client *last = r->members[--r->n];

	r->members[s->ridx] = last;
	room_slot(last, r)->ridx = s->ridx;
	/* Keep the order joined: the current room falls back to the one
	 * joined last of those left. */
	memmove(s, s + 1, (size_t)(c->in + c->nin - s - 1) * sizeof(*s));
	c->nin--;
	if (c->room == r)
		c->room = c->nin > 0 ? c->in[c->nin - 1].room : NULL;
	if (r->n == 0) {
		free(r->members);
		r->members = NULL;
		r->cap = 0;
	}
}

/* The log keeps MSG, ME, JOIN, PART and NICK, before they are relayed. */
static void
room_log(struct ev *e)
{
	switch (e->kind) {
	case EV_MSG:
	case EV_ME:
	case EV_JOIN:
	case EV_PART:
	case EV_NICK:
		if (logfile_active()) {
			event_struct(e);
			logfile_append(e->sc->data, e->sc->len);
		}
		break;
	default:
		break;
	}
}

void
room_send(struct room *r, struct ev *e, struct client *skip_text,
    struct client *skip_struct)
{
	struct client *c;
	uint32_t i;

	if (room_mute)	/* cluster: shown when Redis gives it back */
		return;
	room_log(e);
	/* A member kicked during this loop stays in the array (it leaves in
	 * deferred work), so indices stay valid. */
	for (i = 0; i < r->n; i++) {
		c = r->members[i];
		if (c->state != CS_CHAT)
			continue;
		if (c == ((c->flags & CF_STRUCT) ? skip_struct : skip_text))
			continue;
		client_event(c, e);
	}
}

/* A new line in the history makes the formatted replays stale. */
static void
room_forget_replay(struct room *r)
{
	chunk_unref(r->replay[0]);
	chunk_unref(r->replay[1]);
	r->replay[0] = r->replay[1] = NULL;
}

/* The history as text lines, or as HIST lines then HISTEND. */
static struct chunk *
room_format_replay(struct room *r, int st)
{
	const struct hist_entry *h;
	struct sbuf b = { NULL, 0, 0 };
	struct chunk *ch = NULL;
	struct ev e;
	size_t i, n = hist_count(&r->hist);

	for (i = 0; i < n; i++) {
		h = hist_get(&r->hist, i);
		memset(&e, 0, sizeof(e));
		e.kind = h->kind == HIST_ME ? EV_HISTME : EV_HIST;
		e.ts = h->ts;
		e.room = r->name;
		e.nick = hist_nick(h);
		e.text = hist_text(h);
		e.textlen = h->textlen;
		if (st)
			event_struct(&e);
		else
			event_text(&e);
		room_sbuf_add(&b, st ? e.sc->data : e.tc->data,
		    st ? e.sc->len : e.tc->len);
		event_release(&e);
	}
	if (st) {
		room_sbuf_str(&b, "HISTEND\t");
		room_sbuf_str(&b, r->name);
		room_sbuf_str(&b, "\n");
	}
	if (b.len > 0)
		ch = chunk_new(b.p, b.len);
	free(b.p);
	return ch;
}

/* Every joiner gets the same bytes: format them once per presentation
 * and hand each joiner a reference, not a fresh copy of the history. */
static void
room_replay(struct room *r, struct client *c)
{
	int st = (c->flags & CF_STRUCT) != 0;

	if (r->replay[st] == NULL)
		r->replay[st] = room_format_replay(r, st);
	if (r->replay[st] != NULL)
		client_replay(c, r->replay[st]);
}

void
room_enter(struct room *r, struct client *c, int moved)
{
	struct ev e = { .kind = EV_JOIN };

	e.ts = time(NULL);
	e.room = r->name;
	e.nick = c->nick;
	room_add(r, c);
	if (moved && (c->flags & CF_STRUCT))
		client_event(c, &e);
	else if (moved)
		client_notice(c, "You are now in %s.", r->name);
	room_replay(r, c);
	if (c->flags & CF_STRUCT)
		(room_who_fn != NULL ? room_who_fn : room_who)(c, r);
	room_send(r, &e, c, c);
	event_release(&e);
	client_owe_prompt(c);
}

void
room_part(struct room *r, struct client *c, const char *reason)
{
	struct ev e = { .kind = EV_PART };

	if (!room_has(c, r))
		return;
	room_remove(r, c);
	e.ts = time(NULL);
	e.room = r->name;
	e.nick = c->nick;
	e.arg = reason;
	room_send(r, &e, NULL, NULL);
	/* A protocol 2 client closes the room's window on its own PART; a
	 * version 1 mover never got one. */
	if ((c->flags & CF_V2) && c->state == CS_CHAT)
		client_event(c, &e);
	event_release(&e);
	room_gc(r);
}

void
room_leave(struct client *c, const char *reason)
{
	if (c->room != NULL)
		room_part(c->room, c, reason);
}

void
room_leave_all(struct client *c, const char *reason)
{
	while (c->nin > 0)
		room_part(c->in[c->nin - 1].room, c, reason);
}

void
room_say_in(struct room *r, struct client *c, enum ev_kind kind,
    const char *text, size_t len)
{
	struct ev e = { .kind = kind };

	e.ts = time(NULL);
	e.room = r->name;
	e.nick = c->nick;
	e.text = text;
	e.textlen = len;
	room_forget_replay(r);
	hist_add(&r->hist, e.ts, kind == EV_ME ? HIST_ME : HIST_MSG,
	    c->nick, text, len);
	room_send(r, &e, c, NULL);
	event_release(&e);
}

void
room_say(struct client *c, enum ev_kind kind, const char *text, size_t len)
{
	room_say_in(c->room, c, kind, text, len);
}

/* Deliver e once to c and to everyone who shares a room with c (a
 * protocol 2 client may share several), marking whom it told. */
static void
room_tell_all(struct client *c, struct ev *e, int mark)
{
	struct client *m;
	struct room *r;
	uint32_t i;
	uint8_t k;

	if (mark && c->state == CS_CHAT)
		client_event(c, e);
	c->flags = mark ? c->flags | CF_MARK : c->flags & ~CF_MARK;
	for (k = 0; k < c->nin; k++) {
		r = c->in[k].room;
		for (i = 0; i < r->n; i++) {
			m = r->members[i];
			if (!mark)
				m->flags &= ~CF_MARK;
			else if (!(m->flags & CF_MARK)) {
				m->flags |= CF_MARK;
				if (m->state == CS_CHAT)
					client_event(m, e);
			}
		}
	}
}

void
room_tell_rename(struct client *c, struct ev *e)
{
	room_log(e);
	room_tell_all(c, e, 1);
	room_tell_all(c, e, 0);
}

void
room_rename(struct client *c, const char *nick, const char *key)
{
	struct ev e = { .kind = EV_NICK };
	char old[NAME_CHARS_MAX * 4 + 1];

	snprintf(old, sizeof(old), "%s", c->nick);
	htab_del(&srv.nicks, c->key);
	client_set_nick(c, nick, strlen(nick), key);
	htab_put(&srv.nicks, c->key, c);
	chunk_unref(c->prompt);
	c->prompt = NULL;
	e.ts = time(NULL);
	e.nick = old;
	e.arg = c->nick;
	if (!room_mute)		/* cluster: told when Redis gives it back */
		room_tell_rename(c, &e);
	event_release(&e);
	log_verbose("fd %d: %s is now known as %s", c->fd, old, c->nick);
}

void
room_who(struct client *c, struct room *r)
{
	struct sbuf b = { NULL, 0, 0 };
	uint32_t i;
	int st = c->flags & CF_STRUCT;

	room_sbuf_str(&b, st ? "USERS\t" : "Users in ");
	room_sbuf_str(&b, r->name);
	room_sbuf_str(&b, st ? "" : ":");
	for (i = 0; i < r->n; i++) {
		if (r->members[i]->state != CS_CHAT)
			continue;
		room_sbuf_str(&b, st ? "\t" : " ");
		room_sbuf_str(&b, r->members[i]->nick);
	}
	room_sbuf_str(&b, "\n");
	client_fresh_line(c);
	room_sbuf_send(&b, c);
}

static int
room_cmp(const void *a, const void *b)
{
	const struct room *ra = *(struct room *const *)a;
	const struct room *rb = *(struct room *const *)b;

	return strcmp(ra->key, rb->key);
}

void
room_list(struct client *c)
{
	struct room **all, *r;
	struct sbuf b = { NULL, 0, 0 };
	char num[32];
	size_t i = 0, n = 0;
	int st = c->flags & CF_STRUCT;

	all = ereallocarray(NULL, srv.nrooms + 1, sizeof(*all));
	while ((r = htab_next(&srv.rooms, &i)) != NULL)
		all[n++] = r;
	qsort(all, n, sizeof(*all), room_cmp);
	room_sbuf_str(&b, st ? "ROOMS" : "Rooms:");
	for (i = 0; i < n; i++) {
		snprintf(num, sizeof(num), st ? ":%u" : " (%u)", all[i]->n);
		room_sbuf_str(&b, st ? "\t" : (i > 0 ? ", " : " "));
		room_sbuf_str(&b, all[i]->name);
		room_sbuf_str(&b, num);
	}
	room_sbuf_str(&b, "\n");
	free(all);
	client_fresh_line(c);
	room_sbuf_send(&b, c);
}

void
room_restore(const char *room, int64_t ts, enum hist_kind kind,
    const char *nick, const char *text, size_t len)
{
	char key[NAME_KEY_MAX], *clean;
	struct room *r;
	const char *why;
	size_t n;

	/* The file may have been edited or damaged: it gets the same
	 * checks as what a client sends. */
	if (names_check(nick, strlen(nick), key, &why) == -1 ||
	    (r = room_find(room, strlen(room), 1, &why)) == NULL)
		return;
	clean = emalloc(TEXT_CLEAN_MAX(len) + 1);
	n = text_clean(text, len, clean);
	room_forget_replay(r);
	hist_add(&r->hist, ts, kind, nick, clean, n);
	free(clean);
	room_gc(r);	/* the line was too large to keep */
}
