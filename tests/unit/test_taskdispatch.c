/* Unit tests for task/dispatch.c: ticks, answers, timeouts, re-dispatch.
 * worker_send is stubbed (the link seam): lines sent are kept per worker. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "loop.h"
#include "task/dispatch.h"
#include "task/taskproto.h"
#include "task/worker.h"

#define NW	3

static struct loop	*lp;
static struct worker	 ws[NW];
static char		 sent[NW][2048];

void
worker_send(struct worker *w, const char *p, size_t len)
{
	char *s = sent[w - ws];

	assert_true(strlen(s) + len < sizeof(sent[0]));
	strncat(s, p, len);
}

/* The last TASK sent to w since its record was cleared: id and n. */
static int
last_task(int i, uint64_t *id, long long *n)
{
	const char *p, *last = NULL;

	for (p = sent[i]; (p = strstr(p, "TASK ")) != NULL; p++)
		last = p;
	if (last == NULL)
		return 0;
	assert_int_equal(sscanf(last, "TASK %" SCNu64 " %lld", id, n), 2);
	return 1;
}

static void
clear(void)
{
	memset(sent, 0, sizeof(sent));
}

/* Every worker but keep answers its task right. */
static void
answer_others(int keep)
{
	uint64_t id;
	long long n;
	int i;

	for (i = 0; i < NW; i++)
		if (i != keep && ws[i].task != NULL) {
			assert_true(last_task(i, &id, &n));
			dispatch_result(&ws[i], id, n * n);
		}
}

static int
setup(void **state)
{
	int i;

	(void)state;
	log_init("test", LOG_QUIET);
	lp = loop_new();
	assert_non_null(lp);
	dispatch_init(lp, 3600, 1);
	memset(ws, 0, sizeof(ws));
	clear();
	for (i = 0; i < NW; i++) {
		snprintf(ws[i].addr, sizeof(ws[i].addr), "127.0.0.1:%d",
		    1000 + i);
		dispatch_add(&ws[i]);
	}
	return 0;
}

static int
teardown(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < NW; i++)
		if (!ws[i].closing)
			dispatch_remove(&ws[i]);
	loop_once(lp, 0);
	dispatch_free();
	loop_free(lp);
	return 0;
}

static void
dispatch__tick__gives_each_idle_worker_one_task(void **state)
{
	uint64_t id[NW];
	long long n[NW];
	int i;

	(void)state;
	dispatch_tick();
	for (i = 0; i < NW; i++) {
		assert_true(last_task(i, &id[i], &n[i]));
		assert_true(n[i] >= 0 && n[i] < 100);
		assert_ptr_equal(ws[i].task->owner, &ws[i]);
	}
	assert_true(id[0] != id[1] && id[1] != id[2] && id[0] != id[2]);
	/* Busy workers get nothing more on the next tick. */
	clear();
	dispatch_tick();
	for (i = 0; i < NW; i++)
		assert_false(last_task(i, &id[i], &n[i]));
	assert_true(dispatch_totals()->tasks == NW);
}

static void
dispatch__result__right_is_counted_once(void **state)
{
	uint64_t id;
	long long n;

	(void)state;
	dispatch_tick();
	assert_true(last_task(0, &id, &n));
	dispatch_result(&ws[0], id, n * n);
	assert_non_null(strstr(sent[0], "ACK"));
	assert_null(ws[0].task);
	assert_true(ws[0].st.answers == 1 && ws[0].st.wrong == 0);
	/* The same answer again is for a task it no longer holds. */
	dispatch_result(&ws[0], id, n * n);
	assert_true(ws[0].st.answers == 1);
	assert_true(dispatch_totals()->answers == 1);
	assert_true(dispatch_totals()->unknown == 1);
}

static void
dispatch__result__wrong_goes_to_another_worker(void **state)
{
	uint64_t id, id2;
	long long n, n2;

	(void)state;
	dispatch_tick();
	assert_true(last_task(0, &id, &n));
	/* Worker 1 is free to take it. */
	assert_true(last_task(1, &id2, &n2));
	dispatch_result(&ws[1], id2, n2 * n2);
	clear();
	dispatch_result(&ws[0], id, n * n + 1);
	assert_non_null(strstr(sent[0], " wrong\n"));
	assert_true(ws[0].st.wrong == 1);
	loop_once(lp, 0);		/* the deferred re-dispatch */
	assert_true(last_task(1, &id2, &n2));
	assert_true(id2 == id && n2 == n);
	assert_null(ws[0].task);	/* never back to the one that failed */
	dispatch_result(&ws[1], id, n * n);
	assert_true(ws[1].st.answers == 2);
}

static void
dispatch__timeout__resends_and_the_late_answer_is_not_counted(void **state)
{
	uint64_t id, id2;
	long long n, n2;
	int64_t end;

	(void)state;
	dispatch_tick();
	assert_true(last_task(0, &id, &n));
	answer_others(0);
	clear();
	/* The timeout is 1 s; wait for it, bounded. */
	end = loop_clock() + 3000000000LL;
	while (ws[0].task != NULL && loop_clock() < end)
		loop_once(lp, 100);
	assert_null(ws[0].task);
	loop_once(lp, 0);
	assert_true(last_task(1, &id2, &n2) || last_task(2, &id2, &n2));
	assert_true(id2 == id);
	assert_true(dispatch_totals()->redispatched >= 1);
	dispatch_result(&ws[0], id, n * n);
	assert_non_null(strstr(sent[0], " late\n"));
	assert_true(ws[0].st.late == 1 && ws[0].st.answers == 0);
	assert_true(dispatch_totals()->answers == NW - 1);
}

static void
dispatch__remove__a_task_held_goes_to_another_worker(void **state)
{
	uint64_t id, id2;
	long long n, n2;

	(void)state;
	dispatch_tick();
	assert_true(last_task(2, &id, &n));
	assert_true(last_task(0, &id2, &n2));
	dispatch_result(&ws[0], id2, n2 * n2);
	clear();
	ws[2].closing = 1;
	dispatch_remove(&ws[2]);
	loop_once(lp, 0);
	assert_true(last_task(0, &id2, &n2));
	assert_true(id2 == id);
}

static void
dispatch__pending__a_task_never_goes_back_to_one_who_failed_it(void **state)
{
	uint64_t id, first;
	long long n;
	int i, round;

	(void)state;
	dispatch_tick();
	assert_true(last_task(0, &first, &n));
	answer_others(0);
	/* Everyone answers it wrong in turn; then it waits for a worker
	 * that has not failed it. */
	for (round = 0; round < TASKD_TRIES_MAX + 2; round++)
		for (i = 0; i < NW; i++)
			if (ws[i].task != NULL && ws[i].task->id == first) {
				assert_true(last_task(i, &id, &n));
				dispatch_result(&ws[i], id, -1);
				loop_once(lp, 0);
			}
	for (i = 0; i < NW; i++) {
		assert_null(ws[i].task);
		assert_true(ws[i].st.wrong == 1);
	}
	assert_true(dispatch_totals()->wrong == NW);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    dispatch__tick__gives_each_idle_worker_one_task, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    dispatch__result__right_is_counted_once, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    dispatch__result__wrong_goes_to_another_worker, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    dispatch__timeout__resends_and_the_late_answer_is_not_counted,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    dispatch__remove__a_task_held_goes_to_another_worker,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    dispatch__pending__a_task_never_goes_back_to_one_who_failed_it,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
