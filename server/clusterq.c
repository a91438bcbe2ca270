/* FIFO queues of cluster operations, each op one allocation. */
#include <stdlib.h>
#include <string.h>

#include "efun.h"
#include "clusterq.h"

struct clusterq_op *
clusterq_op_new(enum clusterq_kind kind, int n, const char *const *v,
    const size_t *l)
{
	size_t total = 0;
	struct clusterq_op *o;
	char *p;
	int i;

	if (n > CLUSTERQ_ARGS_MAX)
		n = CLUSTERQ_ARGS_MAX;
	for (i = 0; i < n; i++)
		total += l[i] + 1;
	o = ecalloc(1, sizeof(*o) + total);
	o->kind = kind;
	p = (char *)(o + 1);
	for (i = 0; i < n; i++) {
		memcpy(p, v[i], l[i]);
		p[l[i]] = '\0';
		o->v[i] = p;
		o->l[i] = l[i];
		p += l[i] + 1;
	}
	o->n = n;
	o->bytes = sizeof(*o) + total;
	return o;
}

void
clusterq_append(struct clusterq *q, struct clusterq_op *o)
{
	o->next = NULL;
	if (q->tail != NULL)
		q->tail->next = o;
	else
		q->head = o;
	q->tail = o;
	q->n++;
	q->bytes += o->bytes;
}

void
clusterq_prepend(struct clusterq *q, struct clusterq_op *o)
{
	if ((o->next = q->head) == NULL)
		q->tail = o;
	q->head = o;
	q->n++;
	q->bytes += o->bytes;
}

struct clusterq_op *
clusterq_pop(struct clusterq *q)
{
	struct clusterq_op *o = q->head;

	if (o == NULL)
		return NULL;
	if ((q->head = o->next) == NULL)
		q->tail = NULL;
	q->n--;
	q->bytes -= o->bytes;
	o->next = NULL;
	return o;
}

void
clusterq_forget(struct clusterq *q, uint64_t mid)
{
	struct clusterq_op *o, *prev = NULL, *next;

	for (o = q->head; o != NULL; o = next) {
		next = o->next;
		if (!o->uncertain || o->mid > mid) {
			prev = o;
			continue;
		}
		if (prev == NULL)
			q->head = next;
		else
			prev->next = next;
		if (q->tail == o)
			q->tail = prev;
		q->n--;
		q->bytes -= o->bytes;
		free(o);
	}
}

void
clusterq_free(struct clusterq *q)
{
	struct clusterq_op *o;

	while ((o = clusterq_pop(q)) != NULL)
		free(o);
}
