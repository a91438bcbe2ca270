/* Unit tests for server/clusterq.c: queues of cluster operations. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "server/clusterq.h"

static struct clusterq_op *
op(uint64_t mid, int uncertain)
{
	const char *v[] = { "say", "hello\0there" };
	size_t l[] = { 3, 11 };
	struct clusterq_op *o = clusterq_op_new(CLUSTERQ_SAY, 2, v, l);

	o->mid = mid;
	o->uncertain = uncertain;
	return o;
}

static void
clusterq__op_new__copies_arguments_with_their_nuls(void **state)
{
	struct clusterq_op *o = op(1, 0);

	(void)state;
	assert_int_equal(o->n, 2);
	assert_string_equal(o->v[0], "say");
	assert_int_equal(o->l[1], 11);
	assert_memory_equal(o->v[1], "hello\0there", 11);
	assert_true(o->bytes > sizeof(*o) + 14);
	free(o);
}

static void
clusterq__queue__keeps_order_and_counts(void **state)
{
	struct clusterq q = { 0 };
	struct clusterq_op *o;
	size_t bytes;

	(void)state;
	clusterq_append(&q, op(2, 0));
	clusterq_append(&q, op(3, 0));
	clusterq_prepend(&q, op(1, 0));
	assert_int_equal(q.n, 3);
	bytes = q.bytes;
	assert_true(bytes > 0);
	o = clusterq_pop(&q);
	assert_int_equal(o->mid, 1);
	assert_int_equal(q.bytes, bytes - o->bytes);
	free(o);
	o = clusterq_pop(&q);
	assert_int_equal(o->mid, 2);
	free(o);
	o = clusterq_pop(&q);
	assert_int_equal(o->mid, 3);
	free(o);
	assert_null(clusterq_pop(&q));
	assert_int_equal(q.n, 0);
	assert_int_equal(q.bytes, 0);
	assert_null(q.tail);
}

static void
clusterq__forget__drops_only_uncertain_ops_up_to_an_id(void **state)
{
	struct clusterq q = { 0 };
	struct clusterq_op *o;

	(void)state;
	clusterq_append(&q, op(1, 1));
	clusterq_append(&q, op(2, 0));	/* refused: surely not applied */
	clusterq_append(&q, op(3, 1));
	clusterq_append(&q, op(4, 1));
	clusterq_forget(&q, 3);
	assert_int_equal(q.n, 2);
	o = clusterq_pop(&q);
	assert_int_equal(o->mid, 2);
	free(o);
	o = clusterq_pop(&q);
	assert_int_equal(o->mid, 4);
	free(o);
	/* The tail stays right after removing the last op. */
	clusterq_append(&q, op(5, 1));
	clusterq_forget(&q, 9);
	assert_null(q.head);
	assert_null(q.tail);
	clusterq_append(&q, op(6, 0));
	assert_ptr_equal(q.head, q.tail);
	clusterq_free(&q);
	assert_int_equal(q.n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    clusterq__op_new__copies_arguments_with_their_nuls),
		cmocka_unit_test(clusterq__queue__keeps_order_and_counts),
		cmocka_unit_test(
		    clusterq__forget__drops_only_uncertain_ops_up_to_an_id),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
