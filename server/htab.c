/* A string-keyed hash table of pointers: nicks and rooms by folded key. */
#include <stdlib.h>
#include <string.h>

#include "htab.h"
#include "efun.h"

/* FNV-1a: small, and good enough for keys a client cannot choose to
 * collide at scale (names are short and the table grows). */
static size_t
htab_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return (size_t)(h ^ (h >> 32));
}

void
htab_init(struct htab *t)
{
	t->slots = NULL;
	t->cap = t->n = 0;
}

static size_t
htab_find(const struct htab *t, const char *key)
{
	size_t i = htab_hash(key) & (t->cap - 1);

	while (t->slots[i].key != NULL && strcmp(t->slots[i].key, key) != 0)
		i = (i + 1) & (t->cap - 1);
	return i;
}

void *
htab_get(const struct htab *t, const char *key)
{
	if (t->cap == 0)
		return NULL;
	return t->slots[htab_find(t, key)].val;
}

static void
htab_grow(struct htab *t)
{
	struct hslot *old = t->slots;
	size_t i, oldcap = t->cap;

	t->cap = oldcap == 0 ? 16 : oldcap * 2;
	t->slots = ecalloc(t->cap, sizeof(*t->slots));
	for (i = 0; i < oldcap; i++)
		if (old[i].key != NULL)
			t->slots[htab_find(t, old[i].key)] = old[i];
	free(old);
}

void
htab_put(struct htab *t, const char *key, void *val)
{
	size_t i;

	if ((t->n + 1) * 2 > t->cap)
		htab_grow(t);
	i = htab_find(t, key);
	if (t->slots[i].key == NULL)
		t->n++;
	t->slots[i].key = key;
	t->slots[i].val = val;
}

/* Backward-shift deletion keeps every probe chain unbroken. */
void *
htab_del(struct htab *t, const char *key)
{
	size_t i, j, home, mask = t->cap - 1;
	void *val;

	if (t->cap == 0 || t->slots[i = htab_find(t, key)].key == NULL)
		return NULL;
	val = t->slots[i].val;
	for (j = (i + 1) & mask; t->slots[j].key != NULL; j = (j + 1) & mask) {
		home = htab_hash(t->slots[j].key) & mask;
		if (((j - home) & mask) >= ((j - i) & mask)) {
			t->slots[i] = t->slots[j];
			i = j;
		}
	}
	t->slots[i].key = NULL;
	t->slots[i].val = NULL;
	t->n--;
	return val;
}

void *
htab_next(const struct htab *t, size_t *i)
{
	while (*i < t->cap) {
		if (t->slots[(*i)++].key != NULL)
			return t->slots[*i - 1].val;
	}
	return NULL;
}

void
htab_free(struct htab *t)
{
	free(t->slots);
	htab_init(t);
}
