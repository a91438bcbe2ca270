/* Remembering messages seen, so history replayed on reconnect is not
 * shown twice. */
#include <stdlib.h>
#include <string.h>

#include "dedup.h"
#include "efun.h"

void
dedup_init(struct dedup *d, size_t cap)
{
	memset(d, 0, sizeof(*d));
	d->cap = cap ? cap : 1;
	d->ring = ecalloc(d->cap, sizeof(*d->ring));
}

void
dedup_free(struct dedup *d)
{
	free(d->ring);
	memset(d, 0, sizeof(*d));
}

static uint64_t
dedup_mix(uint64_t h, const char *s)
{
	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	h ^= 0xff;	/* a separator no UTF-8 text holds */
	return h * 1099511628211ull;
}

static uint64_t
dedup_hash(const char *room, const char *nick, const char *text)
{
	uint64_t h;

	h = 14695981039346656037ull;
	h = dedup_mix(h, room);
	h = dedup_mix(h, nick);
	return dedup_mix(h, text);
}

void
dedup_add(struct dedup *d, int64_t ts, const char *room, const char *nick,
    const char *text)
{
	d->ring[d->next].ts = ts;
	d->ring[d->next].hash = dedup_hash(room, nick, text);
	d->next = (d->next + 1) % d->cap;
	if (d->count < d->cap)
		d->count++;
}

/* Newest first; the server numbers messages in time order, so the walk
 * stops at the first entry older than ts. */
int
dedup_seen(const struct dedup *d, int64_t ts, const char *room,
    const char *nick, const char *text)
{
	uint64_t h;
	size_t i, at;

	h = dedup_hash(room, nick, text);
	for (i = 0; i < d->count; i++) {
		at = (d->next + d->cap - 1 - i) % d->cap;
		if (d->ring[at].ts < ts)
			return 0;
		if (d->ring[at].ts == ts && d->ring[at].hash == h)
			return 1;
	}
	return 0;
}
