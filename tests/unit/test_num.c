/* Unit tests for common/num.c: strtonum-style parsing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>

#include "num.h"

static void
num__parse__accepts_the_range_inclusive(void **state)
{
	const char *why;
	long long v = 0;

	(void)state;
	assert_int_equal(num_parse("0", 0, 10, &v, &why), 0);
	assert_int_equal(v, 0);
	assert_null(why);
	assert_int_equal(num_parse("10", 0, 10, &v, &why), 0);
	assert_int_equal(v, 10);
	assert_int_equal(num_parse("-5", -5, 5, &v, &why), 0);
	assert_int_equal(v, -5);
	assert_int_equal(num_parse("9223372036854775807", 0, LLONG_MAX, &v,
	    &why), 0);
	assert_true(v == LLONG_MAX);
}

static void
num__parse__names_what_is_wrong(void **state)
{
	static const struct {
		const char	*s;
		long long	 lo, hi;
		const char	*why;
	} bad[] = {
		{ "11", 0, 10, "too large" },
		{ "99999999999999999999", 0, LLONG_MAX, "too large" },
		{ "-1", 0, 10, "too small" },
		{ "-6", -5, 5, "too small" },
		{ "-99999999999999999999", LLONG_MIN, 0, "too small" },
		{ "", 0, 10, "invalid" },
		{ " 1", 0, 10, "invalid" },
		{ "+1", 0, 10, "invalid" },
		{ "1 ", 0, 10, "invalid" },
		{ "1x", 0, 10, "invalid" },
		{ "0x10", 0, 100, "invalid" },
		{ "-", -5, 5, "invalid" },
		{ "--1", -5, 5, "invalid" },
	};
	const char *why;
	long long v = 42;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(num_parse(bad[i].s, bad[i].lo, bad[i].hi, &v,
		    &why), -1);
		assert_string_equal(why, bad[i].why);
		assert_int_equal(v, 42);	/* untouched on error */
	}
	assert_int_equal(num_parse(NULL, 0, 1, &v, &why), -1);
	assert_string_equal(why, "invalid");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(num__parse__accepts_the_range_inclusive),
		cmocka_unit_test(num__parse__names_what_is_wrong),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
