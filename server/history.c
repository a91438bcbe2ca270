/* A room's kept messages: a ring of the newest N, oldest first. */
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "xmalloc.h"

void
history_init(struct history *h, size_t max)
{
	memset(h, 0, sizeof(*h));
	h->max = (uint32_t)max;
}

/* Unroll into a ring twice as large (up to max). */
static void
history_grow(struct history *h)
{
	struct hist_entry **ring;
	uint32_t i, cap;

	cap = h->cap == 0 ? 16 : h->cap * 2;
	if (cap > h->max)
		cap = h->max;
	ring = xcalloc(cap, sizeof(*ring));
	for (i = 0; i < h->count; i++)
		ring[i] = h->ring[(h->head + i) % h->cap];
	free(h->ring);
	h->ring = ring;
	h->cap = cap;
	h->head = 0;
}

void
history_add(struct history *h, int64_t ts, enum hist_kind kind,
    const char *nick, const char *text, size_t textlen)
{
	struct hist_entry *e;
	size_t nicklen = strlen(nick);
	uint32_t slot;

	if (h->max == 0)
		return;
	if (h->count == h->cap && h->cap < h->max)
		history_grow(h);
	e = xmalloc(sizeof(*e) + nicklen + textlen + 2);
	e->ts = ts;
	e->kind = (uint8_t)kind;
	e->nicklen = (uint8_t)nicklen;
	e->textlen = (uint32_t)textlen;
	memcpy(e->data, nick, nicklen + 1);
	memcpy(e->data + nicklen + 1, text, textlen);
	e->data[nicklen + 1 + textlen] = '\0';
	if (h->count == h->cap) {
		free(h->ring[h->head]);
		h->ring[h->head] = e;
		h->head = (h->head + 1) % h->cap;
		return;
	}
	slot = (h->head + h->count) % h->cap;
	h->ring[slot] = e;
	h->count++;
}

size_t
history_count(const struct history *h)
{
	return h->count;
}

const struct hist_entry *
history_get(const struct history *h, size_t i)
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
history_free(struct history *h)
{
	uint32_t i;

	for (i = 0; i < h->count; i++)
		free(h->ring[(h->head + i) % h->cap]);
	free(h->ring);
	history_init(h, h->max);
}
