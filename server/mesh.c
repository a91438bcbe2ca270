/* The chat as one over several tcpchatd nodes (--redis): what line, cmd
 * and login do, said through the cluster module, and what it calls back
 * with shown to the people here. Without --redis every call is the
 * server's own (room_say() and so on). An event of this node's people
 * sent to Redis is shown when it comes back, in the room's one order;
 * only their own view (a moved notice, USERS) is given at once. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "cluster.h"
#include "efun.h"
#include "log.h"
#include "logfile.h"
#include "mesh.h"
#include "names.h"
#include "room.h"
#include "server.h"

/* A claim out to Redis: for c (NULL once c has closed). */
struct mesh_claim {
	uint64_t	 cookie;
	struct client	*c;
	mesh_claimed_fn	*fn;
	char		*nick;
	char		 key[NAME_KEY_MAX];
};

static struct cluster	 *mesh_cl;
static int		  mesh_left;	/* cluster_leave() was called */
static struct mesh_claim *mesh_claims;
static size_t		  mesh_nclaims, mesh_capclaims;
static uint64_t		  mesh_cookie;

/* The cluster, unless there is none or this node has left it. */
static struct cluster *
mesh_get(void)
{
	return mesh_left ? NULL : mesh_cl;
}

/* The local person called nick, if any. */
static struct client *
mesh_local(const char *nick)
{
	char key[NAME_KEY_MAX];
	const char *why;
	struct client *c;

	if (names_check(nick, strlen(nick), key, &why) == -1 ||
	    (c = htab_get(&srv.nicks, key)) == NULL || c->state != CS_CHAT)
		return NULL;
	return c;
}

/* Show e to the room here, or only log it when no one here is in it. */
static void
mesh_show(const char *room, struct ev *e, struct client *skip_text,
    struct client *skip_struct)
{
	struct room *r;
	const char *why;

	if ((r = room_find(room, strlen(room), 0, &why)) != NULL)
		room_send(r, e, skip_text, skip_struct);
	else if (logfile_active()) {
		event_struct(e);
		logfile_append(e->sc->data, e->sc->len);
	}
}

/*
 * A rename is said once, in one of the person's rooms, and renames in all
 * of them: everyone here sharing a room with the person is told once.
 */
static void
mesh_renamed_show(const struct cluster_event *ev, struct ev *e, int own)
{
	struct client *c, *who = own ? mesh_local(ev->arg) : NULL;
	uint32_t i;
	uint8_t k;

	if (who != NULL) {
		room_tell_rename(who, e);
		return;
	}
	if (own || mesh_cl == NULL) {
		mesh_show(ev->room, e, NULL, NULL);
		return;
	}
	if (logfile_active()) {
		event_struct(e);
		logfile_append(e->sc->data, e->sc->len);
	}
	for (i = 0; i < srv.nall; i++) {
		c = srv.all[i];
		if (c->state != CS_CHAT)
			continue;
		for (k = 0; k < c->nin; k++)
			if (cluster_in(mesh_cl, ev->arg, c->in[k].room->name)) {
				client_event(c, e);
				break;
			}
	}
}

static void
mesh_event(void *arg, const struct cluster_event *ev, int own)
{
	struct ev e = { .kind = EV_MSG };
	struct client *who = own ? mesh_local(ev->nick) : NULL;

	(void)arg;
	e.ts = ev->ts;
	e.room = ev->room;
	e.nick = ev->nick;
	e.arg = ev->arg;
	e.text = ev->text;
	e.textlen = ev->textlen;
	switch (ev->kind) {
	case CLUSTER_ME:
		e.kind = EV_ME;
		/* FALLTHROUGH */
	case CLUSTER_MSG:
		room_restore(ev->room, ev->ts, ev->kind == CLUSTER_ME ?
		    HIST_ME : HIST_MSG, ev->nick, ev->text, ev->textlen);
		mesh_show(ev->room, &e, who, NULL);
		break;
	case CLUSTER_JOIN:
		e.kind = EV_JOIN;
		mesh_show(ev->room, &e, who, who);
		break;
	case CLUSTER_PART:
		e.kind = EV_PART;
		mesh_show(ev->room, &e, NULL, NULL);
		break;
	case CLUSTER_NICK:
		e.kind = EV_NICK;
		mesh_renamed_show(ev, &e, own);
		break;
	default:
		break;
	}
	event_release(&e);
}

static void
mesh_privcb(void *arg, const struct cluster_event *ev)
{
	struct ev e = { .kind = EV_PRIV };
	struct client *to;

	(void)arg;
	if ((to = mesh_local(ev->arg)) == NULL)
		return;
	e.ts = ev->ts;
	e.nick = ev->nick;
	e.arg = to->nick;
	e.text = ev->text;
	e.textlen = ev->textlen;
	client_event(to, &e);
	event_release(&e);
}

static void
mesh_history(void *arg, const char *room, const struct cluster_event *ev,
    size_t n)
{
	struct room *r;
	const char *why;
	size_t i;

	(void)arg;
	/* The shared history replaces what this node kept (its --log, or
	 * what it showed alone while Redis was away). */
	if (n > 0 && (r = room_find(room, strlen(room), 0, &why)) != NULL)
		hist_free(&r->hist);
	for (i = 0; i < n; i++)
		if (ev[i].kind == CLUSTER_MSG || ev[i].kind == CLUSTER_ME)
			room_restore(room, ev[i].ts, ev[i].kind == CLUSTER_ME ?
			    HIST_ME : HIST_MSG, ev[i].nick, ev[i].text,
			    ev[i].textlen);
}

static void
mesh_claimed(void *arg, uint64_t cookie, const char *nick, int ok)
{
	struct mesh_claim m;
	size_t i;

	(void)arg;
	for (i = 0; i < mesh_nclaims; i++)
		if (mesh_claims[i].cookie == cookie)
			break;
	if (i == mesh_nclaims)
		return;
	m = mesh_claims[i];
	mesh_claims[i] = mesh_claims[--mesh_nclaims];
	if (m.c == NULL || m.c->state == CS_CLOSING) {
		if (ok && mesh_get() != NULL)
			cluster_release(mesh_cl, nick);
	} else
		m.fn(m.c, m.nick, m.key, ok);
	free(m.nick);
}

static void
mesh_lost(void *arg, const char *nick)
{
	struct client *c;

	(void)arg;
	if ((c = mesh_local(nick)) != NULL)
		client_bye(c, "name lost", "Your name was taken on another "
		    "node while this one was cut off, goodbye.");
}

/* A notice for everyone with a name. */
static void
mesh_all(const char *text)
{
	uint32_t i;

	for (i = 0; i < srv.nall; i++)
		if (srv.all[i]->state == CS_CHAT)
			client_notice(srv.all[i], "%s", text);
}

static void
mesh_reset(void *arg)
{
	(void)arg;
	log_info("cluster: Redis lost its data: history was reset");
	mesh_all("history was reset");
}

static void
mesh_notice(void *arg, const char *text)
{
	(void)arg;
	mesh_all(text);
}

static void
mesh_fatal(void *arg, const char *why)
{
	(void)arg;
	log_error("cluster: %s", why);
	exit(EX_CONFIG);
}

int
mesh_start(int port, char *err, size_t errlen)
{
	static const struct cluster_cb cb = {
		mesh_event, mesh_privcb, mesh_history, mesh_claimed,
		mesh_lost, mesh_reset, mesh_notice, mesh_fatal, NULL
	};
	struct cluster_config cfg;
	char node[CLUSTER_NODE_MAX + 1], host[CLUSTER_NODE_MAX];
	char *p;

	if (srv.o.redis == NULL)
		return 0;
	if (srv.o.node == NULL) {
		if (gethostname(host, sizeof(host)) == -1)
			snprintf(host, sizeof(host), "localhost");
		host[sizeof(host) - 1] = '\0';
		host[strcspn(host, ".")] = '\0';
		for (p = host; *p != '\0'; p++)
			if (strchr("-_.:[]", *p) == NULL &&
			    !(*p >= 'a' && *p <= 'z') && !(*p >= 'A' &&
			    *p <= 'Z') && !(*p >= '0' && *p <= '9'))
				*p = '-';
		snprintf(node, sizeof(node), "%.40s:%d", host, port);
	} else
		snprintf(node, sizeof(node), "%s", srv.o.node);
	memset(&cfg, 0, sizeof(cfg));
	cfg.url = srv.o.redis;
	cfg.node = srv.o.node != NULL ? srv.o.node : node;
	cfg.history = (size_t)srv.o.history;
	cfg.history_bytes = (size_t)srv.o.history_bytes;
	cfg.expiry_ms = (int)srv.o.cluster_expiry * 1000;
	cfg.heartbeat_ms = cfg.expiry_ms / 3;
	if ((mesh_cl = cluster_start(srv.loop, &cfg, &cb, err, errlen)) ==
	    NULL)
		return -1;
	room_who_fn = mesh_who;
	log_info("cluster: node %s", cfg.node);	/* the URL may hold a
						 * password */
	return 0;
}

void
mesh_leave(void)
{
	if (mesh_get() == NULL)
		return;
	cluster_leave(mesh_cl);
	mesh_left = 1;
}

void
mesh_stop(void)
{
	size_t i;

	if (mesh_cl != NULL)
		cluster_stop(mesh_cl);
	mesh_cl = NULL;
	for (i = 0; i < mesh_nclaims; i++)
		free(mesh_claims[i].nick);
	free(mesh_claims);
	mesh_claims = NULL;
	mesh_nclaims = mesh_capclaims = 0;
}

int
mesh_claiming(const char *key)
{
	size_t i;

	for (i = 0; i < mesh_nclaims; i++)
		if (strcmp(mesh_claims[i].key, key) == 0)
			return 1;
	return 0;
}

int
mesh_waiting(const struct client *c)
{
	size_t i;

	for (i = 0; i < mesh_nclaims; i++)
		if (mesh_claims[i].c == c)
			return 1;
	return 0;
}

void
mesh_claim(struct client *c, const char *nick, size_t n, const char *key,
    mesh_claimed_fn *fn)
{
	struct mesh_claim *m;
	char *s;

	s = estrndup(nick, n);
	if (mesh_get() == NULL) {
		fn(c, s, key, 1);
		free(s);
		return;
	}
	if (mesh_nclaims == mesh_capclaims) {
		mesh_capclaims = mesh_capclaims == 0 ? 16 : mesh_capclaims * 2;
		mesh_claims = ereallocarray(mesh_claims, mesh_capclaims,
		    sizeof(*mesh_claims));
	}
	m = &mesh_claims[mesh_nclaims++];
	m->cookie = ++mesh_cookie;
	m->c = c;
	m->fn = fn;
	m->nick = s;
	snprintf(m->key, sizeof(m->key), "%s", key);
	cluster_claim(mesh_cl, s, m->cookie);
}

void
mesh_forget(struct client *c)
{
	size_t i;

	for (i = 0; i < mesh_nclaims; i++)
		if (mesh_claims[i].c == c)
			mesh_claims[i].c = NULL;
	if (c->nick != NULL && mesh_get() != NULL)
		cluster_release(mesh_cl, c->nick);
}

/* Whether what cluster_say() did means: show it when it comes back. */
static int
mesh_later(enum cluster_sent s)
{
	return s == CLUSTER_SENT;
}

void
mesh_enter(struct room *r, struct client *c, int moved)
{
	if (mesh_get() == NULL) {
		room_enter(r, c, moved);
		return;
	}
	room_mute = mesh_later(cluster_say(mesh_cl, CLUSTER_JOIN, r->name,
	    c->nick, "", "", 0, time(NULL)));
	room_enter(r, c, moved);	/* USERS: mesh_who(), every node's */
	room_mute = 0;
}

void
mesh_part(struct client *c, struct room *r, const char *reason)
{
	if (reason == NULL)
		reason = "";
	if (mesh_get() == NULL || !room_has(c, r)) {
		room_part(r, c, reason);
		return;
	}
	/* Its own PART (protocol 2) is given at once: it is no longer in
	 * the room when Redis gives the event back. */
	room_mute = mesh_later(cluster_say(mesh_cl, CLUSTER_PART, r->name,
	    c->nick, reason, "", 0, time(NULL)));
	room_part(r, c, reason);
	room_mute = 0;
}

void
mesh_part_all(struct client *c, const char *reason)
{
	while (c->nin > 0)
		mesh_part(c, c->in[c->nin - 1].room, reason);
}

void
mesh_say_in(struct room *r, struct client *c, enum ev_kind kind,
    const char *text, size_t n)
{
	if (mesh_get() == NULL || !mesh_later(cluster_say(mesh_cl,
	    kind == EV_ME ? CLUSTER_ME : CLUSTER_MSG, r->name, c->nick,
	    "", text, n, time(NULL))))
		room_say_in(r, c, kind, text, n);
}

void
mesh_say(struct client *c, enum ev_kind kind, const char *text, size_t n)
{
	mesh_say_in(c->room, c, kind, text, n);
}

static void
mesh_renamed(struct client *c, const char *nick, const char *key, int ok)
{
	struct client *other = htab_get(&srv.nicks, key);

	if (!ok || c->state != CS_CHAT || (other != NULL && other != c)) {
		if (ok)
			cluster_release(mesh_cl, nick);
		if (c->state == CS_CHAT) {
			client_error(c, "nametaken", "the name %s is taken",
			    nick);
			client_owe_prompt(c);
		}
		return;
	}
	if (c->nin == 0) {	/* protocol 2 in no room: none to tell */
		cluster_release(mesh_cl, c->nick);
		room_rename(c, nick, key);
		client_owe_prompt(c);
		return;
	}
	/* Said once, in one room: it renames in all of c's rooms. */
	room_mute = mesh_later(cluster_say(mesh_cl, CLUSTER_NICK,
	    c->in[0].room->name, c->nick, nick, "", 0, time(NULL)));
	room_rename(c, nick, key);
	room_mute = 0;
	client_owe_prompt(c);
}

void
mesh_rename(struct client *c, const char *nick, const char *key)
{
	/* The same name in another case is still this node's. */
	if (mesh_get() == NULL || strcmp(key, c->key) == 0) {
		room_rename(c, nick, key);
		return;
	}
	mesh_claim(c, nick, strlen(nick), key, mesh_renamed);
}

int
mesh_priv(struct client *c, const char *to, const char *text, size_t n)
{
	struct ev e = { .kind = EV_PRIV };

	if (mesh_get() == NULL)
		return -1;
	if (text == NULL)
		return cluster_where(mesh_cl, to) != NULL ? 0 : -1;
	if (cluster_priv(mesh_cl, c->nick, to, text, n, time(NULL)) ==
	    CLUSTER_NOSUCH)
		return -1;
	e.ts = time(NULL);
	e.nick = c->nick;
	e.arg = to;
	e.text = text;
	e.textlen = n;
	client_event(c, &e);
	event_release(&e);
	return 0;
}

/* A growable reply. */
struct mesh_buf {
	char	*p;
	size_t	 len, cap;
	int	 st;
};

static void
mesh_add(struct mesh_buf *b, const char *s)
{
	size_t n = strlen(s);

	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 256;
		b->p = erealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void
mesh_send(struct mesh_buf *b, struct client *c)
{
	struct chunk *ch;

	ch = chunk_new(b->p, b->len);
	client_fresh_line(c);
	client_reply(c, ch);
	chunk_unref(ch);
	free(b->p);
}

static void
mesh_who_one(void *arg, const char *nick, const char *room,
    const char *node)
{
	struct mesh_buf *b = arg;

	(void)room;
	(void)node;
	mesh_add(b, b->st ? "\t" : " ");
	mesh_add(b, nick);
}

void
mesh_who(struct client *c, struct room *r)
{
	struct mesh_buf b = { NULL, 0, 0, (c->flags & CF_STRUCT) != 0 };
	uint32_t i;

	if (mesh_get() == NULL) {
		room_who(c, r);
		return;
	}
	mesh_add(&b, b.st ? "USERS\t" : "Users in ");
	mesh_add(&b, r->name);
	mesh_add(&b, b.st ? "" : ":");
	for (i = 0; i < r->n; i++)
		if (r->members[i]->state == CS_CHAT)
			mesh_who_one(&b, r->members[i]->nick, NULL, NULL);
	cluster_each(mesh_cl, r->name, mesh_who_one, &b);
	mesh_add(&b, "\n");
	mesh_send(&b, c);
}

/* The name of a room no one here is in, as said on another node. */
static void
mesh_away_name(void *arg, const char *nick, const char *room,
    const char *node)
{
	char **name = arg;

	(void)nick;
	(void)node;
	if (*name == NULL)
		*name = estrdup(room);
}

int
mesh_who_elsewhere(struct client *c, const char *name)
{
	struct mesh_buf b = { NULL, 0, 0, (c->flags & CF_STRUCT) != 0 };
	char *room = NULL;

	if (mesh_get() == NULL)
		return -1;
	if (*name == '#')
		name++;
	cluster_each(mesh_cl, name, mesh_away_name, &room);
	if (room == NULL)
		return -1;
	mesh_add(&b, b.st ? "USERS\t" : "Users in ");
	mesh_add(&b, room);
	mesh_add(&b, b.st ? "" : ":");
	cluster_each(mesh_cl, room, mesh_who_one, &b);
	mesh_add(&b, "\n");
	mesh_send(&b, c);
	free(room);
	return 0;
}

/* One room of /rooms: here, elsewhere or both. */
struct mesh_room {
	char		*name;
	char		 key[NAME_KEY_MAX];
	uint32_t	 n;
};

struct mesh_rooms {
	struct htab	 byname;
	struct mesh_room **all;
	size_t		 n, cap;
};

static void
mesh_rooms_add(struct mesh_rooms *rs, const char *name, uint32_t n)
{
	char key[NAME_KEY_MAX];
	struct mesh_room *m;
	const char *why;

	if (names_check(name, strlen(name), key, &why) == -1)
		return;
	if ((m = htab_get(&rs->byname, key)) == NULL) {
		m = ecalloc(1, sizeof(*m));
		m->name = estrdup(name);
		snprintf(m->key, sizeof(m->key), "%s", key);
		htab_put(&rs->byname, m->key, m);
		if (rs->n == rs->cap) {
			rs->cap = rs->cap == 0 ? 16 : rs->cap * 2;
			rs->all = ereallocarray(rs->all, rs->cap,
			    sizeof(*rs->all));
		}
		rs->all[rs->n++] = m;
	}
	m->n += n;
}

static void
mesh_list_one(void *arg, const char *nick, const char *room,
    const char *node)
{
	(void)nick;
	(void)node;
	mesh_rooms_add(arg, room, 1);
}

static int
mesh_room_cmp(const void *a, const void *b)
{
	return strcmp((*(struct mesh_room *const *)a)->key,
	    (*(struct mesh_room *const *)b)->key);
}

void
mesh_list(struct client *c)
{
	struct mesh_rooms rs;
	struct mesh_buf b = { NULL, 0, 0, (c->flags & CF_STRUCT) != 0 };
	struct room *r;
	char num[32];
	size_t i = 0;

	if (mesh_get() == NULL) {
		room_list(c);
		return;
	}
	memset(&rs, 0, sizeof(rs));
	htab_init(&rs.byname);
	while ((r = htab_next(&srv.rooms, &i)) != NULL)
		mesh_rooms_add(&rs, r->name, r->n);
	cluster_each(mesh_cl, NULL, mesh_list_one, &rs);
	qsort(rs.all, rs.n, sizeof(*rs.all), mesh_room_cmp);
	mesh_add(&b, b.st ? "ROOMS" : "Rooms:");
	for (i = 0; i < rs.n; i++) {
		snprintf(num, sizeof(num), b.st ? ":%u" : " (%u)",
		    rs.all[i]->n);
		mesh_add(&b, b.st ? "\t" : (i > 0 ? ", " : " "));
		mesh_add(&b, rs.all[i]->name);
		mesh_add(&b, num);
		free(rs.all[i]->name);
		free(rs.all[i]);
	}
	mesh_add(&b, "\n");
	free(rs.all);
	htab_free(&rs.byname);
	mesh_send(&b, c);
}
