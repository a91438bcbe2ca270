/* Decoding and checking what Redis hands back to a cluster node. */
#include <stdlib.h>
#include <string.h>

#include "efun.h"
#include "text.h"
#include "tcpchatd.h"
#include "clusterdecode.h"
#include "names.h"

#define PUSH_FIELDS	12
#define NOTE_FIELDS	7

static const char *const kind_names[] = {
	[CLUSTER_MSG] = "msg", [CLUSTER_ME] = "me", [CLUSTER_JOIN] = "join",
	[CLUSTER_PART] = "part", [CLUSTER_NICK] = "nick",
	[CLUSTER_PRIV] = "priv"
};

/* The parts of an event before they are copied into its buffer. */
struct raw {
	const char	*room, *node, *nick, *arg, *text;
	size_t		 roomlen, nodelen, nicklen, arglen, textlen;
};

const char *
clusterdecode_kindname(enum cluster_kind k)
{
	return k <= CLUSTER_PRIV ? kind_names[k] : "?";
}

int
clusterdecode_kind(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
		if (strlen(kind_names[i]) == n && memcmp(kind_names[i], s, n)
		    == 0)
			return (int)i;
	return -1;
}

int
clusterdecode_nodename(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > CLUSTER_NODE_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') || strchr("-_.:[]", c) != NULL) ||
		    c == '\0')
			return 0;
	}
	return 1;
}

/* Decimal digits only, at most max; 0, or -1. */
static int
dec(const char *s, size_t n, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0 || n > 20)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (v > (max - (uint64_t)(s[i] - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return 0;
}

/* Split s at the first nf - 1 tabs; the last field keeps any others. */
static int
split(const char *s, size_t n, const char **f, size_t *fl, int nf)
{
	const char *end = s + n, *t;
	int i;

	for (i = 0; i < nf - 1; i++) {
		if ((t = memchr(s, '\t', (size_t)(end - s))) == NULL)
			return -1;
		f[i] = s;
		fl[i] = (size_t)(t - s);
		s = t + 1;
	}
	f[i] = s;
	fl[i] = (size_t)(end - s);
	return 0;
}

static int
name_ok(const char *s, size_t n)
{
	char key[NAME_KEY_MAX];
	const char *why;

	if (n > NAME_KEY_MAX || memchr(s, '\0', n) != NULL)
		return 0;
	return names_check(s, n, key, &why) == 0;
}

/* The kind's fields checked: names are names, a reason is short. */
static int
raw_check(enum cluster_kind k, const struct raw *r, const char **why)
{
	if (!clusterdecode_nodename(r->node, r->nodelen))
		return *why = "bad node name", -1;
	if (!name_ok(r->nick, r->nicklen))
		return *why = "bad nick", -1;
	if (k != CLUSTER_PRIV && !name_ok(r->room, r->roomlen))
		return *why = "bad room", -1;
	if ((k == CLUSTER_NICK || k == CLUSTER_PRIV) &&
	    !name_ok(r->arg, r->arglen))
		return *why = "bad second nick", -1;
	if (k == CLUSTER_PART && r->arglen > CLUSTER_REASON_MAX)
		return *why = "reason too long", -1;
	if (k != CLUSTER_PART && k != CLUSTER_NICK && k != CLUSTER_PRIV &&
	    r->arglen != 0)
		return *why = "an argument the kind has not", -1;
	if (r->textlen > CLUSTER_TEXT_MAX)
		return *why = "text too long", -1;
	if ((k == CLUSTER_JOIN || k == CLUSTER_PART || k == CLUSTER_NICK) &&
	    r->textlen != 0)
		return *why = "text the kind has not", -1;
	return 0;
}

/* Copy a cleaned field into the buffer at *o, NUL-terminated. */
static const char *
put(char *buf, size_t *o, const char *s, size_t n, size_t *outlen)
{
	char *d = buf + *o;
	size_t w = text_clean(s, n, d);

	d[w] = '\0';
	*o += w + 1;
	if (outlen != NULL)
		*outlen = w;
	return d;
}

static void
raw_copy(struct cluster_event *ev, const struct raw *r)
{
	size_t o = 0, need;

	need = TEXT_CLEAN_MAX(r->roomlen + r->nodelen + r->nicklen +
	    r->arglen + r->textlen) + 5;
	ev->buf = emalloc(need);
	ev->room = put(ev->buf, &o, r->room, r->roomlen, NULL);
	ev->node = put(ev->buf, &o, r->node, r->nodelen, NULL);
	ev->nick = put(ev->buf, &o, r->nick, r->nicklen, NULL);
	ev->arg = put(ev->buf, &o, r->arg, r->arglen, NULL);
	ev->text = put(ev->buf, &o, r->text, r->textlen, &ev->textlen);
}

int
clusterdecode_push(const char *s, size_t n, struct cluster_event *ev,
    char *epoch, const char **why)
{
	const char *f[PUSH_FIELDS];
	size_t fl[PUSH_FIELDS];
	uint64_t v;
	struct raw r;
	int k;

	memset(ev, 0, sizeof(*ev));
	*epoch = '\0';
	if (split(s, n, f, fl, PUSH_FIELDS) == -1 || fl[0] != 1 ||
	    f[0][0] != 'E')
		return *why = "not a room event", -1;
	if (fl[1] == 0 || fl[1] > CLUSTER_EPOCH_MAX ||
	    !clusterdecode_nodename(f[1], fl[1]))
		return *why = "bad epoch", -1;
	memcpy(epoch, f[1], fl[1]);
	epoch[fl[1]] = '\0';
	if (dec(f[2], fl[2], CLUSTER_SEQ_MAX, &v) == -1 || v == 0)
		return *why = "bad sequence", -1;
	ev->seq = v;
	if (dec(f[3], fl[3], INT64_MAX / 2, &v) == -1)
		return *why = "bad time", -1;
	ev->ts = (int64_t)v;
	if (dec(f[5], fl[5], UINT64_MAX, &ev->mid) == -1)
		return *why = "bad message id", -1;
	if (fl[6] != 1 || (f[6][0] != '0' && f[6][0] != '1'))
		return *why = "bad shown flag", -1;
	ev->shown = f[6][0] == '1';
	if ((k = clusterdecode_kind(f[7], fl[7])) == -1 || k == CLUSTER_PRIV)
		return *why = "bad kind", -1;
	ev->kind = (enum cluster_kind)k;
	r = (struct raw){ f[8], f[4], f[9], f[10], f[11],
	    fl[8], fl[4], fl[9], fl[10], fl[11] };
	if (raw_check(ev->kind, &r, why) == -1)
		return -1;
	raw_copy(ev, &r);
	return 0;
}

/* A bulk string of an array reply, or NULL. */
static const redisReply *
elem_str(const redisReply *r, size_t i)
{
	if (r == NULL || r->type != REDIS_REPLY_ARRAY || i >= r->elements ||
	    r->element[i] == NULL ||
	    (r->element[i]->type != REDIS_REPLY_STRING &&
	    r->element[i]->type != REDIS_REPLY_STATUS))
		return NULL;
	return r->element[i];
}

/* Stream ids are "seq-0": the room's counter is the id. */
static int
entry_seq(const redisReply *id, uint64_t *seq)
{
	const char *dash = memchr(id->str, '-', id->len);

	if (dash == NULL || (size_t)(id->str + id->len - dash) != 2 ||
	    dash[1] != '0')
		return -1;
	if (dec(id->str, (size_t)(dash - id->str), CLUSTER_SEQ_MAX, seq) ==
	    -1 || *seq == 0)
		return -1;
	return 0;
}

int
clusterdecode_entry(const redisReply *r, const char *room,
    struct cluster_event *ev, const char **why)
{
	const redisReply *id, *kv, *k, *v;
	struct raw raw;
	uint64_t num;
	size_t i;
	int kind = -1, have = 0;

	memset(ev, 0, sizeof(*ev));
	memset(&raw, 0, sizeof(raw));
	raw.room = room;
	raw.roomlen = strlen(room);
	raw.node = raw.nick = raw.arg = raw.text = "";
	if ((id = elem_str(r, 0)) == NULL || entry_seq(id, &ev->seq) == -1)
		return *why = "bad entry id", -1;
	if (r->elements != 2 || (kv = r->element[1]) == NULL ||
	    kv->type != REDIS_REPLY_ARRAY || kv->elements % 2 != 0)
		return *why = "bad entry fields", -1;
	for (i = 0; i + 1 < kv->elements; i += 2) {
		if ((k = elem_str(kv, i)) == NULL ||
		    (v = elem_str(kv, i + 1)) == NULL || k->len != 1)
			return *why = "bad entry field", -1;
		switch (k->str[0]) {
		case 'r': raw.room = v->str; raw.roomlen = v->len; break;
		case 'n': raw.node = v->str; raw.nodelen = v->len; break;
		case 'u': raw.nick = v->str; raw.nicklen = v->len; break;
		case 'a': raw.arg = v->str; raw.arglen = v->len; break;
		case 't': raw.text = v->str; raw.textlen = v->len; break;
		case 'k':
			kind = clusterdecode_kind(v->str, v->len);
			break;
		case 's':
			if (dec(v->str, v->len, INT64_MAX / 2, &num) == -1)
				return *why = "bad time", -1;
			ev->ts = (int64_t)num;
			have |= 1;
			break;
		case 'm':
			if (dec(v->str, v->len, UINT64_MAX, &ev->mid) == -1)
				return *why = "bad message id", -1;
			break;
		case 'f':
			ev->shown = v->len == 1 && v->str[0] == '1';
			break;
		default:
			break;	/* a newer node's field: ignored */
		}
	}
	if (kind == -1 || kind == CLUSTER_PRIV)
		return *why = "bad kind", -1;
	if (!(have & 1))
		return *why = "no time", -1;
	ev->kind = (enum cluster_kind)kind;
	if (raw_check(ev->kind, &raw, why) == -1)
		return -1;
	raw_copy(ev, &raw);
	return 0;
}

int
clusterdecode_note(const char *s, size_t n, struct cluster_event *ev,
    uint64_t *beat, const char **why)
{
	const char *f[NOTE_FIELDS];
	size_t fl[NOTE_FIELDS];
	uint64_t v;
	struct raw r;

	memset(ev, 0, sizeof(*ev));
	if (n >= 2 && s[0] == 'H' && s[1] == '\t') {
		if (dec(s + 2, n - 2, UINT64_MAX, beat) == -1)
			return *why = "bad heartbeat", -1;
		return CLUSTER_NOTE_BEAT;
	}
	if (split(s, n, f, fl, NOTE_FIELDS) == -1 || fl[0] != 1 ||
	    f[0][0] != 'P')
		return *why = "not a note", -1;
	if (dec(f[1], fl[1], INT64_MAX / 2, &v) == -1)
		return *why = "bad time", -1;
	ev->ts = (int64_t)v;
	if (dec(f[3], fl[3], UINT64_MAX, &ev->mid) == -1)
		return *why = "bad message id", -1;
	ev->kind = CLUSTER_PRIV;
	r = (struct raw){ "", f[2], f[4], f[5], f[6], 0, fl[2], fl[4], fl[5],
	    fl[6] };
	if (raw_check(CLUSTER_PRIV, &r, why) == -1)
		return -1;
	raw_copy(ev, &r);
	return CLUSTER_NOTE_PRIV;
}

void
clusterdecode_free(struct cluster_event *ev)
{
	free(ev->buf);
	ev->buf = NULL;
}

static const redisReply *
elem_type(const redisReply *r, size_t i, int type)
{
	if (r == NULL || r->type != REDIS_REPLY_ARRAY || i >= r->elements ||
	    r->element[i] == NULL || r->element[i]->type != type)
		return NULL;
	return r->element[i];
}

static void
sync_rooms(const redisReply *a, struct cluster_sync *sy)
{
	const redisReply *room, *seq;
	uint64_t v;
	size_t i;

	sy->rooms = ecalloc(a->elements / 2 + 1, sizeof(*sy->rooms));
	for (i = 0; i + 1 < a->elements; i += 2) {
		room = elem_str(a, i);
		seq = elem_str(a, i + 1);
		if (room == NULL || seq == NULL || !name_ok(room->str,
		    room->len) || dec(seq->str, seq->len, CLUSTER_SEQ_MAX,
		    &v) == -1) {
			sy->nbad++;
			continue;
		}
		sy->rooms[sy->nrooms].room = room->str;
		sy->rooms[sy->nrooms++].seq = v;
	}
}

static void
sync_people(const redisReply *a, struct cluster_sync *sy)
{
	const redisReply *node, *val;
	struct cluster_sync_person *p;
	const char *t1, *t2, *end;
	char *copy;
	size_t i;

	sy->people = ecalloc(a->elements / 3 + 1, sizeof(*sy->people));
	for (i = 0; i + 2 < a->elements; i += 3) {
		node = elem_str(a, i);
		val = elem_str(a, i + 2);
		t1 = t2 = NULL;
		if (val != NULL) {
			end = val->str + val->len;
			if ((t1 = memchr(val->str, '\t', val->len)) != NULL)
				t2 = memchr(t1 + 1, '\t', (size_t)(end - t1 - 1));
		}
		if (node == NULL || val == NULL || elem_str(a, i + 1) == NULL ||
		    !clusterdecode_nodename(node->str, node->len) ||
		    t2 == NULL ||
		    !name_ok(val->str, (size_t)(t1 - val->str)) ||
		    !name_ok(t1 + 1, (size_t)(t2 - t1 - 1)) ||
		    !name_ok(t2 + 1, (size_t)(end - t2 - 1))) {
			sy->nbad++;
			continue;
		}
		p = &sy->people[sy->npeople++];
		copy = estrndup(val->str, val->len);
		copy[t1 - val->str] = '\0';
		copy[t2 - val->str] = '\0';
		p->roomkey = copy;
		p->room = copy + (t1 - val->str) + 1;
		p->nick = copy + (t2 - val->str) + 1;
		p->node = node->str;
	}
}

int
clusterdecode_sync(const redisReply *r, struct cluster_sync *sy,
    const char **why)
{
	const redisReply *ep, *cr, *tk, *rooms, *people;

	memset(sy, 0, sizeof(*sy));
	if ((ep = elem_str(r, 0)) == NULL || ep->len == 0 ||
	    ep->len > CLUSTER_EPOCH_MAX ||
	    !clusterdecode_nodename(ep->str, ep->len))
		return *why = "bad epoch", -1;
	if ((cr = elem_type(r, 1, REDIS_REPLY_INTEGER)) == NULL ||
	    (tk = elem_type(r, 2, REDIS_REPLY_INTEGER)) == NULL ||
	    (rooms = elem_type(r, 3, REDIS_REPLY_ARRAY)) == NULL ||
	    (people = elem_type(r, 4, REDIS_REPLY_ARRAY)) == NULL ||
	    r->elements != 5)
		return *why = "bad snapshot shape", -1;
	memcpy(sy->epoch, ep->str, ep->len);
	sy->epoch[ep->len] = '\0';
	sy->created = cr->integer != 0;
	sy->taken = tk->integer != 0;
	sync_rooms(rooms, sy);
	sync_people(people, sy);
	return 0;
}

void
clusterdecode_sync_free(struct cluster_sync *sy)
{
	size_t i;

	for (i = 0; i < sy->npeople; i++)
		free((char *)sy->people[i].roomkey);
	free(sy->people);
	free(sy->rooms);
	memset(sy, 0, sizeof(*sy));
}
