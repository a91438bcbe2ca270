/* Per-address connection limits: counts, verdicts, eviction, quiet logs. */
#include <sys/random.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "addrlim.h"
#include "efun.h"

/*
 * Each key is one struct addrlim_addr in a chained hash. Keys holding
 * pending connections also sit in bypend[n], a list per pending count n,
 * and maxpend is the highest n in use: counts move by one at a time, so
 * finding the address holding the most is O(1) (the O(1) LFU shape).
 * Each key lists its pending connections oldest first, so its oldest is
 * its head; the settled ones are on a list of their own, for
 * addrlim_free(). A key whose last connection closed is kept a while on the
 * quiet list if it was logged, so its next refusal stays unlogged.
 */
struct addrlim_addr {
	struct addrlim_key	 key;
	unsigned		 total;		/* admitted, still open */
	unsigned		 pending;	/* of which pending */
	int			 haslogged;
	int64_t			 logged;	/* last refusal logged */
	struct addrlim_addr	*hnext;		/* hash chain */
	struct addrlim_addr	*prev, *next;	/* bypend[pending] if pending,
						 * else the quiet list */
	struct addrlim_conn	*oldest, *newest; /* pending connections */
	struct addrlim_conn	*settled;	/* the others, any order */
};

struct addrlim_conn {
	struct addrlim_addr	*addr;
	struct addrlim_conn	*prev, *next;	/* addr's pending or settled */
	void			*owner;
	int			 pending;
};

#define ADDRLIM_TAB_MIN	64

void
addrlim_init(struct addrlim *al, const struct addrlim_limits *lim)
{
	memset(al, 0, sizeof(*al));
	al->lim = *lim;
	if (al->lim.pending_as == NULL)
		al->lim.pending_as = "pending";
	al->ntab = ADDRLIM_TAB_MIN;
	al->tab = ecalloc(al->ntab, sizeof(*al->tab));
	/* A secret seed: keys are chosen by whoever connects. */
	if (getrandom(&al->seed, sizeof(al->seed), GRND_NONBLOCK) !=
	    (ssize_t)sizeof(al->seed))
		al->seed = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)al;
}

void
addrlim_free(struct addrlim *al)
{
	struct addrlim_addr *a, *next;
	struct addrlim_conn *c, *cn;
	size_t i;

	for (i = 0; i < al->ntab; i++)
		for (a = al->tab[i]; a != NULL; a = next) {
			next = a->hnext;
			for (c = a->oldest; c != NULL; c = cn) {
				cn = c->next;
				free(c);
			}
			for (c = a->settled; c != NULL; c = cn) {
				cn = c->next;
				free(c);
			}
			free(a);
		}
	free(al->tab);
	free(al->bypend);
	memset(al, 0, sizeof(*al));
}

int
addrlim_key(const struct sockaddr *sa, socklen_t len, struct addrlim_key *k)
{
	const struct sockaddr_in6 *s6;
	const struct sockaddr_in *s4;

	memset(k, 0, sizeof(*k));
	if (sa->sa_family == AF_INET && len >= sizeof(*s4)) {
		s4 = (const struct sockaddr_in *)sa;
		k->family = 4;
		memcpy(k->bytes, &s4->sin_addr, 4);
		return 0;
	}
	if (sa->sa_family == AF_INET6 && len >= sizeof(*s6)) {
		s6 = (const struct sockaddr_in6 *)sa;
		if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr)) {
			k->family = 4;
			memcpy(k->bytes, s6->sin6_addr.s6_addr + 12, 4);
		} else {
			/* A /64: one subscriber, one LAN (RFC 6177). */
			k->family = 6;
			memcpy(k->bytes, s6->sin6_addr.s6_addr, 8);
		}
		return 0;
	}
	return -1;
}

char *
addrlim_keystr(const struct addrlim_key *k, char *buf, size_t len)
{
	char tmp[INET6_ADDRSTRLEN];
	struct in6_addr a6;

	if (k->family == 4 && inet_ntop(AF_INET, k->bytes, tmp,
	    sizeof(tmp)) != NULL)
		snprintf(buf, len, "%s", tmp);
	else if (k->family == 6) {
		memset(&a6, 0, sizeof(a6));
		memcpy(a6.s6_addr, k->bytes, 8);
		if (inet_ntop(AF_INET6, &a6, tmp, sizeof(tmp)) == NULL)
			tmp[0] = '\0';
		snprintf(buf, len, "%s/64", tmp);
	} else
		snprintf(buf, len, "other");
	return buf;
}

static size_t
addrlim_hash(const struct addrlim *al, const struct addrlim_key *k)
{
	uint64_t x;

	memcpy(&x, k->bytes, sizeof(x));
	x ^= al->seed + k->family * 0x9e3779b97f4a7c15ULL;
	/* splitmix64's finaliser */
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return (size_t)x & (al->ntab - 1);
}

static int
addrlim_same(const struct addrlim_key *a, const struct addrlim_key *b)
{
	return a->family == b->family &&
	    memcmp(a->bytes, b->bytes, sizeof(a->bytes)) == 0;
}

static struct addrlim_addr *
addrlim_find(const struct addrlim *al, const struct addrlim_key *k)
{
	struct addrlim_addr *a;

	for (a = al->tab[addrlim_hash(al, k)]; a != NULL; a = a->hnext)
		if (addrlim_same(&a->key, k))
			return a;
	return NULL;
}

static void
addrlim_grow(struct addrlim *al)
{
	struct addrlim_addr **old = al->tab, *a, *next;
	size_t i, nold = al->ntab, h;

	al->ntab *= 2;
	al->tab = ecalloc(al->ntab, sizeof(*al->tab));
	for (i = 0; i < nold; i++)
		for (a = old[i]; a != NULL; a = next) {
			next = a->hnext;
			h = addrlim_hash(al, &a->key);
			a->hnext = al->tab[h];
			al->tab[h] = a;
		}
	free(old);
}

static struct addrlim_addr *
addrlim_insert(struct addrlim *al, const struct addrlim_key *k)
{
	struct addrlim_addr *a;
	size_t h;

	if (al->naddr >= al->ntab)
		addrlim_grow(al);
	a = ecalloc(1, sizeof(*a));
	a->key = *k;
	h = addrlim_hash(al, k);
	a->hnext = al->tab[h];
	al->tab[h] = a;
	al->naddr++;
	return a;
}

static void
addrlim_unhash(struct addrlim *al, struct addrlim_addr *a)
{
	struct addrlim_addr **pp;

	for (pp = &al->tab[addrlim_hash(al, &a->key)]; *pp != a;
	    pp = &(*pp)->hnext)
		;
	*pp = a->hnext;
	al->naddr--;
	free(a);
}

/* The list a is on, by its state: bypend[n], or the quiet list. */
static void
addrlim_unlink(struct addrlim_addr *a, struct addrlim_addr **head,
    struct addrlim_addr **tail)
{
	if (a->prev != NULL)
		a->prev->next = a->next;
	else
		*head = a->next;
	if (a->next != NULL)
		a->next->prev = a->prev;
	else if (tail != NULL)
		*tail = a->prev;
	a->prev = a->next = NULL;
}

/* Move a from bypend[a->pending] to bypend[n], keeping maxpend. */
static void
addrlim_setpend(struct addrlim *al, struct addrlim_addr *a, unsigned n)
{
	size_t cap;

	if (a->pending > 0)
		addrlim_unlink(a, &al->bypend[a->pending], NULL);
	a->pending = n;
	if (n > 0) {
		if (n >= al->npend_max) {
			cap = al->npend_max == 0 ? 64 : al->npend_max * 2;
			while (cap <= n)
				cap *= 2;
			al->bypend = ereallocarray(al->bypend, cap,
			    sizeof(*al->bypend));
			memset(al->bypend + al->npend_max, 0,
			    (cap - al->npend_max) * sizeof(*al->bypend));
			al->npend_max = cap;
		}
		a->next = al->bypend[n];
		if (a->next != NULL)
			a->next->prev = a;
		al->bypend[n] = a;
		if (n > al->maxpend)
			al->maxpend = n;
	}
	/* Counts move by one, so this loop turns at most once. */
	while (al->maxpend > 0 && al->bypend[al->maxpend] == NULL)
		al->maxpend--;
}

static void
addrlim_quiet_add(struct addrlim *al, struct addrlim_addr *a)
{
	a->next = NULL;
	a->prev = al->quiet_tail;
	if (al->quiet_tail != NULL)
		al->quiet_tail->next = a;
	else
		al->quiet_head = a;
	al->quiet_tail = a;
	al->nquiet++;
}

static void
addrlim_quiet_del(struct addrlim *al, struct addrlim_addr *a)
{
	addrlim_unlink(a, &al->quiet_head, &al->quiet_tail);
	al->nquiet--;
}

/* Forget quiet keys whose minute is over, and the oldest past the cap.
 * The list is in the order keys went quiet, which is near enough the
 * order of their last log: one may linger a little, none grows it. */
static void
addrlim_quiet_prune(struct addrlim *al, int64_t now)
{
	struct addrlim_addr *a;

	while ((a = al->quiet_head) != NULL &&
	    (al->nquiet > ADDRLIM_QUIET_MAX ||
	    now - a->logged >= ADDRLIM_LOG_EVERY_S)) {
		addrlim_quiet_del(al, a);
		addrlim_unhash(al, a);
	}
}

/* Whether a refusal from a is worth a log line now; if so, it is the
 * one for the coming minute. */
static int
addrlim_log_due(struct addrlim_addr *a, int64_t now)
{
	if (a->haslogged && now - a->logged < ADDRLIM_LOG_EVERY_S &&
	    now >= a->logged)
		return 0;
	a->haslogged = 1;
	a->logged = now;
	return 1;
}

/* The key a refusal is logged against: a, or a new quiet one. */
static struct addrlim_addr *
addrlim_for_log(struct addrlim *al, const struct addrlim_key *k,
    struct addrlim_addr *a)
{
	if (a == NULL) {
		a = addrlim_insert(al, k);
		addrlim_quiet_add(al, a);
	}
	return a;
}

static void
addrlim_refuse(struct addrlim *al, struct addrlim_verdict *v,
    enum addrlim_limit hit, const struct addrlim_key *k,
    struct addrlim_addr *a, int64_t now)
{
	const char *as = al->lim.pending_as;

	v->hit = hit;
	if (hit == ADDRLIM_PER_ADDR)
		snprintf(v->why, sizeof(v->why), "Too many connections from "
		    "your address (%u at most), try again later.",
		    al->lim.per_addr);
	else if (hit == ADDRLIM_PENDING_PER_ADDR)
		snprintf(v->why, sizeof(v->why), "Too many connections %s "
		    "from your address (%u at most), try again later.", as,
		    al->lim.pending_per_addr);
	else
		snprintf(v->why, sizeof(v->why), "Too many connections %s, "
		    "try again later.", as);
	v->log = addrlim_log_due(addrlim_for_log(al, k, a), now);
}

/* c stops being pending: off its key's pending list, onto its settled
 * list. */
static void
addrlim_unpend(struct addrlim *al, struct addrlim_conn *c)
{
	struct addrlim_addr *a = c->addr;

	if (!c->pending)
		return;
	c->pending = 0;
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		a->oldest = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	else
		a->newest = c->prev;
	c->prev = NULL;
	c->next = a->settled;
	if (c->next != NULL)
		c->next->prev = c;
	a->settled = c;
	addrlim_setpend(al, a, a->pending - 1);
	al->npending--;
}

/* The oldest pending connection of the address holding the most. */
static struct addrlim_conn *
addrlim_victim(const struct addrlim *al)
{
	return al->maxpend > 0 ? al->bypend[al->maxpend]->oldest : NULL;
}

static struct addrlim_conn *
addrlim_add(struct addrlim *al, const struct addrlim_key *k,
    struct addrlim_addr *a, void *owner)
{
	struct addrlim_conn *c;

	if (a == NULL)
		a = addrlim_insert(al, k);
	else if (a->total == 0)
		addrlim_quiet_del(al, a);
	c = ecalloc(1, sizeof(*c));
	c->addr = a;
	c->owner = owner;
	c->pending = 1;
	c->prev = a->newest;
	if (a->newest != NULL)
		a->newest->next = c;
	else
		a->oldest = c;
	a->newest = c;
	a->total++;
	addrlim_setpend(al, a, a->pending + 1);
	al->npending++;
	al->nconn++;
	return c;
}

struct addrlim_conn *
addrlim_admit(struct addrlim *al, const struct sockaddr *sa, socklen_t len,
    void *owner, int64_t now, struct addrlim_verdict *v)
{
	const struct addrlim_limits *lim = &al->lim;
	struct addrlim_conn *victim = NULL;
	struct addrlim_addr *a;
	struct addrlim_key k;
	unsigned total, pend;

	memset(v, 0, sizeof(*v));
	(void)addrlim_key(sa, len, &k);
	addrlim_keystr(&k, v->addr, sizeof(v->addr));
	addrlim_quiet_prune(al, now);
	a = addrlim_find(al, &k);
	total = a != NULL ? a->total : 0;
	pend = a != NULL ? a->pending : 0;
	if (lim->per_addr > 0 && total >= lim->per_addr) {
		addrlim_refuse(al, v, ADDRLIM_PER_ADDR, &k, a, now);
		return NULL;
	}
	if (lim->pending_per_addr > 0 && pend >= lim->pending_per_addr) {
		addrlim_refuse(al, v, ADDRLIM_PENDING_PER_ADDR, &k, a, now);
		return NULL;
	}
	if (lim->pending > 0 && al->npending >= lim->pending) {
		/* Full: the newcomer displaces the address holding the most,
		 * as long as that is not its own. */
		if (al->maxpend <= pend) {
			addrlim_refuse(al, v, ADDRLIM_PENDING, &k, a, now);
			return NULL;
		}
		victim = addrlim_victim(al);
		v->victim = victim->owner;
		addrlim_unpend(al, victim);
	}
	return addrlim_add(al, &k, a, owner);
}

void
addrlim_settle(struct addrlim *al, struct addrlim_conn *c)
{
	if (c != NULL)
		addrlim_unpend(al, c);
}

void
addrlim_release(struct addrlim *al, struct addrlim_conn *c)
{
	struct addrlim_addr *a;

	if (c == NULL)
		return;
	a = c->addr;
	addrlim_unpend(al, c);
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		a->settled = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	free(c);
	al->nconn--;
	if (--a->total > 0)
		return;
	if (a->haslogged)
		addrlim_quiet_add(al, a);
	else
		addrlim_unhash(al, a);
}

int
addrlim_log_ok(struct addrlim *al, const struct sockaddr *sa, socklen_t len,
    int64_t now)
{
	struct addrlim_key k;

	(void)addrlim_key(sa, len, &k);
	addrlim_quiet_prune(al, now);
	return addrlim_log_due(addrlim_for_log(al, &k, addrlim_find(al, &k)),
	    now);
}

void
addrlim_count(const struct addrlim *al, const struct sockaddr *sa,
    socklen_t len, unsigned *total, unsigned *pending)
{
	struct addrlim_addr *a;
	struct addrlim_key k;

	(void)addrlim_key(sa, len, &k);
	a = addrlim_find(al, &k);
	*total = a != NULL ? a->total : 0;
	*pending = a != NULL ? a->pending : 0;
}

size_t
addrlim_pending(const struct addrlim *al)
{
	return al->npending;
}
