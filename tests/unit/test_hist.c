/* Tests for server/hist.c: the ring of kept messages, and the pool
 * bounding all rooms' bytes together. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "server/hist.h"

/* A pool too large to matter, for the tests of one ring. */
static struct hist_pool big;

static void
add(struct history *h, int i)
{
	char text[32];

	snprintf(text, sizeof(text), "line %d", i);
	hist_add(h, 1000 + i, i % 3 == 0 ? HIST_ME : HIST_MSG, "nick",
	    text, strlen(text));
}

static void
hist__keeps__everything_below_max_in_order(void **state)
{
	struct history h;
	const struct hist_entry *e;
	char want[32];
	int i;

	(void)state;
	hist_pool_init(&big, 1 << 30, NULL);
	hist_init(&h, 100, &big);
	for (i = 0; i < 40; i++)
		add(&h, i);
	assert_int_equal(hist_count(&h), 40);
	for (i = 0; i < 40; i++) {
		e = hist_get(&h, i);
		snprintf(want, sizeof(want), "line %d", i);
		assert_string_equal(hist_text(e), want);
		assert_string_equal(hist_nick(e), "nick");
		assert_int_equal(e->ts, 1000 + i);
		assert_int_equal(e->kind, i % 3 == 0 ? HIST_ME : HIST_MSG);
		assert_int_equal(e->textlen, strlen(want));
	}
	hist_free(&h);
}

static void
hist__wraps__dropping_the_oldest(void **state)
{
	struct history h;
	char want[32];
	int i;

	(void)state;
	hist_pool_init(&big, 1 << 30, NULL);
	hist_init(&h, 5, &big);
	for (i = 0; i < 23; i++)
		add(&h, i);
	assert_int_equal(hist_count(&h), 5);
	for (i = 0; i < 5; i++) {
		snprintf(want, sizeof(want), "line %d", 18 + i);
		assert_string_equal(hist_text(hist_get(&h, i)), want);
	}
	hist_free(&h);
	assert_int_equal(hist_count(&h), 0);
}

static void
hist__keeps__nothing_with_max_zero(void **state)
{
	struct history h;

	(void)state;
	hist_pool_init(&big, 1 << 30, NULL);
	hist_init(&h, 0, &big);
	add(&h, 1);
	assert_int_equal(hist_count(&h), 0);
	hist_free(&h);
}

static void
hist__copies__text_with_any_bytes(void **state)
{
	struct history h;
	char text[] = "a\0b";

	(void)state;
	hist_pool_init(&big, 1 << 30, NULL);
	hist_init(&h, 3, &big);
	hist_add(&h, 1, HIST_MSG, "n", text, 3);
	text[0] = 'z';
	assert_memory_equal(hist_text(hist_get(&h, 0)), "a\0b", 3);
	assert_int_equal(hist_get(&h, 0)->textlen, 3);
	hist_free(&h);
}

/* Message seq in h: its text is len bytes, its time stamp seq. */
static void
put(struct history *h, int seq, size_t len)
{
	char text[8192];

	assert_true(len < sizeof(text));
	memset(text, 'x', len);
	snprintf(text, len < 12 ? len + 1 : 12, "%011d", seq);
	hist_add(h, seq, HIST_MSG, "nick", text, len);
}

/* The pool's list is whole and ordered, holds what the rooms hold, and
 * its bytes are those entries and the rooms' rings, under the bound. */
static void
check_pool(const struct hist_pool *p, struct history *hs, size_t nh)
{
	const struct hist_entry *e, *prev = NULL;
	size_t n = 0, kept = 0, sum = 0, rings = 0, i;

	for (e = p->oldest; e != NULL; prev = e, e = e->newer) {
		assert_ptr_equal(e->older, prev);
		if (prev != NULL)
			assert_true(prev->ts < e->ts);
		sum += hist_cost(e->nicklen, e->textlen);
		n++;
	}
	assert_ptr_equal(p->newest, prev);
	for (i = 0; i < nh; i++) {
		kept += hist_count(&hs[i]);
		if (hs[i].cap > 0)
			rings += hs[i].cap * sizeof(void *);
		assert_true(hs[i].count <= hs[i].cap);
		assert_true(hs[i].count > 0 || hs[i].ring == NULL);
	}
	assert_int_equal(n, kept);
	assert_true(p->bytes >= sum + rings);
	assert_true(p->bytes <= sum + rings + 32 * nh);
	assert_true(p->bytes <= p->max);
}

/* Which history the pool told of an eviction, and how often. */
static struct history *told[8];
static size_t ntold;

static void
tell(struct history *h)
{
	if (ntold < sizeof(told) / sizeof(told[0]))
		told[ntold] = h;
	ntold++;
}

static void
hist__costs__what_malloc_takes(void **state)
{
	size_t raw = sizeof(struct hist_entry) + 4 + 100 + 2;

	(void)state;
	assert_true(hist_cost(4, 100) >= raw + 8);
	assert_true(hist_cost(4, 100) < raw + 8 + 16);
	assert_int_equal(hist_cost(4, 100) % 16, 0);
	assert_true(hist_cost(0, 0) >= 32);
	/* mmap'd: whole pages */
	assert_int_equal(hist_cost(4, 100000) % 4096, 0);
	assert_true(hist_cost(4, 100000) >= 100000 + raw);
}

static void
hist__counts__entries_and_ring_in_the_pool(void **state)
{
	struct hist_pool p;
	struct history h;
	int i;

	(void)state;
	hist_pool_init(&p, 1 << 20, NULL);
	hist_init(&h, 100, &p);
	for (i = 0; i < 20; i++)
		put(&h, i, 100 + i);
	assert_int_equal(h.cap, 32);
	check_pool(&p, &h, 1);
	hist_free(&h);
	assert_int_equal(p.bytes, 0);
	assert_null(p.oldest);
	assert_null(p.newest);
}

/* Whatever room each line goes to, what is kept is the newest lines of
 * the whole server, and never more than the bound. */
static void
hist__evicts__the_oldest_of_any_room(void **state)
{
	struct hist_pool p;
	struct history h[7];
	const struct hist_entry *e;
	int i, first, last = -1;
	size_t kept, j;

	(void)state;
	srand(7);
	hist_pool_init(&p, 20000, NULL);
	for (j = 0; j < 7; j++)
		hist_init(&h[j], 1000, &p);
	for (i = 0; i < 3000; i++) {
		put(&h[(rand() % 7) * (rand() % 2)], i, (size_t)(rand() % 600));
		check_pool(&p, h, 7);
		first = (int)p.oldest->ts;
		kept = 0;
		for (j = 0; j < 7; j++)
			kept += hist_count(&h[j]);
		assert_int_equal(kept, i - first + 1);
		assert_true(first >= last);
		last = first;
	}
	assert_true(p.nevicted > 2000);
	for (j = 0; j < 7; j++) {
		if (hist_count(&h[j]) == 0)
			continue;
		e = hist_get(&h[j], 0);
		assert_true(e->ts >= first);
		e = hist_get(&h[j], hist_count(&h[j]) - 1);
		assert_true(e->ts <= i - 1);
		hist_free(&h[j]);
	}
	assert_int_equal(p.bytes, 0);
}

static void
hist__tells__the_room_it_took_from(void **state)
{
	struct hist_pool p;
	struct history a, b;
	int i;

	(void)state;
	ntold = 0;
	hist_pool_init(&p, 5000, tell);
	hist_init(&a, 100, &p);
	hist_init(&b, 100, &p);
	for (i = 0; i < 3; i++)
		put(&a, i, 500);
	assert_int_equal(ntold, 0);
	for (i = 3; hist_count(&a) > 0 && i < 20; i++)
		put(&b, i, 500);
	assert_true(ntold >= 3);
	assert_ptr_equal(told[0], &a);
	assert_ptr_equal(told[1], &a);
	assert_ptr_equal(told[2], &a);
	/* emptied: nothing left, not even the ring */
	assert_int_equal(hist_count(&a), 0);
	assert_null(a.ring);
	assert_int_equal(a.cap, 0);
	assert_int_equal(hist_get(&b, hist_count(&b) - 1)->ts, i - 1);
	assert_int_equal(hist_get(&b, 0)->ts, 3);
	check_pool(&p, (struct history[]){ a, b }, 2);
	hist_free(&b);
	assert_int_equal(p.bytes, 0);
}

/* A ring the pool took most of shrinks, so rooms filled once and left
 * cannot keep their large rings between them. */
static void
hist__shrinks__a_ring_the_pool_took_from(void **state)
{
	struct hist_pool p;
	struct history a, b;
	int i;

	(void)state;
	hist_pool_init(&p, 80000, NULL);
	hist_init(&a, 10000, &p);
	hist_init(&b, 10000, &p);
	for (i = 0; i < 1000; i++)
		put(&a, i, 1);
	assert_int_equal(a.cap, 1024);
	for (; hist_count(&a) > 0 && i < 5000; i++) {
		put(&b, i, 1);
		assert_true(a.cap <= 16 || hist_count(&a) * 4 > a.cap);
	}
	assert_null(a.ring);
	assert_true(hist_count(&b) > 900);
	check_pool(&p, (struct history[]){ a, b }, 2);
	hist_free(&b);
	assert_int_equal(p.bytes, 0);
}

/* Lines a room drops for its own --history leave the pool too. */
static void
hist__unlinks__what_the_room_max_drops(void **state)
{
	struct hist_pool p;
	struct history h[2];
	int i;

	(void)state;
	hist_pool_init(&p, 1 << 20, NULL);
	hist_init(&h[0], 3, &p);
	hist_init(&h[1], 100, &p);
	for (i = 0; i < 10; i++)
		put(&h[i % 4 == 3], i, 50);
	assert_int_equal(hist_count(&h[0]), 3);
	assert_int_equal(p.oldest->ts, 3);
	check_pool(&p, h, 2);
	hist_free(&h[0]);
	check_pool(&p, h, 2);
	assert_int_equal(p.oldest->ts, 3);
	hist_free(&h[1]);
	assert_int_equal(p.bytes, 0);
}

static void
hist__keeps__nothing_in_a_zero_pool(void **state)
{
	struct hist_pool p;
	struct history h;

	(void)state;
	hist_pool_init(&p, 0, NULL);
	hist_init(&h, 100, &p);
	put(&h, 1, 1);
	assert_int_equal(hist_count(&h), 0);
	assert_int_equal(p.bytes, 0);
	hist_free(&h);
}

/* A line costing more than the whole pool is not kept, and takes no
 * one else's history with it. */
static void
hist__skips__a_line_larger_than_the_pool(void **state)
{
	struct hist_pool p;
	struct history h;

	(void)state;
	hist_pool_init(&p, 2000, NULL);
	hist_init(&h, 100, &p);
	put(&h, 1, 100);
	put(&h, 2, 100);
	put(&h, 3, 2000);
	assert_int_equal(hist_count(&h), 2);
	assert_int_equal(p.nevicted, 0);
	check_pool(&p, &h, 1);
	hist_free(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hist__keeps__everything_below_max_in_order),
		cmocka_unit_test(hist__wraps__dropping_the_oldest),
		cmocka_unit_test(hist__keeps__nothing_with_max_zero),
		cmocka_unit_test(hist__copies__text_with_any_bytes),
		cmocka_unit_test(hist__costs__what_malloc_takes),
		cmocka_unit_test(hist__counts__entries_and_ring_in_the_pool),
		cmocka_unit_test(hist__evicts__the_oldest_of_any_room),
		cmocka_unit_test(hist__tells__the_room_it_took_from),
		cmocka_unit_test(hist__shrinks__a_ring_the_pool_took_from),
		cmocka_unit_test(hist__unlinks__what_the_room_max_drops),
		cmocka_unit_test(hist__keeps__nothing_in_a_zero_pool),
		cmocka_unit_test(hist__skips__a_line_larger_than_the_pool),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
