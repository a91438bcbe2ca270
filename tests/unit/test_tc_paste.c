/* Unit tests for tui-client/paste.c: a paste split into its lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tui-client/paste.h"

#define COUNT(s)	paste_count(s, sizeof(s) - 1)

static void
paste__count__splits_at_any_line_end(void **state)
{
	(void)state;
	assert_int_equal(COUNT(""), 0);
	assert_int_equal(COUNT("one"), 1);
	assert_int_equal(COUNT("one\n"), 1);
	assert_int_equal(COUNT("one\ntwo"), 2);
	assert_int_equal(COUNT("one\r\ntwo\r\n"), 2);
	assert_int_equal(COUNT("one\rtwo\rthree"), 3);
	assert_int_equal(COUNT("a\n\nb"), 3);
}

static void
paste__next__returns_each_line(void **state)
{
	static const char p[] = "first\r\nsecond\r\rfourth";
	const char *l;
	size_t off = 0, len;

	(void)state;
	l = paste_next(p, sizeof(p) - 1, &off, &len);
	assert_int_equal(len, 5);
	assert_memory_equal(l, "first", 5);
	l = paste_next(p, sizeof(p) - 1, &off, &len);
	assert_memory_equal(l, "second", len);
	l = paste_next(p, sizeof(p) - 1, &off, &len);
	assert_int_equal(len, 0);
	l = paste_next(p, sizeof(p) - 1, &off, &len);
	assert_memory_equal(l, "fourth", len);
	assert_null(paste_next(p, sizeof(p) - 1, &off, &len));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(paste__count__splits_at_any_line_end),
		cmocka_unit_test(paste__next__returns_each_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
