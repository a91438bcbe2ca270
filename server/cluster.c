/* tcpchatd nodes as one chat: the cluster's state kept through Redis. */

/*
 * Redis keys (all under the prefix "tcpchat:"; NICK, ROOM are folded
 * keys, NODE the --node name):
 *
 *   tcpchat:epoch          string: random, made by the first node; when it
 *                          is gone Redis lost its data ("history was reset")
 *   tcpchat:seq:ROOM       integer: the room's last sequence (INCR)
 *   tcpchat:log:ROOM       stream: the room's events, entry id "SEQ-0",
 *                          fields r room, n node, m id, f shown, k kind,
 *                          u nick, a arg, t text, s time; trimmed to
 *                          --history entries and --history-bytes bytes
 *                          (never below 256 entries, kept for replay)
 *   tcpchat:bytes:ROOM     integer: bytes counted in tcpchat:log:ROOM
 *   tcpchat:rooms          set: ROOM of every room with a log
 *   tcpchat:nicks          hash: NICK -> NODE holding the name (HSETNX)
 *   tcpchat:people:NODE    hash: NICK -> "nick\tROOM\troom..." (a ROOM,
 *                          room pair for each room the person is in; a
 *                          protocol 2 client may be in several, or in
 *                          none: then "nick" alone), NODE's people
 *   tcpchat:nodes          set: registered nodes
 *   tcpchat:alive:NODE     string with an expiry (--cluster-expiry),
 *                          refreshed each heartbeat; its value tells two
 *                          processes with one node name apart
 *
 * Channels: tcpchat:room:ROOM (every room event, "E\t..." as in
 * clusterdecode.h; nodes PSUBSCRIBE tcpchat:room:*), tcpchat:node:NODE
 * (private messages to NODE's people, and NODE's heartbeat echo).
 *
 * Each node has two connections: commands (one Lua script for every
 * change, so each is atomic) and a subscribed one. Every room event comes
 * back in the room's order; the node keeps the last sequence it delivered
 * per room, drops what it has seen and fills gaps with XRANGE.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "efun.h"
#include "log.h"
#include "loop.h"
#include "tcpchatd.h"
#include "cluster.h"
#include "clusterscript.h"
#include "clusterlink.h"
#include "clusterpeople.h"
#include "clusterq.h"
#include "clusterseq.h"
#include "htab.h"
#include "names.h"

#define ARGS_MAX	(CLUSTERQ_ARGS_MAX + 10)

struct cluster {
	struct loop		*loop;
	struct cluster_cb	 cb;
	char			*node;
	char			 instance[33];
	size_t			 maxn, maxb;
	int			 hb_ms, expiry_ms;
	size_t			 bufmax, bufbytes;

	struct clusterlink	*link;
	char			 sha[41];
	int			 syncing;	/* sync out, or fills running */
	int			 synced;	/* in step: say goes straight out */
	int			 first;		/* no sync has succeeded yet */
	int			 resync;	/* sync again when this one ends */
	int			 fills;		/* XRANGEs out */
	char			 epoch[CLUSTER_EPOCH_MAX + 1];

	struct htab		 rooms;		/* key -> struct clusterseq */
	struct htab		 remote;	/* nick key -> struct clusterpeople_person */
	struct htab		 local;		/* nick key -> struct clusterpeople_person */

	struct clusterq		 retry;		/* refused or unanswered: first */
	struct clusterq		 held;		/* waiting for Redis */
	struct clusterq		 sent;		/* sent, answer awaited */
	uint64_t		 dropped;	/* not relayed: buffer full */
	int			 told_full;
	uint64_t		 mid;
	uint64_t		 mid_seen;	/* newest own id in the log */

	struct claim		*claims;	/* answers due from timers */
	struct timer		*beat;
	uint64_t		 beats, beat_seen;
	int			 beat_out;
	int			 stopping;
};

struct claim;

static void	cluster_sync(struct cluster *);
static void	cluster_fill(struct cluster *, struct clusterseq *);
static void	cluster_recovered(struct cluster *);
static void	cluster_instance(char *, size_t);

/* Argument vectors. */

struct args {
	int		 n;
	const char	*v[ARGS_MAX + 8];
	size_t		 l[ARGS_MAX + 8];
	char		 num[4][24];
};

static void
args_add(struct args *a, const char *s, size_t n)
{
	a->v[a->n] = s;
	a->l[a->n++] = n;
}

static void
args_str(struct args *a, const char *s)
{
	args_add(a, s, strlen(s));
}

static void
args_num(struct args *a, int slot, uint64_t v)
{
	snprintf(a->num[slot], sizeof(a->num[slot]), "%llu",
	    (unsigned long long)v);
	args_str(a, a->num[slot]);
}

/* EVALSHA sha 0 op epoch node maxn maxb now */
static void
args_script(struct cluster *c, struct args *a, const char *op, int64_t now)
{
	a->n = 0;
	args_str(a, "EVALSHA");
	args_str(a, clusterlink_sha(c->link));
	args_str(a, "0");
	args_str(a, op);
	args_str(a, c->epoch);
	args_str(a, c->node);
	args_num(a, 0, c->maxn);
	args_num(a, 1, c->maxb);
	args_num(a, 2, (uint64_t)(now < 0 ? 0 : now));
}

static int
cluster_send(struct cluster *c, struct args *a, redisCallbackFn *fn,
    void *priv)
{
	return clusterlink_command(c->link, fn, priv, a->n, a->v, a->l);
}

static const char *
reply_err(const redisReply *r)
{
	if (r == NULL)
		return "connection lost";
	return r->type == REDIS_REPLY_ERROR ? r->str : NULL;
}

/* Rooms. */

static struct clusterseq *
room_get(struct cluster *c, const char *key)
{
	struct clusterseq *r = htab_get(&c->rooms, key);

	if (r == NULL) {
		r = clusterseq_new(key, c);
		htab_put(&c->rooms, r->key, r);
	}
	return r;
}

/* Remote presence follows room events; a JOIN for someone already in the
 * room, or a PART for someone not there, is a repeat (a node re-joining
 * its people after an outage) and is not shown twice. */
static int
presence_apply(struct cluster *c, const struct cluster_event *ev,
    const char *roomkey)
{
	if (strcmp(ev->node, c->node) == 0)
		return 1;
	return clusterpeople_apply(&c->remote, ev, roomkey);
}

/*
 * An own event in the log with id mid: Redis runs one connection's
 * commands in order, so every op sent before it was applied too. Those
 * still waiting as uncertain (sent, answer lost) must not be sent again.
 */
static void
held_forget(struct cluster *c, uint64_t mid)
{
	if (mid > c->mid_seen)
		c->mid_seen = mid;
	clusterq_forget(&c->retry, mid);
}

/* Hand an event in sequence to the server (or drop a repeat). */
static void
room_deliver(struct cluster *c, struct clusterseq *r,
    struct cluster_event *ev)
{
	int own = strcmp(ev->node, c->node) == 0;
	uint64_t gap;

	if (!clusterseq_take(r, ev, &gap))
		return;
	if (gap > 0)
		log_info("cluster: room %s: %llu events were no longer kept "
		    "by Redis", r->key, (unsigned long long)gap);
	if (own && ev->mid != 0)
		held_forget(c, ev->mid);
	if (!presence_apply(c, ev, r->key))
		return;
	if (own && ev->shown)
		return;
	if (c->cb.event != NULL)
		c->cb.event(c->cb.arg, ev, own);
}

/* A pushed event: in order, a repeat, or past a gap (fill first). */
static void
room_push(struct cluster *c, struct clusterseq *r, struct cluster_event *ev)
{
	switch (clusterseq_push(r, ev, !c->synced && c->syncing)) {
	case CLUSTERSEQ_NOW:
		room_deliver(c, r, ev);
		clusterdecode_free(ev);
		break;
	case CLUSTERSEQ_FILL:
		cluster_fill(c, r);
		break;
	case CLUSTERSEQ_HELD:
		break;
	}
}

/* After a fill: what was held goes out in order; a gap the log could not
 * fill (trimmed, or lost with Redis) is stepped over. */
static void
room_drain(struct cluster *c, struct clusterseq *r)
{
	size_t i;

	for (i = 0; i < r->nheld; i++)
		room_deliver(c, r, &r->held[i]);
	clusterseq_drop(r);
}

/* Filling gaps from the log. */

static void
fill_reply(redisAsyncContext *ac, void *reply, void *priv)
{
	struct clusterseq *r = priv;
	struct cluster *c = r->owner;
	redisReply *rep = reply;
	struct cluster_event ev;
	const char *why;
	size_t i, n = 0;

	(void)ac;
	r->filling = 0;
	c->fills--;
	if (rep == NULL || c->stopping)
		return;
	if (rep->type == REDIS_REPLY_ARRAY)
		n = rep->elements;
	else
		log_info("cluster: XRANGE %s: %s", r->key, reply_err(rep) ?
		    reply_err(rep) : "not an array");
	for (i = 0; i < n; i++) {
		if (clusterdecode_entry(rep->element[i], r->key, &ev, &why) ==
		    -1) {
			log_info("cluster: room %s: bad entry skipped: %s",
			    r->key, why);
			if (ev.seq > r->last)
				r->last = ev.seq;
			continue;
		}
		room_deliver(c, r, &ev);
		clusterdecode_free(&ev);
	}
	if (n == CLUSTER_FILL_BATCH || r->refill) {
		r->refill = 0;
		cluster_fill(c, r);
		return;
	}
	room_drain(c, r);
	if (c->fills == 0 && c->syncing)
		cluster_recovered(c);
}

static void
cluster_fill(struct cluster *c, struct clusterseq *r)
{
	struct args a = { 0 };
	char key[256 + NAME_KEY_MAX], from[32];

	if (r->filling)
		return;
	snprintf(key, sizeof(key), "tcpchat:log:%s", r->key);
	snprintf(from, sizeof(from), "(%llu-0", (unsigned long long)r->last);
	args_str(&a, "XRANGE");
	args_str(&a, key);
	args_str(&a, r->last == 0 ? "-" : from);
	args_str(&a, "+");
	args_str(&a, "COUNT");
	args_num(&a, 0, CLUSTER_FILL_BATCH);
	if (cluster_send(c, &a, fill_reply, r) == -1)
		return;
	r->filling = 1;
	c->fills++;
}

/* History for rooms this node did not know: their newest MSG and ME. */

static void
seed_reply(redisAsyncContext *ac, void *reply, void *priv)
{
	struct clusterseq *r = priv;
	struct cluster *c = r->owner;
	redisReply *rep = reply;
	struct cluster_event *evs;
	const char *why;
	size_t i, n = 0, bytes = 0;

	(void)ac;
	r->filling = 0;
	c->fills--;
	if (rep == NULL || c->stopping)
		return;
	if (rep->type != REDIS_REPLY_ARRAY) {
		log_info("cluster: XREVRANGE %s: %s", r->key,
		    reply_err(rep) ? reply_err(rep) : "not an array");
		rep = NULL;
	}
	evs = ecalloc(rep != NULL ? rep->elements + 1 : 1, sizeof(*evs));
	for (i = 0; rep != NULL && i < rep->elements && n < c->maxn; i++) {
		if (clusterdecode_entry(rep->element[i], r->key, &evs[n],
		    &why) == -1)
			continue;
		if ((evs[n].kind != CLUSTER_MSG && evs[n].kind != CLUSTER_ME) ||
		    (bytes += strlen(evs[n].nick) + evs[n].textlen) >
		    c->maxb) {
			clusterdecode_free(&evs[n]);
			if (bytes > c->maxb)
				break;
			continue;
		}
		n++;
	}
	/* Newest first from XREVRANGE: the server wants oldest first. */
	for (i = 0; i < n / 2; i++) {
		struct cluster_event t = evs[i];

		evs[i] = evs[n - 1 - i];
		evs[n - 1 - i] = t;
	}
	if (n > 0 && c->cb.history != NULL)
		c->cb.history(c->cb.arg, evs[0].room, evs, n);
	for (i = 0; i < n; i++)
		clusterdecode_free(&evs[i]);
	free(evs);
	room_drain(c, r);
	if (c->fills == 0 && c->syncing)
		cluster_recovered(c);
}

static void
cluster_seed(struct cluster *c, struct clusterseq *r, uint64_t seq)
{
	struct args a = { 0 };
	char key[256 + NAME_KEY_MAX], end[32];

	r->last = seq;
	if (seq == 0 || c->maxn == 0 || r->filling)
		return;
	snprintf(key, sizeof(key), "tcpchat:log:%s", r->key);
	snprintf(end, sizeof(end), "%llu-0", (unsigned long long)seq);
	args_str(&a, "XREVRANGE");
	args_str(&a, key);
	args_str(&a, end);
	args_str(&a, "-");
	/* Joins and parts share the log: ask for more than the messages
	 * wanted, and keep the newest c->maxn messages of it. */
	args_str(&a, "COUNT");
	args_num(&a, 0, c->maxn + CLUSTER_REPLAY_MIN);
	if (cluster_send(c, &a, seed_reply, r) == -1)
		return;
	r->filling = 1;
	c->fills++;
}

/* Ops: changes for Redis, sent now or held while it is away. */

static void	op_reply(redisAsyncContext *, void *, void *);

/* Send o with the current epoch; 0, or -1 when the connection is down. */
static int
op_send(struct cluster *c, struct clusterq_op *o)
{
	struct args a = { 0 };
	int i;

	if (o->kind == CLUSTERQ_PRIV)
		args_str(&a, "PUBLISH");
	else
		args_script(c, &a, o->kind == CLUSTERQ_SAY ? "say" : "release",
		    o->ts);
	for (i = 0; i < o->n; i++)
		args_add(&a, o->v[i], o->l[i]);
	/* The second say argument: whether this node showed it already. */
	if (o->kind == CLUSTERQ_SAY)
		a.v[a.n - o->n + 1] = o->shown ? "1" : "0";
	if (cluster_send(c, &a, op_reply, c) == -1)
		return -1;
	clusterq_append(&c->sent, o);
	return 0;
}

/* Hold o for later; -1 (and o freed) when the buffer is full. */
static int
op_hold(struct cluster *c, struct clusterq_op *o)
{
	char line[200];

	if (c->held.n >= c->bufmax || c->held.bytes + o->bytes > c->bufbytes) {
		free(o);
		c->dropped++;
		if (!c->told_full) {
			c->told_full = 1;
			snprintf(line, sizeof(line), "The link to the other "
			    "servers is down and %zu messages wait for it: "
			    "new ones stay on this server.", c->held.n);
			log_error("cluster: outage buffer full (%zu events, "
			    "%zu bytes): dropping what cannot be relayed",
			    c->held.n, c->held.bytes);
			if (c->cb.notice != NULL)
				c->cb.notice(c->cb.arg, line);
		}
		return -1;
	}
	if (c->held.n == 0 && c->retry.n == 0)
		log_info("cluster: Redis is away: holding events for it");
	clusterq_append(&c->held, o);
	return 0;
}

/* Send now if in step with nothing waiting, else hold. */
static enum cluster_sent
op_go(struct cluster *c, struct clusterq_op *o)
{
	/* A slow Redis must not make the answers awaited grow unbounded
	 * either: past the buffer's count, ops wait in the bounded queue. */
	if (c->synced && c->held.n == 0 && c->retry.n == 0 &&
	    c->sent.n < c->bufmax && op_send(c, o) == 0)
		return CLUSTER_SENT;
	o->shown = 1;
	return op_hold(c, o) == 0 ? CLUSTER_HELD : CLUSTER_DROPPED;
}

static void
cluster_unsync(struct cluster *c)
{
	c->synced = 0;
	cluster_sync(c);
}

static void
op_reply(redisAsyncContext *ac, void *reply, void *priv)
{
	struct cluster *c = priv;
	redisReply *rep = reply;
	const char *err;
	struct clusterq_op *o;

	(void)ac;
	if (rep == NULL || c->stopping)
		return;		/* cmd_down moves what was sent to retry */
	if ((o = clusterq_pop(&c->sent)) == NULL)
		return;
	if ((err = reply_err(rep)) == NULL) {
		free(o);
		return;
	}
	if (strncmp(err, "EPOCH", 5) == 0 || strncmp(err, "DEAD", 4) == 0 ||
	    strncmp(err, "NOSCRIPT", 8) == 0) {
		clusterq_append(&c->retry, o);
		cluster_unsync(c);
		return;
	}
	log_error("cluster: Redis refused an event: %s", err);
	c->dropped++;
	free(o);
}

static void
cluster_flush(struct cluster *c)
{
	struct clusterq_op *o;
	size_t n = c->retry.n + c->held.n;

	while ((o = clusterq_pop(&c->retry)) != NULL)
		if (op_send(c, o) == -1) {
			clusterq_prepend(&c->retry, o);
			return;
		}
	while ((o = clusterq_pop(&c->held)) != NULL)
		if (op_send(c, o) == -1) {
			clusterq_prepend(&c->held, o);
			return;
		}
	if (n > 0)
		log_info("cluster: relayed %zu held events", n);
}

/* Re-asserting this node's people after an outage: names this node still
 * holds stay; names another node took meanwhile are lost. */

static void
reclaim_reply(redisAsyncContext *ac, void *reply, void *priv)
{
	struct cluster *c = priv;
	redisReply *rep = reply;
	struct clusterpeople_person *p;
	char nick[NAME_KEY_MAX];
	size_t i;

	(void)ac;
	if (rep == NULL || c->stopping)
		return;
	if (rep->type != REDIS_REPLY_ARRAY) {
		log_info("cluster: re-registering people: %s",
		    reply_err(rep) ? reply_err(rep) : "not an array");
		return;
	}
	for (i = 0; i < rep->elements; i++) {
		if (rep->element[i]->type != REDIS_REPLY_STRING ||
		    (p = htab_get(&c->local, rep->element[i]->str)) == NULL)
			continue;
		snprintf(nick, sizeof(nick), "%s", p->nick);
		clusterpeople_del(&c->local, rep->element[i]->str);
		log_info("cluster: %s: name taken on another node while this "
		    "one was cut off", nick);
		if (c->cb.lost != NULL)
			c->cb.lost(c->cb.arg, nick);
	}
}

static void
cluster_reclaim(struct cluster *c)
{
	struct args h = { 0 };
	const char **v;
	size_t *l, n, i = 0, j, k;
	struct clusterpeople_person *p;

	args_script(c, &h, "reclaim", (int64_t)time(NULL));
	/* Key, room key, room, nick: four for each room a person is in,
	 * or four with no room ("") for a person in none. */
	n = (size_t)h.n;
	while ((p = htab_next(&c->local, &i)) != NULL)
		n += 4 * (p->nrooms > 0 ? p->nrooms : 1);
	v = ereallocarray(NULL, n, sizeof(*v));
	l = ereallocarray(NULL, n, sizeof(*l));
	for (k = 0; k < (size_t)h.n; k++) {
		v[k] = h.v[k];
		l[k] = h.l[k];
	}
	i = 0;
	while ((p = htab_next(&c->local, &i)) != NULL)
		for (j = 0; j < p->nrooms || (j == 0 && p->nrooms == 0);
		    j++) {
			if (p->nrooms == 0) {
				v[k] = p->key, l[k++] = strlen(p->key);
				v[k] = "", l[k++] = 0;
				v[k] = "", l[k++] = 0;
				v[k] = p->nick, l[k++] = strlen(p->nick);
				continue;
			}
			v[k] = p->key, l[k++] = strlen(p->key);
			v[k] = p->rooms[j].key, l[k++] = strlen(p->rooms[j].key);
			v[k] = p->rooms[j].name,
			    l[k++] = strlen(p->rooms[j].name);
			v[k] = p->nick, l[k++] = strlen(p->nick);
		}
	(void)clusterlink_command(c->link, reclaim_reply, c, (int)k, v, l);
	free(v);
	free(l);
}

/* Fills are done: re-assert people, send what was held, carry on. */
static void
cluster_recovered(struct cluster *c)
{
	struct clusterseq *r;
	size_t i = 0;
	char line[200];

	c->syncing = 0;
	if (c->resync) {
		c->resync = 0;
		cluster_sync(c);
		return;
	}
	if (!clusterlink_ready(c->link) || !clusterlink_subscribed(c->link))
		return;
	cluster_reclaim(c);
	cluster_flush(c);
	c->synced = 1;
	/* Pushes held while syncing for rooms the snapshot did not have. */
	while ((r = htab_next(&c->rooms, &i)) != NULL)
		if (r->nheld > 0 && !r->filling)
			cluster_fill(c, r);
	if (c->dropped > 0) {
		snprintf(line, sizeof(line), "%llu messages said while the "
		    "link to the other servers was down were not relayed.",
		    (unsigned long long)c->dropped);
		log_info("cluster: %llu events were dropped during the outage",
		    (unsigned long long)c->dropped);
		if (c->cb.notice != NULL)
			c->cb.notice(c->cb.arg, line);
	}
	c->dropped = 0;
	c->told_full = 0;
	log_info("cluster: in step with Redis as node %s", c->node);
}

/* The snapshot: epoch, rooms and their sequences, other nodes' people. */

static void
sync_reset(struct cluster *c)
{
	struct clusterseq *r;
	size_t i = 0;

	log_info("cluster: Redis lost its data (epoch changed): history was "
	    "reset");
	while ((r = htab_next(&c->rooms, &i)) != NULL) {
		r->last = 0;
		clusterseq_drop(r);
	}
	if (c->cb.reset != NULL)
		c->cb.reset(c->cb.arg);
}

/*
 * Rooms of the snapshot. At the first sync a room's kept history is
 * fetched (seeded); after a reset everything in the new log was said
 * since, so it is delivered as it comes, from the start; otherwise gaps
 * since the last delivered event are filled. A room this node never saw
 * has nobody here in it: its history is fetched for later newcomers.
 */
static void
sync_rooms(struct cluster *c, const struct cluster_sync *sy, int first,
    int reset)
{
	struct clusterseq *r;
	size_t i;

	for (i = 0; i < sy->nrooms; i++) {
		r = htab_get(&c->rooms, sy->rooms[i].room);
		if (first || (!reset && r == NULL)) {
			cluster_seed(c, room_get(c, sy->rooms[i].room),
			    sy->rooms[i].seq);
			continue;
		}
		if (r == NULL)
			r = room_get(c, sy->rooms[i].room);
		if (sy->rooms[i].seq < r->last) {
			log_info("cluster: room %s: Redis lost its newest %llu "
			    "events", r->key, (unsigned long long)(r->last -
			    sy->rooms[i].seq));
			r->last = sy->rooms[i].seq;
		}
		if (sy->rooms[i].seq > r->last || r->nheld > 0)
			cluster_fill(c, r);
	}
}

static void
sync_people(struct cluster *c, const struct cluster_sync *sy)
{
	char key[NAME_KEY_MAX];
	const struct cluster_sync_person *p;
	size_t i;

	clusterpeople_clear(&c->remote);
	for (i = 0; i < sy->npeople; i++) {
		p = &sy->people[i];
		if (clusterpeople_fold(p->nick, key) == 0)
			clusterpeople_put(&c->remote, key, p->nick, p->roomkey,
			    p->room, p->node);
	}
}

static void
sync_reply(redisAsyncContext *ac, void *reply, void *priv)
{
	struct cluster *c = priv;
	redisReply *rep = reply;
	struct cluster_sync sy;
	const char *why;
	char line[300];
	int reset;

	(void)ac;
	if (rep == NULL || c->stopping) {
		c->syncing = 0;
		return;
	}
	if (reply_err(rep) != NULL ||
	    clusterdecode_sync(rep, &sy, &why) == -1) {
		log_error("cluster: sync: %s", reply_err(rep) ? reply_err(rep) :
		    why);
		c->syncing = 0;
		clusterlink_drop_cmd(c->link, "sync failed");
		return;
	}
	if (sy.taken) {
		snprintf(line, sizeof(line), "node name \"%s\" is in use by a "
		    "live node (after a crash it frees within %d ms)",
		    c->node, c->expiry_ms);
		clusterdecode_sync_free(&sy);
		c->syncing = 0;
		if (c->cb.fatal != NULL)
			c->cb.fatal(c->cb.arg, line);
		return;
	}
	reset = !c->first && strcmp(sy.epoch, c->epoch) != 0;
	if (reset)
		sync_reset(c);
	snprintf(c->epoch, sizeof(c->epoch), "%s", sy.epoch);
	if (sy.nbad > 0)
		log_info("cluster: sync: %zu bad entries skipped", sy.nbad);
	if (c->first || reset)
		sync_people(c, &sy);
	sync_rooms(c, &sy, c->first, reset);
	c->first = 0;
	clusterdecode_sync_free(&sy);
	if (c->fills == 0)
		cluster_recovered(c);
}

static void
cluster_sync(struct cluster *c)
{
	struct args a = { 0 };
	char newepoch[CLUSTER_EPOCH_MAX];

	if (c->syncing) {
		c->resync = 1;
		return;
	}
	if (!clusterlink_ready(c->link) || !clusterlink_subscribed(c->link))
		return;
	c->synced = 0;
	/* The script again first: after a SCRIPT FLUSH, EVALSHA fails. */
	clusterlink_reload(c->link);
	/* Fresh each time: an epoch made again must differ from the last. */
	cluster_instance(newepoch, 33);
	args_script(c, &a, "sync", (int64_t)time(NULL));
	args_str(&a, newepoch);
	args_str(&a, c->instance);
	args_num(&a, 3, (uint64_t)c->expiry_ms);
	args_str(&a, c->first ? "1" : "0");
	if (cluster_send(c, &a, sync_reply, c) == 0)
		c->syncing = 1;
}

/* The heartbeat: refresh this node's key, find lost nodes, and check
 * that the subscription still hears this node's own echo. */

static void
beat_reply(redisAsyncContext *ac, void *reply, void *priv)
{
	struct cluster *c = priv;
	redisReply *rep = reply;
	const char *err;
	size_t i;

	(void)ac;
	c->beat_out = 0;
	if (rep == NULL || c->stopping)
		return;
	if ((err = reply_err(rep)) != NULL) {
		log_info("cluster: heartbeat: %s", err);
		cluster_unsync(c);
		return;
	}
	if (rep->type != REDIS_REPLY_ARRAY || rep->elements == 0 ||
	    rep->element[0]->type != REDIS_REPLY_STRING)
		return;
	if (strcmp(rep->element[0]->str, "dead") == 0) {
		log_info("cluster: this node was declared lost; registering "
		    "it and its people again");
		cluster_unsync(c);
		return;
	}
	c->beats++;
	for (i = 1; i < rep->elements; i++)
		if (rep->element[i]->type == REDIS_REPLY_STRING)
			log_info("cluster: node %.*s lost (no heartbeat for %d "
			    "ms): its people left", CLUSTER_NODE_MAX,
			    rep->element[i]->str, c->expiry_ms);
}

static void
beat_due(struct loop *l, void *arg)
{
	struct cluster *c = arg;
	struct args a = { 0 };
	int64_t up = (loop_now(l) - clusterlink_up_since(c->link)) / 1000000;

	c->beat = loop_timer_after(l, c->hb_ms, beat_due, c);
	if (clusterlink_subscribed(c->link) && c->beats > c->beat_seen + 2) {
		c->beat_seen = c->beats;
		clusterlink_drop_sub(c->link, "heartbeat echo missing");
	}
	if (!clusterlink_ready(c->link) || c->first || c->beat_out)
		return;
	args_script(c, &a, "beat", (int64_t)time(NULL));
	args_str(&a, c->instance);
	args_num(&a, 3, (uint64_t)c->expiry_ms);
	args_str(&a, c->synced && up >= c->expiry_ms ? "1" : "0");
	args_num(&a, 0, c->beats + 1);
	if (cluster_send(c, &a, beat_reply, c) == 0)
		c->beat_out = 1;
}

/* What the link to Redis tells. */

static void
link_cmd_up(void *arg)
{
	struct cluster *c = arg;

	c->beat_out = 0;
	cluster_sync(c);
}

/* What was sent and not answered may or may not have been applied: it is
 * sent again after the fills, unless the fills show it arrived. */
static void
link_cmd_down(void *arg)
{
	struct cluster *c = arg;
	struct clusterq_op *o;

	while ((o = clusterq_pop(&c->sent)) != NULL) {
		if (o->kind == CLUSTERQ_SAY && o->mid <= c->mid_seen) {
			free(o);	/* its event came back already */
			continue;
		}
		o->uncertain = o->kind == CLUSTERQ_SAY;
		clusterq_append(&c->retry, o);
	}
	c->synced = 0;
	c->syncing = 0;
	c->resync = 0;
	c->beat_out = 0;
}

static void
link_sub_up(void *arg)
{
	struct cluster *c = arg;

	c->beat_seen = c->beats;
	cluster_sync(c);
}

static void
link_sub_down(void *arg)
{
	struct cluster *c = arg;

	c->synced = 0;
}

static void
link_push(void *arg, const char *roomkey, struct cluster_event *ev,
    const char *epoch)
{
	struct cluster *c = arg;

	if (c->stopping)
		return;
	if (strcmp(epoch, c->epoch) != 0) {
		/* A Redis that lost its data, seen before the next sync. */
		if (c->synced)
			cluster_unsync(c);
		return;
	}
	room_push(c, room_get(c, roomkey), ev);
}

static void
link_priv(void *arg, const struct cluster_event *ev)
{
	struct cluster *c = arg;

	if (!c->stopping && c->cb.priv != NULL)
		c->cb.priv(c->cb.arg, ev);
}

static void
link_beat(void *arg, uint64_t count)
{
	struct cluster *c = arg;

	if (count > c->beat_seen)
		c->beat_seen = count;
}

static void
link_fatal(void *arg, const char *why)
{
	struct cluster *c = arg;

	if (c->cb.fatal != NULL)
		c->cb.fatal(c->cb.arg, why);
}

/* Claims answered while Redis is away: provisional, from a timer. */

struct claim {
	struct cluster	*c;
	struct claim	*next;
	struct timer	*t;
	uint64_t	 cookie;
	int		 ok;
	char		 nick[];
};

static void
claim_unlink(struct claim *k)
{
	struct claim **pp;

	for (pp = &k->c->claims; *pp != NULL; pp = &(*pp)->next)
		if (*pp == k) {
			*pp = k->next;
			return;
		}
}

static void
claim_later_due(struct loop *l, void *arg)
{
	struct claim *k = arg;

	(void)l;
	claim_unlink(k);
	if (k->c->cb.claimed != NULL)
		k->c->cb.claimed(k->c->cb.arg, k->cookie, k->nick, k->ok);
	free(k);
}

static struct claim *
claim_new(struct cluster *c, const char *nick, uint64_t cookie)
{
	size_t n = strlen(nick) + 1;
	struct claim *k = ecalloc(1, sizeof(*k) + n);

	k->c = c;
	k->cookie = cookie;
	k->ok = 1;
	memcpy(k->nick, nick, n);
	return k;
}

static void
claim_reply(redisAsyncContext *ac, void *reply, void *priv)
{
	struct claim *k = priv;
	struct cluster *c = k->c;
	redisReply *rep = reply;
	int ok = 1;

	(void)ac;
	if (c->stopping) {
		free(k);
		return;
	}
	/* Lost or refused: provisional, the reclaim after recovery judges. */
	if (rep != NULL && rep->type == REDIS_REPLY_INTEGER)
		ok = rep->integer == 1;
	else if (rep != NULL && reply_err(rep) != NULL)
		cluster_unsync(c);
	if (c->cb.claimed != NULL)
		c->cb.claimed(c->cb.arg, k->cookie, k->nick, ok);
	free(k);
}

void
cluster_claim(struct cluster *c, const char *nick, uint64_t cookie)
{
	struct claim *k = claim_new(c, nick, cookie);
	struct args a = { 0 };
	char key[NAME_KEY_MAX];

	/* Asked whenever commands can go (not only when in step): a claim
	 * answered provisionally may have to be taken back later. */
	if (clusterpeople_fold(nick, key) == -1) {
		k->ok = 0;
	} else if (clusterlink_ready(c->link) && !c->first) {
		args_script(c, &a, "claim", (int64_t)time(NULL));
		args_str(&a, key);
		if (cluster_send(c, &a, claim_reply, k) == 0)
			return;
	}
	k->next = c->claims;
	c->claims = k;
	k->t = loop_timer_after(c->loop, 0, claim_later_due, k);
}

void
cluster_release(struct cluster *c, const char *nick)
{
	struct args a = { 0 };
	char key[NAME_KEY_MAX];
	struct clusterq_op *o;

	if (clusterpeople_fold(nick, key) == -1)
		return;
	clusterpeople_del(&c->local, key);
	args_str(&a, key);
	o = clusterq_op_new(CLUSTERQ_RELEASE, a.n, a.v, a.l);
	(void)op_go(c, o);
}

static void
local_apply(struct cluster *c, enum cluster_kind kind, const char *nkey,
    const char *nick, const char *akey, const char *arg, const char *rk,
    const char *room)
{
	if (kind == CLUSTER_JOIN)
		clusterpeople_put(&c->local, nkey, nick, rk, room, c->node);
	else if (kind == CLUSTER_PART)
		clusterpeople_part(&c->local, nkey, rk, 1);
	else if (kind == CLUSTER_NICK &&
	    clusterpeople_rename(&c->local, nkey, akey, arg) == NULL)
		clusterpeople_put(&c->local, akey, arg, rk, room, c->node);
}

enum cluster_sent
cluster_say(struct cluster *c, enum cluster_kind kind, const char *room,
    const char *nick, const char *arg, const char *text, size_t textlen,
    int64_t ts)
{
	char rk[NAME_KEY_MAX], nk[NAME_KEY_MAX], ak[NAME_KEY_MAX];
	struct args a = { 0 };
	struct clusterq_op *o;

	if (arg == NULL)
		arg = "";
	if (text == NULL)
		text = "", textlen = 0;
	ak[0] = '\0';
	if (kind == CLUSTER_PRIV || clusterpeople_fold(room, rk) == -1 ||
	    clusterpeople_fold(nick, nk) == -1 ||
	    (kind == CLUSTER_NICK && clusterpeople_fold(arg, ak) == -1)) {
		log_error("cluster: a bad event was not relayed");
		return CLUSTER_DROPPED;
	}
	local_apply(c, kind, nk, nick, ak, arg, rk, room);
	args_num(&a, 0, ++c->mid);
	args_str(&a, "0");
	args_str(&a, clusterdecode_kindname(kind));
	args_str(&a, rk);
	args_str(&a, room);
	args_str(&a, nick);
	args_str(&a, nk);
	args_str(&a, arg);
	args_str(&a, ak);
	args_add(&a, text, textlen);
	o = clusterq_op_new(CLUSTERQ_SAY, a.n, a.v, a.l);
	o->mid = c->mid;
	o->ts = ts;
	return op_go(c, o);
}

enum cluster_sent
cluster_priv(struct cluster *c, const char *from, const char *to,
    const char *text, size_t textlen, int64_t ts)
{
	char key[NAME_KEY_MAX], ch[sizeof("tcpchat:node:") + CLUSTER_NODE_MAX];
	char head[128 + 2 * NAME_KEY_MAX];
	struct clusterpeople_person *p;
	struct args a = { 0 };
	struct clusterq_op *o;
	char *payload;
	int hn;

	if (clusterpeople_fold(to, key) == -1 || (p = htab_get(&c->remote, key)) == NULL)
		return CLUSTER_NOSUCH;
	snprintf(ch, sizeof(ch), "tcpchat:node:%s", p->node);
	hn = snprintf(head, sizeof(head), "P\t%lld\t%s\t%llu\t%s\t%s\t",
	    (long long)ts, c->node, (unsigned long long)++c->mid, from, to);
	if (hn < 0 || (size_t)hn >= sizeof(head))
		return CLUSTER_DROPPED;
	payload = emalloc((size_t)hn + textlen);
	memcpy(payload, head, (size_t)hn);
	memcpy(payload + hn, text, textlen);
	args_str(&a, ch);
	args_add(&a, payload, (size_t)hn + textlen);
	o = clusterq_op_new(CLUSTERQ_PRIV, a.n, a.v, a.l);
	free(payload);
	o->mid = c->mid;
	o->ts = ts;
	return op_go(c, o);
}

void
cluster_leave(struct cluster *c)
{
	struct args a = { 0 };

	if (!clusterlink_ready(c->link) || c->first)
		return;
	args_script(c, &a, "leave", (int64_t)time(NULL));
	(void)cluster_send(c, &a, NULL, NULL);
}

int
cluster_ready(const struct cluster *c)
{
	return c->synced && c->held.n == 0 && c->retry.n == 0;
}

const char *
cluster_node(const struct cluster *c)
{
	return c->node;
}

size_t
cluster_count(const struct cluster *c, const char *room)
{
	char rk[NAME_KEY_MAX];
	struct clusterpeople_person *p;
	size_t i = 0, n = 0;

	if (room == NULL)
		return c->remote.n;
	if (clusterpeople_fold(room, rk) == -1)
		return 0;
	while ((p = htab_next(&c->remote, &i)) != NULL)
		n += clusterpeople_in(p, rk);
	return n;
}

void
cluster_each(const struct cluster *c, const char *room,
    void (*fn)(void *, const char *, const char *, const char *), void *arg)
{
	char rk[NAME_KEY_MAX];
	struct clusterpeople_person *p;
	size_t i = 0, j;

	if (room != NULL && clusterpeople_fold(room, rk) == -1)
		return;
	while ((p = htab_next(&c->remote, &i)) != NULL)
		for (j = 0; j < p->nrooms; j++)
			if (room == NULL || strcmp(p->rooms[j].key, rk) == 0)
				fn(arg, p->nick, p->rooms[j].name, p->node);
}

int
cluster_in(const struct cluster *c, const char *nick, const char *room)
{
	char key[NAME_KEY_MAX], rk[NAME_KEY_MAX];

	if (clusterpeople_fold(nick, key) == -1 ||
	    clusterpeople_fold(room, rk) == -1)
		return 0;
	return clusterpeople_in(htab_get(&c->remote, key), rk);
}

const char *
cluster_where(const struct cluster *c, const char *nick)
{
	char key[NAME_KEY_MAX];
	struct clusterpeople_person *p;

	if (clusterpeople_fold(nick, key) == -1 || (p = htab_get(&c->remote, key)) == NULL)
		return NULL;
	return p->node;
}

/* Start and stop. */

static void
cluster_instance(char *out, size_t len)
{
	unsigned char b[16];
	size_t i;
	FILE *f;

	memset(b, 0, sizeof(b));
	if ((f = fopen("/dev/urandom", "re")) != NULL) {
		if (fread(b, 1, sizeof(b), f) != sizeof(b))
			memset(b, 0, sizeof(b));
		fclose(f);
	}
	/* Without urandom: time and pid still tell two processes apart. */
	b[0] ^= (unsigned char)getpid();
	b[1] ^= (unsigned char)(getpid() >> 8);
	for (i = 0; i < 8; i++)
		b[8 + i] ^= (unsigned char)(loop_clock() >> (8 * i));
	for (i = 0; i < sizeof(b) && 2 * i + 2 < len; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
}

static int
cluster_config_ok(const struct cluster_config *cfg, struct redisurl *u,
    char *err, size_t errlen)
{
	if (redisurl_parse(cfg->url, u, err, errlen) == -1)
		return -1;
	if (!clusterdecode_nodename(cfg->node, strlen(cfg->node))) {
		snprintf(err, errlen, "node name \"%.64s\": want 1 to %d "
		    "letters, digits or \"-_.:[]\"", cfg->node,
		    CLUSTER_NODE_MAX);
		return -1;
	}
	return 0;
}

struct cluster *
cluster_start(struct loop *l, const struct cluster_config *cfg,
    const struct cluster_cb *cb, char *err, size_t errlen)
{
	struct clusterlink_cb lcb = { link_cmd_up, link_cmd_down, link_sub_up,
	    link_sub_down, link_push, link_priv, link_beat, link_fatal, NULL };
	struct cluster *c;
	struct redisurl u;

	if (cluster_config_ok(cfg, &u, err, errlen) == -1)
		return NULL;
	c = ecalloc(1, sizeof(*c));
	c->loop = l;
	c->cb = *cb;
	c->node = estrdup(cfg->node);
	c->maxn = cfg->history;
	c->maxb = cfg->history_bytes;
	c->hb_ms = cfg->heartbeat_ms > 0 ? cfg->heartbeat_ms :
	    CLUSTER_HEARTBEAT_MS;
	c->expiry_ms = cfg->expiry_ms > 0 ? cfg->expiry_ms : CLUSTER_EXPIRY_MS;
	c->bufmax = cfg->buffer_max > 0 ? cfg->buffer_max : CLUSTER_BUFFER_MAX;
	c->bufbytes = cfg->buffer_bytes > 0 ? cfg->buffer_bytes :
	    CLUSTER_BUFFER_BYTES;
	c->first = 1;
	cluster_instance(c->instance, sizeof(c->instance));
	htab_init(&c->rooms);
	htab_init(&c->remote);
	htab_init(&c->local);
	lcb.arg = c;
	c->link = clusterlink_new(l, &u, c->node, cfg->timeout_ms > 0 ?
	    cfg->timeout_ms : CLUSTER_TIMEOUT_MS, c->hb_ms, &lcb);
	c->beat = loop_timer_after(l, c->hb_ms, beat_due, c);
	return c;
}

void
cluster_stop(struct cluster *c)
{
	struct clusterseq *r;
	struct claim *k;
	size_t i = 0;

	if (c == NULL)
		return;
	c->stopping = 1;
	loop_timer_cancel(c->loop, c->beat);
	while ((k = c->claims) != NULL) {
		c->claims = k->next;
		loop_timer_cancel(c->loop, k->t);
		free(k);
	}
	clusterlink_free(c->link);
	while ((r = htab_next(&c->rooms, &i)) != NULL)
		clusterseq_free(r);
	htab_free(&c->rooms);
	clusterpeople_clear(&c->remote);
	clusterpeople_clear(&c->local);
	htab_free(&c->remote);
	htab_free(&c->local);
	clusterq_free(&c->retry);
	clusterq_free(&c->held);
	clusterq_free(&c->sent);
	free(c->node);
	free(c);
}
