/* Scrollback: a ring of the last N lines shown, numbered in order. */
#ifndef SB_H
#define SB_H

#include <stddef.h>
#include <stdint.h>

enum sb_kind {
	SB_MSG,		/* <nick> text */
	SB_ME,		/* * nick text */
	SB_PRIV,	/* [from -> to] text */
	SB_SYS,		/* -!- joins, leaves, renames, notices */
	SB_ERR,		/* -!- an error */
	SB_DAY		/* --- the day changed */
};

#define SB_OWN		0x01	/* written by us */
#define SB_MENTION	0x02	/* names us */
#define SB_HIST		0x04	/* history replay */

/* One line; its strings are clean (sanitised) and owned by the ring. */
struct sbline {
	int64_t		 ts;	/* Unix seconds */
	uint8_t		 kind;	/* enum sb_kind */
	uint8_t		 flags;	/* SB_* */
	char		*nick;	/* whose colour, or NULL */
	char		*head;	/* "<nick>", "* nick", "-!-" */
	char		*text;
};

struct sb {
	struct sbline	*ring;
	size_t		 cap;
	size_t		 count;
	uint64_t	 first;	/* number of the oldest line kept */
};

/* An empty ring keeping cap lines (at least 1). */
void	sb_init(struct sb *, size_t cap);
/* Free every line and the ring. */
void	sb_free(struct sb *);
/* Forget every line; numbering goes on. */
void	sb_clear(struct sb *);
/* Append a copy of l (dropping the oldest when full); its number. */
uint64_t sb_add(struct sb *, const struct sbline *l);
/* Line number seq, or NULL if not kept. */
const struct sbline *sb_get(const struct sb *, uint64_t seq);
/* Number the next line will get (one past the newest). */
uint64_t sb_end(const struct sb *);

#endif
