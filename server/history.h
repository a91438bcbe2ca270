/* A room's kept messages: a ring of the newest N, oldest first. */
#ifndef HISTORY_H
#define HISTORY_H

#include <stddef.h>
#include <stdint.h>

enum hist_kind {
	HIST_MSG,
	HIST_ME
};

/* One kept message: nick and text, each NUL-terminated, in data. */
struct hist_entry {
	int64_t		ts;		/* Unix seconds */
	uint8_t		kind;		/* enum hist_kind */
	uint8_t		nicklen;
	uint32_t	textlen;
	char		data[];		/* nick "\0" text "\0" */
};

/* The ring grows by doubling up to max slots, so a quiet room is small. */
struct history {
	struct hist_entry	**ring;
	uint32_t		  head;		/* oldest */
	uint32_t		  count;
	uint32_t		  cap;
	uint32_t		  max;
};

/* An empty history keeping at most max entries (0: none). */
void	history_init(struct history *, size_t max);
/* Keep a copy of one message, dropping the oldest when full. */
void	history_add(struct history *, int64_t ts, enum hist_kind,
	    const char *nick, const char *text, size_t textlen);
/* Entries kept. */
size_t	history_count(const struct history *);
/* Entry i, 0 being the oldest; i < history_count(). */
const struct hist_entry *history_get(const struct history *, size_t i);
/* The nick and the text of an entry. */
const char *hist_nick(const struct hist_entry *);
const char *hist_text(const struct hist_entry *);
/* Free every entry and the ring. */
void	history_free(struct history *);

#endif
