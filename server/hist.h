/* Rooms' kept messages: a ring of the newest N per room, bounded in bytes
 * across all rooms together. */
#ifndef HIST_H
#define HIST_H

#include <stddef.h>
#include <stdint.h>

enum hist_kind {
	HIST_MSG,
	HIST_ME
};

struct history;

/* One kept message: nick and text, each NUL-terminated, in data. */
struct hist_entry {
	struct hist_entry	*older, *newer;	/* in the pool, any room */
	struct history		*owner;
	int64_t			 ts;		/* Unix seconds */
	uint32_t		 textlen;
	uint8_t			 kind;		/* enum hist_kind */
	uint8_t			 nicklen;
	char			 data[];	/* nick "\0" text "\0" */
};

/* Told after the pool dropped the oldest entry of a history to make
 * room for a newer one elsewhere; it may free the history. */
typedef void	hist_evict_fn(struct history *);

/* Every entry of the histories sharing it, in the order they were added,
 * so that the one dropped to stay under max is the oldest anywhere. */
struct hist_pool {
	struct hist_entry	*oldest, *newest;
	size_t			 bytes;		/* entries and rings, as
						 * malloc(3) takes them */
	size_t			 max;		/* 0: keep nothing */
	hist_evict_fn		*evicted;	/* or NULL */
	uint64_t		 nevicted;	/* entries dropped for max */
};

/* The ring grows by doubling up to max slots, so a quiet room is small,
 * and shrinks when the pool has taken most of it. */
struct history {
	struct hist_pool	 *pool;
	struct hist_entry	**ring;
	uint32_t		  head;		/* oldest */
	uint32_t		  count;
	uint32_t		  cap;
	uint32_t		  max;
};

/* An empty pool holding at most max bytes (0: none); evicted, if not
 * NULL, is told of each entry dropped to stay under it. */
void	hist_pool_init(struct hist_pool *, size_t max, hist_evict_fn *);
/* What one entry with these lengths costs the pool. */
size_t	hist_cost(size_t nicklen, size_t textlen);
/* An empty history in pool keeping at most max entries (0: none). */
void	hist_init(struct history *, size_t max, struct hist_pool *);
/* Keep a copy of one message, dropping this history's oldest when it
 * has max entries, then the pool's oldest until the pool is under its
 * max again. A message costing more than the whole pool is not kept. */
void	hist_add(struct history *, int64_t ts, enum hist_kind,
	    const char *nick, const char *text, size_t textlen);
/* Entries kept. */
size_t	hist_count(const struct history *);
/* Entry i, 0 being the oldest; i < hist_count(). */
const struct hist_entry *hist_get(const struct history *, size_t i);
/* The nick and the text of an entry. */
const char *hist_nick(const struct hist_entry *);
const char *hist_text(const struct hist_entry *);
/* Free every entry and the ring, giving their bytes back to the pool. */
void	hist_free(struct history *);

#endif
