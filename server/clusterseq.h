/* A room's place in its one cluster order: the last sequence delivered,
 * and pushed events held while a fill from the room's log is out. Pure:
 * no Redis here, so the order rules are tested alone. */
#ifndef CLUSTERSEQ_H
#define CLUSTERSEQ_H

#include <stddef.h>
#include <stdint.h>

#include "clusterdecode.h"

#define CLUSTERSEQ_HELD_MAX	4096	/* events held per room in a fill */

struct clusterseq {
	char			*key;		/* the room's folded name */
	void			*owner;
	uint64_t		 last;		/* last sequence delivered */
	int			 filling;	/* a fill is out */
	int			 refill;	/* held overflowed: fill again */
	struct cluster_event	*held;
	size_t			 nheld, capheld;
};

enum clusterseq_push {
	CLUSTERSEQ_NOW,		/* the next one, or a repeat: take() says */
	CLUSTERSEQ_HELD,	/* kept until the fill out ends */
	CLUSTERSEQ_FILL		/* kept: past a gap, fill from last */
};

/* A room with nothing delivered yet; owner is the caller's. */
struct clusterseq	*clusterseq_new(const char *key, void *owner);
/* Free the room and what it holds. */
void			 clusterseq_free(struct clusterseq *);
/* A pushed event. When it is kept (HELD, FILL) *ev is moved into the room
 * and must not be freed by the caller; hold keeps it whatever its place
 * (the node is syncing). Past CLUSTERSEQ_HELD_MAX it is dropped and the
 * room marked for another fill. */
enum clusterseq_push	 clusterseq_push(struct clusterseq *,
			    struct cluster_event *ev, int hold);
/* Whether ev comes after last (then last is ev's, and *gap the events
 * stepped over, which the log no longer had); 0 for a repeat. */
int			 clusterseq_take(struct clusterseq *,
			    const struct cluster_event *ev, uint64_t *gap);
/* Free what is held (after it was taken in order, or at a reset). */
void			 clusterseq_drop(struct clusterseq *);

#endif
