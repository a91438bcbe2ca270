/* Remembering messages seen, so history replayed on reconnect is not
 * shown twice. */
#ifndef DEDUP_H
#define DEDUP_H

#include <stddef.h>
#include <stdint.h>

struct dedup {
	struct dedup_ent {
		int64_t		ts;
		uint64_t	hash;
	}		*ring;
	size_t		 cap;
	size_t		 count;
	size_t		 next;	/* slot the next entry goes in */
};

/* Remember up to cap messages (at least 1). */
void	dedup_init(struct dedup *, size_t cap);
/* Free the ring. */
void	dedup_free(struct dedup *);
/* Remember a message (the oldest is forgotten when full). */
void	dedup_add(struct dedup *, int64_t ts, const char *room,
	    const char *nick, const char *text);
/* Whether that exact message (same second, room, nick, text) was seen. */
int	dedup_seen(const struct dedup *, int64_t ts, const char *room,
	    const char *nick, const char *text);

#endif
