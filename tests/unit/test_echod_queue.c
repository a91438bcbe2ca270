/* Unit tests for echod/echod_queue.c: the bounded queue of connections. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "echod/echod_queue.h"

static void
echod_queue__is_fifo_and_bounded(void **state)
{
	struct echod_queue q;

	(void)state;
	assert_int_equal(echod_queue_init(&q, 3), 0);
	assert_int_equal(echod_queue_push(&q, 10, NULL), 0);
	assert_int_equal(echod_queue_push(&q, 11, NULL), 0);
	assert_int_equal(echod_queue_push(&q, 12, NULL), 0);
	errno = 0;
	assert_int_equal(echod_queue_push(&q, 13, NULL), -1);
	assert_int_equal(errno, EAGAIN);
	assert_int_equal(echod_queue_count(&q), 3);
	assert_int_equal(echod_queue_pop(&q, NULL), 10);
	/* The ring wraps. */
	assert_int_equal(echod_queue_push(&q, 13, NULL), 0);
	assert_int_equal(echod_queue_pop(&q, NULL), 11);
	assert_int_equal(echod_queue_take(&q, NULL), 12);
	assert_int_equal(echod_queue_take(&q, NULL), 13);
	assert_int_equal(echod_queue_take(&q, NULL), -1);
	echod_queue_free(&q);
	assert_int_equal(echod_queue_init(&q, 0), -1);
	assert_int_equal(errno, EINVAL);
}

static void *
popper(void *arg)
{
	return (void *)(intptr_t)echod_queue_pop(arg, NULL);
}

static void
echod_queue__close_wakes_every_waiter(void **state)
{
	struct echod_queue q;
	pthread_t t[3];
	void *rv;
	int i;

	(void)state;
	assert_int_equal(echod_queue_init(&q, 4), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(pthread_create(&t[i], NULL, popper, &q), 0);
	echod_queue_close(&q);
	for (i = 0; i < 3; i++) {
		assert_int_equal(pthread_join(t[i], &rv), 0);
		assert_int_equal((intptr_t)rv, -1);
	}
	errno = 0;
	assert_int_equal(echod_queue_push(&q, 5, NULL), -1);
	assert_int_equal(errno, EPIPE);
	echod_queue_free(&q);
}

static void
echod_queue__leaves_queued_fds_to_take_after_close(void **state)
{
	struct echod_queue q;

	(void)state;
	assert_int_equal(echod_queue_init(&q, 4), 0);
	assert_int_equal(echod_queue_push(&q, 7, NULL), 0);
	assert_int_equal(echod_queue_push(&q, 8, NULL), 0);
	echod_queue_close(&q);
	assert_int_equal(echod_queue_pop(&q, NULL), -1);
	assert_int_equal(echod_queue_take(&q, NULL), 7);
	assert_int_equal(echod_queue_take(&q, NULL), 8);
	assert_int_equal(echod_queue_take(&q, NULL), -1);
	echod_queue_free(&q);
}

static void
echod_queue__carries_each_fds_tag(void **state)
{
	struct echod_queue q;
	int a, b, c;
	void *tag;

	(void)state;
	assert_int_equal(echod_queue_init(&q, 2), 0);
	assert_int_equal(echod_queue_push(&q, 3, &a), 0);
	assert_int_equal(echod_queue_push(&q, 4, &b), 0);
	tag = NULL;
	assert_int_equal(echod_queue_pop(&q, &tag), 3);
	assert_ptr_equal(tag, &a);
	/* Wrapped around, the tags stay with their fds. */
	assert_int_equal(echod_queue_push(&q, 5, &c), 0);
	assert_int_equal(echod_queue_take(&q, &tag), 4);
	assert_ptr_equal(tag, &b);
	echod_queue_close(&q);
	assert_int_equal(echod_queue_pop(&q, &tag), -1);
	assert_int_equal(echod_queue_take(&q, &tag), 5);
	assert_ptr_equal(tag, &c);
	echod_queue_free(&q);
}

static void
echod_queue__gives_tags_back_in_order_and_bounded(void **state)
{
	struct echod_queue q;
	int a, b, c;
	void *tag;

	(void)state;
	assert_int_equal(echod_queue_init(&q, 2), 0);
	assert_int_equal(echod_queue_reap(&q, &tag), 0);
	assert_int_equal(echod_queue_done(&q, &a), 0);
	assert_int_equal(echod_queue_done(&q, &b), 0);
	errno = 0;
	assert_int_equal(echod_queue_done(&q, &c), -1);
	assert_int_equal(errno, EAGAIN);
	assert_int_equal(echod_queue_reap(&q, &tag), 1);
	assert_ptr_equal(tag, &a);
	/* After close too: a worker finishing at shutdown gives back. */
	echod_queue_close(&q);
	assert_int_equal(echod_queue_done(&q, &c), 0);
	assert_int_equal(echod_queue_reap(&q, &tag), 1);
	assert_ptr_equal(tag, &b);
	assert_int_equal(echod_queue_reap(&q, &tag), 1);
	assert_ptr_equal(tag, &c);
	assert_int_equal(echod_queue_reap(&q, &tag), 0);
	/* The done-list and the queue are separate rings. */
	assert_int_equal(echod_queue_count(&q), 0);
	echod_queue_free(&q);
}

#define STRESS_N	100000
#define STRESS_WORKERS	4

struct stress {
	struct echod_queue	q;
	atomic_uchar		seen[STRESS_N];
	atomic_int		twice;
};

static void *
stress_worker(void *arg)
{
	struct stress *s = arg;
	int v;

	while ((v = echod_queue_pop(&s->q, NULL)) != -1)
		if (atomic_fetch_add(&s->seen[v], 1) != 0)
			atomic_fetch_add(&s->twice, 1);
	return NULL;
}

/* Every value pushed is popped exactly once, with 4 workers popping and
 * a queue of 8 so pushes often find it full. */
static void
echod_queue__hands_each_fd_to_exactly_one_worker(void **state)
{
	struct stress *s;
	pthread_t t[STRESS_WORKERS];
	int i, missing = 0;

	(void)state;
	s = calloc(1, sizeof(*s));
	assert_non_null(s);
	assert_int_equal(echod_queue_init(&s->q, 8), 0);
	for (i = 0; i < STRESS_WORKERS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, stress_worker, s),
		    0);
	for (i = 0; i < STRESS_N; i++)
		while (echod_queue_push(&s->q, i, NULL) == -1) {
			assert_int_equal(errno, EAGAIN);
			sched_yield();
		}
	/* Wait for the queue to drain, then close: nothing is left. */
	while (echod_queue_count(&s->q) > 0)
		sched_yield();
	echod_queue_close(&s->q);
	for (i = 0; i < STRESS_WORKERS; i++)
		pthread_join(t[i], NULL);
	for (i = 0; i < STRESS_N; i++)
		missing += atomic_load(&s->seen[i]) == 0;
	assert_int_equal(missing, 0);
	assert_int_equal(atomic_load(&s->twice), 0);
	echod_queue_free(&s->q);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(echod_queue__is_fifo_and_bounded),
		cmocka_unit_test(echod_queue__close_wakes_every_waiter),
		cmocka_unit_test(
		    echod_queue__leaves_queued_fds_to_take_after_close),
		cmocka_unit_test(
		    echod_queue__hands_each_fd_to_exactly_one_worker),
		cmocka_unit_test(echod_queue__carries_each_fds_tag),
		cmocka_unit_test(
		    echod_queue__gives_tags_back_in_order_and_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
