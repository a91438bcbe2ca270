/* Unit tests for tui-client/safe.c: server text made safe to draw. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tui-client/safe.h"

static int
setup(void **state)
{
	(void)state;
	return setlocale(LC_ALL, "C.UTF-8") == NULL ? -1 : 0;
}

static void
check(const char *in, size_t n, const char *want)
{
	char *out;

	out = safe_dup(in, n);
	assert_string_equal(out, want);
	free(out);
}

#define CHECK(lit, want)	check(lit, sizeof(lit) - 1, want)

static void
safe__dup__removes_terminal_controls(void **state)
{
	(void)state;
	CHECK("a\x1b[2Jb", "a[2Jb");
	CHECK("bell\x07\x08\x7f!", "bell!");
	CHECK("c1\xc2\x9b" "31m", "c131m");
	CHECK("tab\there", "tab here");
	CHECK("nul\0byte", "nulbyte");
	CHECK("\xe2\x80\xae" "evil", "evil");	/* RLO */
}

static void
safe__dup__replaces_bad_and_unprintable(void **state)
{
	(void)state;
	CHECK("bad\xff!", "bad\xEF\xBF\xBD!");
	/* U+0378 is unassigned: wcwidth() says -1. */
	CHECK("x\xcd\xb8y", "x?y");
	CHECK("中文 ok", "中文 ok");
	check("", 0, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(safe__dup__removes_terminal_controls),
		cmocka_unit_test(safe__dup__replaces_bad_and_unprintable),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
