/* Queues of cluster operations: changes waiting for Redis (held while it
 * is away, refused and to be sent again) or sent and awaiting an answer. */
#ifndef CLUSTERQ_H
#define CLUSTERQ_H

#include <stddef.h>
#include <stdint.h>

#define CLUSTERQ_ARGS_MAX	16

enum clusterq_kind {
	CLUSTERQ_SAY,		/* the script's "say" */
	CLUSTERQ_RELEASE,	/* the script's "release" */
	CLUSTERQ_PRIV		/* PUBLISH channel payload */
};

/* One operation with copies of its arguments. */
struct clusterq_op {
	struct clusterq_op	*next;
	enum clusterq_kind	 kind;
	uint64_t		 mid;		/* this node's id for a say */
	int			 shown;		/* the server showed it already */
	int			 uncertain;	/* sent, answer lost: maybe
						 * applied */
	int64_t			 ts;		/* when it was said */
	int			 n;
	const char		*v[CLUSTERQ_ARGS_MAX];
	size_t			 l[CLUSTERQ_ARGS_MAX];
	size_t			 bytes;		/* what it costs in memory */
};

struct clusterq {
	struct clusterq_op	*head, *tail;
	size_t			 n, bytes;
};

/* An op of n (<= CLUSTERQ_ARGS_MAX) arguments, copied. */
struct clusterq_op *clusterq_op_new(enum clusterq_kind, int n,
		    const char *const *v, const size_t *l);
/* Add o at the end, or at the front. */
void		 clusterq_append(struct clusterq *, struct clusterq_op *o);
void		 clusterq_prepend(struct clusterq *, struct clusterq_op *o);
/* Take the first op, or NULL. */
struct clusterq_op *clusterq_pop(struct clusterq *);
/* Free every uncertain op with an id up to mid (known applied). */
void		 clusterq_forget(struct clusterq *, uint64_t mid);
/* Free every op. */
void		 clusterq_free(struct clusterq *);

#endif
