/* Tests for server/history.c: the ring of kept messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "history.h"

static void
add(struct history *h, int i)
{
	char text[32];

	snprintf(text, sizeof(text), "line %d", i);
	history_add(h, 1000 + i, i % 3 == 0 ? HIST_ME : HIST_MSG, "nick",
	    text, strlen(text));
}

static void
history__keeps__everything_below_max_in_order(void **state)
{
	struct history h;
	const struct hist_entry *e;
	char want[32];
	int i;

	(void)state;
	history_init(&h, 100);
	for (i = 0; i < 40; i++)
		add(&h, i);
	assert_int_equal(history_count(&h), 40);
	for (i = 0; i < 40; i++) {
		e = history_get(&h, i);
		snprintf(want, sizeof(want), "line %d", i);
		assert_string_equal(hist_text(e), want);
		assert_string_equal(hist_nick(e), "nick");
		assert_int_equal(e->ts, 1000 + i);
		assert_int_equal(e->kind, i % 3 == 0 ? HIST_ME : HIST_MSG);
		assert_int_equal(e->textlen, strlen(want));
	}
	history_free(&h);
}

static void
history__wraps__dropping_the_oldest(void **state)
{
	struct history h;
	char want[32];
	int i;

	(void)state;
	history_init(&h, 5);
	for (i = 0; i < 23; i++)
		add(&h, i);
	assert_int_equal(history_count(&h), 5);
	for (i = 0; i < 5; i++) {
		snprintf(want, sizeof(want), "line %d", 18 + i);
		assert_string_equal(hist_text(history_get(&h, i)), want);
	}
	history_free(&h);
	assert_int_equal(history_count(&h), 0);
}

static void
history__keeps__nothing_with_max_zero(void **state)
{
	struct history h;

	(void)state;
	history_init(&h, 0);
	add(&h, 1);
	assert_int_equal(history_count(&h), 0);
	history_free(&h);
}

static void
history__copies__text_with_any_bytes(void **state)
{
	struct history h;
	char text[] = "a\0b";

	(void)state;
	history_init(&h, 3);
	history_add(&h, 1, HIST_MSG, "n", text, 3);
	text[0] = 'z';
	assert_memory_equal(hist_text(history_get(&h, 0)), "a\0b", 3);
	assert_int_equal(history_get(&h, 0)->textlen, 3);
	history_free(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(history__keeps__everything_below_max_in_order),
		cmocka_unit_test(history__wraps__dropping_the_oldest),
		cmocka_unit_test(history__keeps__nothing_with_max_zero),
		cmocka_unit_test(history__copies__text_with_any_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
