/*
 * Unit tests for echod/echod_stats.c, and the race the counters exist to
 * avoid: the same stress run first on an unprotected counter (updates are
 * lost), then on echod's atomic counters (exact), once with threads and
 * once with forked processes sharing a mapping.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/mman.h>
#include <sys/wait.h>

#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "echod/echod_stats.h"

#define RACE_WORKERS	4
#define RACE_ITERS	1000000
#define RACE_ROUNDS	10	/* tries to see a lost update */
#define RACE_YIELD	1023	/* yield every 1,024 updates */

/* Lives in memory shared with forked workers, so one layout for both. */
struct race {
	pthread_barrier_t	 start;		/* threads only */
	volatile uint64_t	 plain;		/* the unprotected counter */
	struct echod_stats	 stats;		/* echod's counters */
	int			 fixed;		/* 1: update stats, not plain */
};

/*
 * The unprotected update echod must not do: a load, then a store, so an
 * update another worker makes in between is overwritten.  The yield
 * between them on every 1,024th update widens that window so the loss
 * shows on one core as on many (the scheduler preempts there too, just
 * less often).  It is a data race, undefined in C11: it lives only in
 * this test, and ThreadSanitizer is told not to instrument it, so the
 * TSan pass stays clean while the race still runs.
 */
__attribute__((noinline, no_sanitize("thread"))) static void
race_unprotected(volatile uint64_t *c, int i)
{
	uint64_t v;

	v = *c;
	if ((i & RACE_YIELD) == 0)
		sched_yield();
	*c = v + 1;
}

/* One worker's share of the stress, the same shape for both counters. */
static void
race_work(struct race *r)
{
	int i;

	for (i = 0; i < RACE_ITERS; i++) {
		if (r->fixed) {
			if ((i & RACE_YIELD) == 0)
				sched_yield();
			echod_stats_echo(&r->stats, 1);
		} else
			race_unprotected(&r->plain, i);
	}
}

static void *
race_thread(void *arg)
{
	struct race *r = arg;

	pthread_barrier_wait(&r->start);
	race_work(r);
	return NULL;
}

/* The counted total after RACE_WORKERS threads ran the stress. */
static uint64_t
race_threads(struct race *r)
{
	pthread_t t[RACE_WORKERS];
	struct echod_counts c;
	int i;

	r->plain = 0;
	echod_stats_init(&r->stats);
	pthread_barrier_init(&r->start, NULL, RACE_WORKERS);
	for (i = 0; i < RACE_WORKERS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, race_thread, r),
		    0);
	for (i = 0; i < RACE_WORKERS; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&r->start);
	echod_stats_read(&r->stats, &c);
	assert_int_equal(c.bytes, c.lines);
	return r->fixed ? c.lines : r->plain;
}

/* The same with RACE_WORKERS processes sharing r (a MAP_SHARED page). */
static uint64_t
race_procs(struct race *r)
{
	struct echod_counts c;
	pid_t pid[RACE_WORKERS];
	int i, st;

	r->plain = 0;
	echod_stats_init(&r->stats);
	for (i = 0; i < RACE_WORKERS; i++) {
		assert_true((pid[i] = fork()) != -1);
		if (pid[i] == 0) {
			race_work(r);
			_exit(0);
		}
	}
	for (i = 0; i < RACE_WORKERS; i++) {
		assert_int_equal(waitpid(pid[i], &st, 0), pid[i]);
		assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	echod_stats_read(&r->stats, &c);
	return r->fixed ? c.lines : r->plain;
}

static void
race_run(const char *what, uint64_t (*run)(struct race *))
{
	const uint64_t want = (uint64_t)RACE_WORKERS * RACE_ITERS;
	struct race *r;
	uint64_t got = want;
	int round;

	r = mmap(NULL, sizeof(*r), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	assert_true(r != MAP_FAILED);
	memset(r, 0, sizeof(*r));
	/* Before: lost updates, seen in one of a few rounds at most. */
	r->fixed = 0;
	for (round = 1; round <= RACE_ROUNDS && got == want; round++) {
		got = run(r);
		print_message("race: %s, unprotected: %d x %d updates, "
		    "%" PRIu64 " counted, %" PRIu64 " lost (round %d)\n", what,
		    RACE_WORKERS, RACE_ITERS, got, want - got, round);
	}
	assert_true(got < want);
	/* After: the same stress on echod's counters, exact every time. */
	r->fixed = 1;
	for (round = 1; round <= 3; round++) {
		got = run(r);
		print_message("race: %s, atomic:      %d x %d updates, "
		    "%" PRIu64 " counted, %" PRIu64 " lost (round %d)\n", what,
		    RACE_WORKERS, RACE_ITERS, got, want - got, round);
		assert_true(got == want);
	}
	munmap(r, sizeof(*r));
}

static void
echod_stats__threads_lose_updates_unless_atomic(void **state)
{
	(void)state;
	race_run("threads", race_threads);
}

static void
echod_stats__processes_lose_updates_unless_atomic(void **state)
{
	(void)state;
	race_run("fork", race_procs);
}

static void
echod_stats__counts_and_formats(void **state)
{
	struct echod_stats *s;
	struct echod_counts c;
	char buf[256];

	(void)state;
	assert_non_null(s = echod_stats_shared());
	echod_stats_connect(s);
	echod_stats_connect(s);
	echod_stats_connect(s);
	echod_stats_disconnect(s);
	echod_stats_unconnect(s);
	echod_stats_refuse(s);
	echod_stats_echo(s, 6);
	echod_stats_bytes(s, 6);
	echod_stats_echo(s, 6);
	echod_stats_read(s, &c);
	assert_int_equal(c.now, 1);
	assert_int_equal(c.served, 1);
	assert_int_equal(c.refused, 1);
	assert_int_equal(c.lines, 2);
	assert_int_equal(c.bytes, 18);
	assert_string_equal(echod_stats_format(&c, buf, sizeof(buf)),
	    "clients=1 served=1 refused=1 lines=2 bytes=18");
	echod_stats_unshare(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(echod_stats__counts_and_formats),
		cmocka_unit_test(
		    echod_stats__threads_lose_updates_unless_atomic),
		cmocka_unit_test(
		    echod_stats__processes_lose_updates_unless_atomic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
