/* Unit tests for tui-client/sb.c: the scrollback ring keeps the last N
 * lines, numbered in order, copies of what it was given. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tui-client/sb.h"

static void
add(struct sb *sb, const char *text)
{
	struct sbline l;
	char buf[64];

	memset(&l, 0, sizeof(l));
	snprintf(buf, sizeof(buf), "%s", text);
	l.head = (char *)"-!-";
	l.text = buf;
	sb_add(sb, &l);
	memset(buf, 'X', sizeof(buf) - 1);	/* the ring kept a copy */
}

static void
sb__add__keeps_the_newest_cap_lines(void **state)
{
	struct sb sb;
	char want[16];
	int i;

	(void)state;
	sb_init(&sb, 3);
	for (i = 0; i < 5; i++) {
		snprintf(want, sizeof(want), "line %d", i);
		add(&sb, want);
	}
	assert_int_equal(sb.count, 3);
	assert_true(sb.first == 2);
	assert_true(sb_end(&sb) == 5);
	assert_null(sb_get(&sb, 1));
	assert_string_equal(sb_get(&sb, 2)->text, "line 2");
	assert_string_equal(sb_get(&sb, 4)->text, "line 4");
	assert_null(sb_get(&sb, 5));
	sb_free(&sb);
}

static void
sb__clear__empties_but_keeps_numbering(void **state)
{
	struct sb sb;

	(void)state;
	sb_init(&sb, 10);
	add(&sb, "a");
	add(&sb, "b");
	sb_clear(&sb);
	assert_int_equal(sb.count, 0);
	assert_null(sb_get(&sb, 1));
	add(&sb, "c");
	assert_string_equal(sb_get(&sb, 2)->text, "c");
	assert_string_equal(sb_get(&sb, 2)->head, "-!-");
	assert_null(sb_get(&sb, 2)->nick);
	sb_free(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sb__add__keeps_the_newest_cap_lines),
		cmocka_unit_test(sb__clear__empties_but_keeps_numbering),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
