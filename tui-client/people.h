/* The people in the current room, kept sorted without regard to case. */
#ifndef PEOPLE_H
#define PEOPLE_H

#include <stddef.h>

struct people {
	char	**names;
	size_t	  count;
	size_t	  cap;
};

/* An empty list. */
void	people_init(struct people *);
/* Forget everyone. */
void	people_clear(struct people *);
/* Add name (copied) unless it is there already. */
void	people_add(struct people *, const char *name);
/* Remove name (any case); 0, or -1 when absent. */
int	people_del(struct people *, const char *name);
/* Rename old to new (added if old was absent). */
void	people_rename(struct people *, const char *old, const char *new);
/* Whether name is in the list (any case). */
int	people_has(const struct people *, const char *name);
/* Compare two names as the server does: code points folded with
 * towlower; for sorting and equality. */
int	people_cmp(const char *, const char *);

#endif
