/* One room's cluster order: repeats dropped, gaps found, pushes held. */
#include <stdlib.h>
#include <string.h>

#include "efun.h"
#include "clusterseq.h"

struct clusterseq *
clusterseq_new(const char *key, void *owner)
{
	struct clusterseq *r = ecalloc(1, sizeof(*r));

	r->key = estrdup(key);
	r->owner = owner;
	return r;
}

void
clusterseq_free(struct clusterseq *r)
{
	if (r == NULL)
		return;
	clusterseq_drop(r);
	free(r->held);
	free(r->key);
	free(r);
}

static enum clusterseq_push
seq_keep(struct clusterseq *r, struct cluster_event *ev,
    enum clusterseq_push verdict)
{
	if (r->nheld >= CLUSTERSEQ_HELD_MAX) {
		clusterdecode_free(ev);
		r->refill = 1;
		return verdict;
	}
	if (r->nheld == r->capheld) {
		r->capheld = r->capheld ? r->capheld * 2 : 16;
		r->held = ereallocarray(r->held, r->capheld,
		    sizeof(*r->held));
	}
	r->held[r->nheld++] = *ev;
	memset(ev, 0, sizeof(*ev));
	return verdict;
}

enum clusterseq_push
clusterseq_push(struct clusterseq *r, struct cluster_event *ev, int hold)
{
	if (r->filling || hold)
		return seq_keep(r, ev, CLUSTERSEQ_HELD);
	if (ev->seq > r->last + 1)
		return seq_keep(r, ev, CLUSTERSEQ_FILL);
	return CLUSTERSEQ_NOW;
}

int
clusterseq_take(struct clusterseq *r, const struct cluster_event *ev,
    uint64_t *gap)
{
	*gap = 0;
	if (ev->seq <= r->last)
		return 0;
	if (r->last != 0 || ev->seq > 1)
		*gap = ev->seq - r->last - 1;
	r->last = ev->seq;
	return 1;
}

void
clusterseq_drop(struct clusterseq *r)
{
	size_t i;

	for (i = 0; i < r->nheld; i++)
		clusterdecode_free(&r->held[i]);
	r->nheld = 0;
}
