/* Who is where in the cluster: people by folded nick, with their rooms
 * (a protocol 2 client may be in several) and node, kept up to date from
 * room events. */
#ifndef CLUSTERPEOPLE_H
#define CLUSTERPEOPLE_H

#include <stddef.h>

#include "clusterdecode.h"
#include "htab.h"
#include "tcpchatd.h"

struct clusterpeople_room {
	char	*key, *name;		/* folded, as said */
};

struct clusterpeople_person {
	char	 key[NAME_KEY_MAX];	/* folded nick */
	char	*nick, *node;
	struct clusterpeople_room *rooms;	/* rooms[0..nrooms) */
	size_t	 nrooms, caprooms;
};

/* An empty table. */
void	clusterpeople_init(struct htab *);
/* Free every person and empty the table. */
void	clusterpeople_clear(struct htab *);
/* Put a person in a room: added to its rooms when key is that node's
 * already (with nick as its name), else a new person replacing whoever
 * had key. */
void	clusterpeople_put(struct htab *, const char *key, const char *nick,
	    const char *roomkey, const char *room, const char *node);
/* Take the person with key out of one room; when in none it goes,
 * unless keep (this node's own people keep their names in no room). */
void	clusterpeople_part(struct htab *, const char *key,
	    const char *roomkey, int keep);
/* Remove the person with key, if any. */
void	clusterpeople_del(struct htab *, const char *key);
/* The person with key newkey after a rename from key, in the same rooms
 * (replacing whoever had newkey); NULL if key is nobody. */
struct clusterpeople_person *clusterpeople_rename(struct htab *,
	    const char *key, const char *newkey, const char *newnick);
/* Whether p is in the room with roomkey. */
int	clusterpeople_in(const struct clusterpeople_person *,
	    const char *roomkey);
/* Apply a room event said on another node: JOIN adds the room, PART
 * takes it away, NICK renames in every room. 0 when it repeats what the
 * table says (a JOIN of someone in that room already, a PART of someone
 * not there, a NICK of someone not there), else 1. */
int	clusterpeople_apply(struct htab *, const struct cluster_event *,
	    const char *roomkey);
/* The folded key of name into key (NAME_KEY_MAX); 0, or -1 if it is no
 * name. */
int	clusterpeople_fold(const char *name, char *key);

#endif
