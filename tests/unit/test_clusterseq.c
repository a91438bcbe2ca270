/* Unit tests for server/clusterseq.c: one room's order (repeats, gaps,
 * holding during a fill, bounds). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "efun.h"
#include "server/clusterseq.h"

static struct cluster_event
event(uint64_t seq)
{
	struct cluster_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.seq = seq;
	ev.buf = emalloc(1);	/* owned, so a leak or double free shows */
	return ev;
}

static void
clusterseq__take__drops_repeats_and_counts_gaps(void **state)
{
	struct clusterseq *r = clusterseq_new("general", NULL);
	struct cluster_event e1 = event(1), e3 = event(3), e2 = event(2);
	uint64_t gap;

	(void)state;
	assert_int_equal(clusterseq_take(r, &e1, &gap), 1);
	assert_int_equal(gap, 0);
	assert_int_equal(clusterseq_take(r, &e1, &gap), 0);
	assert_int_equal(clusterseq_take(r, &e3, &gap), 1);
	assert_int_equal(gap, 1);
	assert_int_equal(r->last, 3);
	assert_int_equal(clusterseq_take(r, &e2, &gap), 0);
	clusterdecode_free(&e1);
	clusterdecode_free(&e2);
	clusterdecode_free(&e3);
	clusterseq_free(r);
}

static void
clusterseq__push__asks_for_a_fill_past_a_gap_and_holds_after(void **state)
{
	struct clusterseq *r = clusterseq_new("general", NULL);
	struct cluster_event e1 = event(1), e4 = event(4), e5 = event(5);
	uint64_t gap;

	(void)state;
	assert_int_equal(clusterseq_push(r, &e1, 0), CLUSTERSEQ_NOW);
	assert_int_equal(clusterseq_take(r, &e1, &gap), 1);
	clusterdecode_free(&e1);
	/* 2 and 3 are missing: keep 4, ask the log. */
	assert_int_equal(clusterseq_push(r, &e4, 0), CLUSTERSEQ_FILL);
	assert_null(e4.buf);		/* moved into the room */
	r->filling = 1;
	assert_int_equal(clusterseq_push(r, &e5, 0), CLUSTERSEQ_HELD);
	assert_int_equal(r->nheld, 2);
	assert_int_equal(r->held[0].seq, 4);
	assert_int_equal(r->held[1].seq, 5);
	clusterseq_free(r);		/* frees what it holds */
}

static void
clusterseq__push__holds_everything_while_syncing(void **state)
{
	struct clusterseq *r = clusterseq_new("general", NULL);
	struct cluster_event e1 = event(1);

	(void)state;
	assert_int_equal(clusterseq_push(r, &e1, 1), CLUSTERSEQ_HELD);
	assert_int_equal(r->nheld, 1);
	clusterseq_drop(r);
	assert_int_equal(r->nheld, 0);
	clusterseq_free(r);
}

static void
clusterseq__push__bounds_what_it_holds(void **state)
{
	struct clusterseq *r = clusterseq_new("general", NULL);
	struct cluster_event ev;
	size_t i;

	(void)state;
	r->filling = 1;
	for (i = 0; i < CLUSTERSEQ_HELD_MAX + 10; i++) {
		ev = event(i + 2);
		assert_int_equal(clusterseq_push(r, &ev, 0), CLUSTERSEQ_HELD);
	}
	assert_int_equal(r->nheld, CLUSTERSEQ_HELD_MAX);
	assert_int_equal(r->refill, 1);
	clusterseq_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clusterseq__take__drops_repeats_and_counts_gaps),
		cmocka_unit_test(
		    clusterseq__push__asks_for_a_fill_past_a_gap_and_holds_after),
		cmocka_unit_test(
		    clusterseq__push__holds_everything_while_syncing),
		cmocka_unit_test(clusterseq__push__bounds_what_it_holds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
