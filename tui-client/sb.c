/* Scrollback: a ring of the last N lines shown, numbered in order. */
#include <stdlib.h>
#include <string.h>

#include "sb.h"
#include "efun.h"

void
sb_init(struct sb *sb, size_t cap)
{
	memset(sb, 0, sizeof(*sb));
	sb->cap = cap ? cap : 1;
	sb->ring = ecalloc(sb->cap, sizeof(*sb->ring));
}

static void
sb_drop(struct sbline *l)
{
	free(l->nick);
	free(l->head);
	free(l->text);
	memset(l, 0, sizeof(*l));
}

void
sb_clear(struct sb *sb)
{
	uint64_t s;

	for (s = sb->first; s < sb_end(sb); s++)
		sb_drop(&sb->ring[s % sb->cap]);
	sb->first = sb_end(sb);
	sb->count = 0;
}

void
sb_free(struct sb *sb)
{
	sb_clear(sb);
	free(sb->ring);
	sb->ring = NULL;
}

uint64_t
sb_add(struct sb *sb, const struct sbline *l)
{
	struct sbline *slot;
	uint64_t seq;

	if (sb->count == sb->cap) {
		sb_drop(&sb->ring[sb->first % sb->cap]);
		sb->first++;
		sb->count--;
	}
	seq = sb_end(sb);
	slot = &sb->ring[seq % sb->cap];
	*slot = *l;
	slot->nick = l->nick ? estrdup(l->nick) : NULL;
	slot->head = estrdup(l->head ? l->head : "");
	slot->text = estrdup(l->text ? l->text : "");
	sb->count++;
	return seq;
}

const struct sbline *
sb_get(const struct sb *sb, uint64_t seq)
{
	if (seq < sb->first || seq >= sb_end(sb))
		return NULL;
	return &sb->ring[seq % sb->cap];
}

uint64_t
sb_end(const struct sb *sb)
{
	return sb->first + sb->count;
}
