/* A string-keyed hash table of pointers: nicks and rooms by folded key. */
#ifndef HTAB_H
#define HTAB_H

#include <stddef.h>
#include <stdint.h>

struct hslot {
	const char	*key;		/* owned by the value; NULL: empty */
	void		*val;
};

/* Open addressing with linear probing; grows at 1/2 load. */
struct htab {
	struct hslot	*slots;
	size_t		 cap;		/* power of two, or 0 */
	size_t		 n;
};

/* An empty table (no memory until the first insert). */
void	 htab_init(struct htab *);
/* The value stored under key, or NULL. */
void	*htab_get(const struct htab *, const char *key);
/* Store val under key (which must stay valid while stored); replaces. */
void	 htab_put(struct htab *, const char *key, void *val);
/* Remove key if present; returns its value or NULL. */
void	*htab_del(struct htab *, const char *key);
/* Iterate: *i starts at 0; the next value, or NULL at the end. */
void	*htab_next(const struct htab *, size_t *i);
/* Free the slots (not the values). */
void	 htab_free(struct htab *);

#endif
