/* Who is where in the cluster: people by folded nick, with their room and
 * node, kept up to date from room events. */
#ifndef CLUSTERPEOPLE_H
#define CLUSTERPEOPLE_H

#include <stddef.h>

#include "clusterdecode.h"
#include "htab.h"
#include "tcpchatd.h"

struct clusterpeople_person {
	char	 key[NAME_KEY_MAX];	/* folded nick */
	char	*nick, *roomkey, *room, *node;
};

/* An empty table. */
void	clusterpeople_init(struct htab *);
/* Free every person and empty the table. */
void	clusterpeople_clear(struct htab *);
/* Put a person (replacing whoever had key). */
void	clusterpeople_put(struct htab *, const char *key, const char *nick,
	    const char *roomkey, const char *room, const char *node);
/* Remove the person with key, if any. */
void	clusterpeople_del(struct htab *, const char *key);
/* Apply a room event said on another node: JOIN puts, PART removes, NICK
 * renames. 0 when it repeats what the table says (a JOIN of someone in
 * that room already, a PART of someone not there), else 1. */
int	clusterpeople_apply(struct htab *, const struct cluster_event *,
	    const char *roomkey);
/* The folded key of name into key (NAME_KEY_MAX); 0, or -1 if it is no
 * name. */
int	clusterpeople_fold(const char *name, char *key);

#endif
