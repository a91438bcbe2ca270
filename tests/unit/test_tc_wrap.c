/* Unit tests for tui-client/wrap.c and fmt.c: rows by display width,
 * and where the cursor goes in a line of wide characters. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tui-client/fmt.h"
#include "text.h"
#include "tui-client/wrap.h"

#define CJK3	"\xE4\xB8\xAD\xE6\x96\x87\xE5\xAD\x97"	/* 中文字: 6 cols */
#define EMOJI	"\xF0\x9F\x98\x80"			/* 😀: 2 cols */
#define E_ACUTE	"e\xCC\x81"				/* e + U+0301 */

static int
setup(void **state)
{
	(void)state;
	return setlocale(LC_ALL, "C.UTF-8") == NULL ? -1 : 0;
}

static size_t
row(const char *s, int cols, size_t *next)
{
	return wrap_row(s, strlen(s), cols, next);
}

static void
wrap__row__breaks_at_last_space(void **state)
{
	size_t next;

	(void)state;
	assert_int_equal(row("hello world again", 12, &next), 11);
	assert_int_equal(next, 12);
	assert_int_equal(row("hello world", 11, &next), 11);
	assert_int_equal(next, 11);
}

static void
wrap__row__cuts_long_words(void **state)
{
	size_t next;

	(void)state;
	assert_int_equal(row("abcdefghij", 4, &next), 4);
	assert_int_equal(next, 4);
}

static void
wrap__row__never_splits_wide_chars(void **state)
{
	size_t next;

	(void)state;
	/* 中文字 is 6 columns; 5 columns hold two characters. */
	assert_int_equal(row(CJK3, 5, &next), 6);
	assert_int_equal(next, 6);
	assert_int_equal(row(EMOJI EMOJI, 3, &next), 4);
	/* A row narrower than one wide character still moves on. */
	assert_int_equal(row(CJK3, 1, &next), 3);
	assert_int_equal(next, 3);
}

static void
wrap__row__keeps_combining_marks_with_base(void **state)
{
	size_t next;

	(void)state;
	/* "ée" is 2 columns but 4 bytes; a 1-column row takes é whole. */
	assert_int_equal(row(E_ACUTE "e", 1, &next), 3);
	assert_int_equal(next, 3);
}

static void
wrap__rows__counts_by_width_not_bytes(void **state)
{
	const char *s = CJK3 CJK3 CJK3;	/* 18 columns, 27 bytes */

	(void)state;
	assert_int_equal(wrap_rows(s, strlen(s), 18, 18), 1);
	assert_int_equal(wrap_rows(s, strlen(s), 10, 10), 2);
	assert_int_equal(wrap_rows(s, strlen(s), 6, 6), 3);
	assert_int_equal(wrap_rows(s, strlen(s), 5, 5), 5);
	assert_int_equal(wrap_rows("", 0, 5, 5), 1);
}

static void
wrap__tail__keeps_cursor_column_visible(void **state)
{
	const char *s = "ab" CJK3;	/* 8 columns */

	(void)state;
	assert_int_equal(wrap_tail(s, strlen(s), 10), 0);
	assert_int_equal(wrap_tail(s, strlen(s), 8), 0);
	/* Dropping "a" leaves 7 columns. */
	assert_int_equal(wrap_tail(s, strlen(s), 7), 1);
	/* 5 columns: drop "ab" and 中 (never half of it). */
	assert_int_equal(wrap_tail(s, strlen(s), 5), 5);
	assert_int_equal(text_width(s + 5, strlen(s) - 5), 4);
}

static void
wrap__cursor__column_counts_display_width(void **state)
{
	const char *s = CJK3 E_ACUTE EMOJI "x";

	(void)state;
	/* The cursor after 中文字 é 😀 sits at column 6 + 1 + 2. */
	assert_int_equal(text_width(s, 9), 6);
	assert_int_equal(text_width(s, 12), 7);
	assert_int_equal(text_width(s, 16), 9);
}

static void
wrap__cursor__scrolls_to_keep_cursor_in_view(void **state)
{
	const char *s = "ab" CJK3 E_ACUTE EMOJI;	/* 2+6+1+2 = 11 cols */
	size_t start;

	(void)state;
	/* Room enough: nothing scrolled, the cursor after each part. */
	assert_int_equal(wrap_cursor(s, strlen(s), 20, &start), 11);
	assert_int_equal(start, 0);
	assert_int_equal(wrap_cursor(s, 2, 20, &start), 2);
	assert_int_equal(wrap_cursor(s, 2 + 9 + 3, 20, &start), 9);
	/* 8 columns, cursor at the end: the tail that fits in 7 shows,
	 * whole characters only, the accent kept with its e. */
	assert_int_equal(wrap_cursor(s, strlen(s), 8, &start), 7);
	assert_true(start == 5);
	assert_string_equal(s + start, "\xE6\x96\x87\xE5\xAD\x97" E_ACUTE
	    EMOJI);
	/* Cursor after "ab中" in 4 columns: "b中" and the cursor. */
	assert_int_equal(wrap_cursor(s, 5, 4, &start), 3);
	assert_true(start == 1);
}

static void
fmt__rows__indent_under_the_text(void **state)
{
	struct sbline l;
	struct fmt_layout f;

	(void)state;
	memset(&l, 0, sizeof(l));
	l.head = (char *)"<bob>";
	l.text = (char *)"one two three four five six";
	fmt_layout(&l, 40, &f);
	assert_int_equal(f.pw, 12);	/* "HH:MM <bob> " */
	assert_int_equal(f.indent, 12);
	assert_int_equal(f.first, 28);
	assert_int_equal(fmt_rows(&l, 40), 1);
	assert_int_equal(fmt_rows(&l, 24), 3);	/* 12 text columns */
}

static void
fmt__rows__narrow_rows_put_text_below(void **state)
{
	struct sbline l;
	struct fmt_layout f;

	(void)state;
	memset(&l, 0, sizeof(l));
	l.head = (char *)"<a_very_long_nickname_indeed>";
	l.text = (char *)"hi";
	fmt_layout(&l, 30, &f);
	assert_int_equal(f.indent, 0);
	assert_true(f.alone);
	assert_int_equal(fmt_rows(&l, 30), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fmt__rows__indent_under_the_text),
		cmocka_unit_test(fmt__rows__narrow_rows_put_text_below),
		cmocka_unit_test(wrap__cursor__column_counts_display_width),
		cmocka_unit_test(wrap__cursor__scrolls_to_keep_cursor_in_view),
		cmocka_unit_test(wrap__row__breaks_at_last_space),
		cmocka_unit_test(wrap__row__cuts_long_words),
		cmocka_unit_test(wrap__row__keeps_combining_marks_with_base),
		cmocka_unit_test(wrap__row__never_splits_wide_chars),
		cmocka_unit_test(wrap__rows__counts_by_width_not_bytes),
		cmocka_unit_test(wrap__tail__keeps_cursor_column_visible),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
