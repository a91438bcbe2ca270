/* Unit tests for tui-client/color.c: nick colours are stable, ignore
 * ASCII case and spread over the slots. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tui-client/color.h"

static void
color__of__is_stable_and_in_range(void **state)
{
	char nick[16];
	int i, c;

	(void)state;
	for (i = 0; i < 1000; i++) {
		snprintf(nick, sizeof(nick), "user%d", i);
		c = color_of(nick);
		assert_true(c >= 0 && c < COLOR_SLOTS);
		assert_int_equal(color_of(nick), c);
	}
	assert_true(color_of("") >= 0 && color_of("") < COLOR_SLOTS);
}

static void
color__of__ignores_ascii_case(void **state)
{
	(void)state;
	assert_int_equal(color_of("Alice"), color_of("alice"));
	assert_int_equal(color_of("BOB_1"), color_of("bob_1"));
}

static void
color__of__spreads_similar_names(void **state)
{
	static const char *const names[] = { "alice", "bob", "carol", "dave",
	    "eve", "frank", "grace", "heidi", "ivan", "judy", "mallory",
	    "oscar", "peggy", "trent", "victor", "walter" };
	int seen[COLOR_SLOTS] = { 0 };
	int i, used;
	char nick[16];

	(void)state;
	for (i = 0; i < 16; i++)
		seen[color_of(names[i])]++;
	for (i = used = 0; i < COLOR_SLOTS; i++)
		used += seen[i] > 0;
	assert_true(used >= 7);
	/* user1 .. user9 differ in one byte: not all in one slot. */
	memset(seen, 0, sizeof(seen));
	for (i = 1; i <= 9; i++) {
		snprintf(nick, sizeof(nick), "user%d", i);
		seen[color_of(nick)]++;
	}
	for (i = 0; i < COLOR_SLOTS; i++)
		assert_true(seen[i] <= 4);
}

/* Errors are red, notices cyan, mentions yellow: no nick looks like
 * one, whatever the terminal's palette. */
static void
color__nick__never_takes_a_reserved_colour(void **state)
{
	static const int palettes[] = { 8, 16, 88, 256 };
	int i, p, c, bold, seen[256] = { 0 }, distinct;

	(void)state;
	for (p = 0; p < 4; p++)
		for (i = 0; i < COLOR_SLOTS; i++) {
			c = color_nick(i, palettes[p], &bold);
			assert_true(c >= 0 && c < palettes[p]);
			assert_false(color_reserved(c));
		}
	assert_true(color_reserved(1) && color_reserved(6) &&
	    color_reserved(3));
	for (i = distinct = 0; i < COLOR_SLOTS; i++)
		if (seen[color_nick(i, 256, &bold)]++ == 0)
			distinct++;
	assert_int_equal(distinct, COLOR_SLOTS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(color__nick__never_takes_a_reserved_colour),
		cmocka_unit_test(color__of__ignores_ascii_case),
		cmocka_unit_test(color__of__is_stable_and_in_range),
		cmocka_unit_test(color__of__spreads_similar_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
