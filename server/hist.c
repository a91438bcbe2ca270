/* Rooms' kept messages: a ring of the newest N per room, bounded in bytes
 * across all rooms together. */
#include <stdlib.h>
#include <string.h>

#include "hist.h"
#include "tcpchatd.h"
#include "efun.h"

#define RING_MIN	16	/* slots of a new ring */

void
hist_pool_init(struct hist_pool *p, size_t max, hist_evict_fn *fn)
{
	memset(p, 0, sizeof(*p));
	p->max = max;
	p->evicted = fn;
}

/* What malloc(3) takes for n bytes: glibc's chunk (an 8-byte header,
 * 16-byte steps, 32 at least), or whole pages once n is large enough to
 * be mmap'd. An estimate that needs no allocator call and is the same
 * under every allocator, so the tests can count on it. */
static size_t
hist_chunk(size_t n)
{
	if (n >= MALLOC_MMAP_MIN)
		return (n + 16 + 4095) & ~(size_t)4095;
	n = (n + 8 + 15) & ~(size_t)15;
	return n < 32 ? 32 : n;
}

size_t
hist_cost(size_t nicklen, size_t textlen)
{
	return hist_chunk(sizeof(struct hist_entry) + nicklen + textlen + 2);
}

static size_t
hist_ring_cost(uint32_t cap)
{
	return cap == 0 ? 0 : hist_chunk(cap * sizeof(struct hist_entry *));
}

void
hist_init(struct history *h, size_t max, struct hist_pool *p)
{
	memset(h, 0, sizeof(*h));
	h->max = (uint32_t)max;
	h->pool = p;
}

/* Move the entries, oldest first, into a ring of cap slots (0: none). */
static void
hist_resize(struct history *h, uint32_t cap)
{
	struct hist_entry **ring = NULL;
	uint32_t i;

	if (cap > 0)
		ring = ecalloc(cap, sizeof(*ring));
	for (i = 0; i < h->count; i++)
		ring[i] = h->ring[(h->head + i) % h->cap];
	free(h->ring);
	h->pool->bytes -= hist_ring_cost(h->cap);
	h->pool->bytes += hist_ring_cost(cap);
	h->ring = ring;
	h->cap = cap;
	h->head = 0;
}

/* Take this history's oldest entry out of its ring and the pool. */
static void
hist_drop(struct history *h)
{
	struct hist_pool *p = h->pool;
	struct hist_entry *e = h->ring[h->head];

	if (e->older != NULL)
		e->older->newer = e->newer;
	else
		p->oldest = e->newer;
	if (e->newer != NULL)
		e->newer->older = e->older;
	else
		p->newest = e->older;
	p->bytes -= hist_cost(e->nicklen, e->textlen);
	free(e);
	h->ring[h->head] = NULL;
	h->head = (h->head + 1) % h->cap;
	h->count--;
}

/*
 * The pool's oldest entry is the oldest of its own history too (both keep
 * the order of adding), so it leaves through the ring's head. The ring
 * then shrinks once a quarter full and goes when empty: a room the pool
 * emptied keeps nothing, and one left with a single entry has RING_MIN
 * slots at most, which hist_add counts on.
 */
static void
hist_evict(struct hist_pool *p)
{
	struct history *h = p->oldest->owner;

	hist_drop(h);
	if (h->count == 0)
		hist_resize(h, 0);
	else if (h->cap > RING_MIN && h->count <= h->cap / 4)
		hist_resize(h, h->count * 2 < RING_MIN ? RING_MIN :
		    h->count * 2);
	p->nevicted++;
	if (p->evicted != NULL)
		p->evicted(h);
}

static struct hist_entry *
hist_entry(int64_t ts, enum hist_kind kind, const char *nick,
    size_t nicklen, const char *text, size_t textlen)
{
	struct hist_entry *e;

	e = emalloc(sizeof(*e) + nicklen + textlen + 2);
	e->ts = ts;
	e->kind = (uint8_t)kind;
	e->nicklen = (uint8_t)nicklen;
	e->textlen = (uint32_t)textlen;
	memcpy(e->data, nick, nicklen + 1);
	memcpy(e->data + nicklen + 1, text, textlen);
	e->data[nicklen + 1 + textlen] = '\0';
	return e;
}

/*
 * Dropping the pool's oldest until it fits stops at the new entry: its
 * history then holds it alone in RING_MIN slots at most, which the first
 * test makes sure fits, so the pool never passes its max.
 */
void
hist_add(struct history *h, int64_t ts, enum hist_kind kind,
    const char *nick, const char *text, size_t textlen)
{
	struct hist_pool *p = h->pool;
	struct hist_entry *e;
	size_t nicklen = strlen(nick), cost = hist_cost(nicklen, textlen);
	uint32_t cap;

	if (h->max == 0 || cost + hist_ring_cost(RING_MIN) > p->max)
		return;
	if (h->count == h->max)
		hist_drop(h);
	if (h->count == h->cap) {
		cap = h->cap == 0 ? RING_MIN : h->cap * 2;
		hist_resize(h, cap > h->max ? h->max : cap);
	}
	e = hist_entry(ts, kind, nick, nicklen, text, textlen);
	e->owner = h;
	e->newer = NULL;
	e->older = p->newest;
	if (p->newest != NULL)
		p->newest->newer = e;
	else
		p->oldest = e;
	p->newest = e;
	p->bytes += cost;
	h->ring[(h->head + h->count) % h->cap] = e;
	h->count++;
	while (p->bytes > p->max && p->oldest != e)
		hist_evict(p);
}

size_t
hist_count(const struct history *h)
{
	return h->count;
}

const struct hist_entry *
hist_get(const struct history *h, size_t i)
{
	return h->ring[(h->head + i) % h->cap];
}

const char *
hist_nick(const struct hist_entry *e)
{
	return e->data;
}

const char *
hist_text(const struct hist_entry *e)
{
	return e->data + e->nicklen + 1;
}

void
hist_free(struct history *h)
{
	while (h->count > 0)
		hist_drop(h);
	hist_resize(h, 0);
	hist_init(h, h->max, h->pool);
}
