/* Tests for server/rate.c: the line bucket and where k lines end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "server/rate.h"

#define SEC	1000000000LL
#define T0	(1000 * SEC)	/* any monotonic time */

static void
rate__starts__full_with_burst_tokens(void **state)
{
	struct rate r;

	(void)state;
	rate_init(&r, 10, 20);
	assert_int_equal(r.interval, SEC / 10);
	assert_int_equal(rate_tokens(&r, rate_full(&r, T0), T0), 20);
	/* never more than the burst, however long it waited */
	assert_int_equal(rate_tokens(&r, rate_full(&r, T0), T0 + 3600 * SEC),
	    20);
}

static void
rate__take__empties_then_refills_at_the_rate(void **state)
{
	struct rate r;
	int64_t empty;

	(void)state;
	rate_init(&r, 10, 20);
	empty = rate_full(&r, T0);
	rate_take(&r, &empty, T0, 20);
	assert_int_equal(rate_tokens(&r, empty, T0), 0);
	assert_int_equal(rate_tokens(&r, empty, T0 + SEC / 10 - 1), 0);
	assert_int_equal(rate_tokens(&r, empty, T0 + SEC / 10), 1);
	assert_int_equal(rate_tokens(&r, empty, T0 + SEC), 10);
	assert_int_equal(rate_tokens(&r, empty, T0 + 2 * SEC), 20);
	assert_int_equal(rate_due(&r, empty), T0 + SEC / 10);
}

static void
rate__take__keeps_the_fraction_of_a_token(void **state)
{
	struct rate r;
	int64_t empty;

	(void)state;
	rate_init(&r, 10, 20);
	empty = rate_full(&r, T0);
	rate_take(&r, &empty, T0, 20);
	/* 0.15 s later: one whole token and half of the next */
	rate_take(&r, &empty, T0 + SEC * 15 / 100, 1);
	assert_int_equal(rate_tokens(&r, empty, T0 + SEC * 15 / 100), 0);
	assert_int_equal(rate_due(&r, empty), T0 + SEC * 2 / 10);
}

static void
rate__take__forgets_tokens_past_the_burst(void **state)
{
	struct rate r;
	int64_t empty;

	(void)state;
	rate_init(&r, 50, 10);
	empty = rate_full(&r, T0);
	/* quiet for a minute: still only 10 at once, then 50 a second */
	rate_take(&r, &empty, T0 + 60 * SEC, 10);
	assert_int_equal(rate_tokens(&r, empty, T0 + 60 * SEC), 0);
	assert_int_equal(rate_tokens(&r, empty, T0 + 61 * SEC), 10);
	rate_take(&r, &empty, T0 + 60 * SEC + SEC / 50, 1);
	assert_int_equal(rate_tokens(&r, empty, T0 + 61 * SEC), 10);
	assert_int_equal(rate_tokens(&r, empty, T0 + 60 * SEC + SEC / 10),
	    4);
}

static void
rate__sustained__reads_rate_lines_a_second(void **state)
{
	struct rate r;
	int64_t empty, now, n, got = 0;

	(void)state;
	rate_init(&r, 50, 10);
	empty = rate_full(&r, T0);
	/* a flooder served every 7 ms for 10 s */
	for (now = T0; now < T0 + 10 * SEC; now += 7000000) {
		n = rate_tokens(&r, empty, now);
		rate_take(&r, &empty, now, n);
		got += n;
	}
	assert_true(got >= 10 + 50 * 10 - 1 && got <= 10 + 50 * 10);
}

static void
rate__span__ends_after_the_kth_newline(void **state)
{
	const char *s = "a\nbb\n\nccc\ndd";
	int64_t lines;

	(void)state;
	assert_int_equal(rate_span(s, strlen(s), 1, &lines), 2);
	assert_int_equal(lines, 1);
	assert_int_equal(rate_span(s, strlen(s), 3, &lines), 6);
	assert_int_equal(lines, 3);
	assert_int_equal(rate_span(s, strlen(s), 4, &lines), 10);
	assert_int_equal(lines, 4);
}

static void
rate__span__takes_all_with_fewer_newlines(void **state)
{
	const char *s = "a\nbb\n\nccc\ndd";
	int64_t lines;

	(void)state;
	assert_int_equal(rate_span(s, strlen(s), 5, &lines), strlen(s));
	assert_int_equal(lines, 4);
	/* a long line without an end is read whole, to be dropped */
	assert_int_equal(rate_span("xxxx", 4, 1, &lines), 4);
	assert_int_equal(lines, 0);
	assert_int_equal(rate_span("", 0, 1, &lines), 0);
	assert_int_equal(lines, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rate__starts__full_with_burst_tokens),
		cmocka_unit_test(rate__take__empties_then_refills_at_the_rate),
		cmocka_unit_test(rate__take__keeps_the_fraction_of_a_token),
		cmocka_unit_test(rate__take__forgets_tokens_past_the_burst),
		cmocka_unit_test(rate__sustained__reads_rate_lines_a_second),
		cmocka_unit_test(rate__span__ends_after_the_kth_newline),
		cmocka_unit_test(rate__span__takes_all_with_fewer_newlines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
