/* Line framing: whole lines out of arbitrary read() chunks, bounded. */
#ifndef FRAMER_H
#define FRAMER_H

#include <stddef.h>
#include <stdint.h>

/* Keeps only the unfinished tail of a line, allocated lazily and freed as
 * soon as the line completes, so an idle connection holds no buffer. */
struct framer {
	char		*part;		/* unfinished line, or NULL */
	uint32_t	 len;		/* bytes in part */
	uint32_t	 cap;		/* bytes allocated for part */
	uint32_t	 max;		/* longest line accepted */
	uint8_t		 discarding;	/* dropping an over-long line */
	uint8_t		 cr;		/* a "\r" ended the last feed: kept out
					 * of part until we see if "\n" follows */
};

/* A complete line without its "\n" (and one "\r" before it); not NUL
 * terminated, writable. Return 0 to go on, -1 to stop feeding. */
typedef int	framer_line_fn(void *arg, char *line, size_t len);
/* The line in progress passed max bytes; the rest of it, up to the next
 * "\n", is dropped. Return 0 to go on, -1 to stop feeding. */
typedef int	framer_long_fn(void *arg);

/* An empty framer accepting lines of up to max bytes. */
void	framer_init(struct framer *, size_t max);
/* Feed n bytes: on_line for each complete line, on_long once for each
 * over-long one. 0, or -1 if a callback returned -1. */
int	framer_feed(struct framer *, const char *p, size_t n,
	    framer_line_fn *on_line, framer_long_fn *on_long, void *arg);
/* Bytes held for the unfinished line. */
size_t	framer_pending(const struct framer *);
/* Forget the unfinished line and free its buffer. */
void	framer_reset(struct framer *);

#endif
