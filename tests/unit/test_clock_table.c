/* Unit tests for clockwall/table.c and bigdigits.c: layout and lines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clockwall/bigdigits.h"
#include "clockwall/clock.h"
#include "clockwall/table.h"

/* Whatever is laid out fits the width, for every width 20..200. */
static void
fits(size_t n, int namew, int big, int height)
{
	struct table_layout t;
	int w;

	for (w = 20; w <= 200; w++) {
		table_layout(&t, w, height, n, namew, big);
		if (t.mode == TABLE_COLUMNS) {
			assert_true((long)n * (t.cellw + TABLE_GAP) -
			    TABLE_GAP <= w);
			assert_int_equal(t.shown, (int)n);
			assert_true(t.cellw >= namew || t.cellw ==
			    TABLE_CELL_MAX);
		} else {
			assert_true(t.namew >= 1);
			if (t.big)
				assert_true(t.namew <= w && t.cellw <= w);
			else
				assert_true(t.namew + 1 + t.cellw <= w);
			assert_true(t.shown <= (int)n);
			assert_true(TABLE_HEADER + t.shown * t.lines <=
			    height);
		}
		if (t.big)
			assert_true(bigdigits_width("00:00:00") <= w);
	}
}

static void
table__fits__every_width_from_20_to_200(void **state)
{
	(void)state;
	fits(1, 5, 0, 30);
	fits(3, 7, 0, 30);
	fits(3, 7, 1, 30);
	fits(10, 12, 0, 30);
	fits(10, 32, 1, 80);
	fits(100, 9, 0, 30);
	fits(100, 9, 1, 30);
	fits(3, 32, 0, 5);
}

static void
table__switches__to_rows_when_columns_do_not_fit(void **state)
{
	struct table_layout t;

	(void)state;
	/* Three columns of 18 and two gaps: 58. */
	table_layout(&t, 58, 30, 3, 7, 0);
	assert_int_equal(t.mode, TABLE_COLUMNS);
	assert_int_equal(t.cellw, TABLE_CELL_MIN);
	table_layout(&t, 57, 30, 3, 7, 0);
	assert_int_equal(t.mode, TABLE_ROWS);
	assert_int_equal(t.namew, 7);
	assert_int_equal(t.shown, 3);
	/* A long name widens its column, up to TABLE_CELL_MAX. */
	table_layout(&t, 200, 30, 3, 20, 0);
	assert_int_equal(t.cellw, 20);
	table_layout(&t, 200, 30, 3, 32, 0);
	assert_int_equal(t.cellw, TABLE_CELL_MAX);
	/* In rows, a name takes at most a third of a narrow screen. */
	table_layout(&t, 21, 30, 3, 32, 0);
	assert_int_equal(t.namew, 7);
}

static void
table__shows__what_the_height_allows(void **state)
{
	struct table_layout t;

	(void)state;
	table_layout(&t, 80, 30, 100, 9, 0);
	assert_int_equal(t.mode, TABLE_ROWS);
	assert_int_equal(t.shown, 30 - TABLE_HEADER);
	table_layout(&t, 80, 1, 100, 9, 0);
	assert_int_equal(t.shown, 0);
}

static void
table__uses__big_digits_where_they_fit(void **state)
{
	struct table_layout t;

	(void)state;
	table_layout(&t, 120, 30, 3, 7, 1);
	assert_int_equal(t.mode, TABLE_COLUMNS);
	assert_true(t.big);
	table_layout(&t, 60, 30, 3, 7, 1);
	assert_int_equal(t.mode, TABLE_ROWS);
	assert_true(t.big);
	/* Too low for three blocks: small columns instead. */
	table_layout(&t, 60, 12, 3, 7, 1);
	assert_false(t.big);
	assert_int_equal(t.mode, TABLE_COLUMNS);
	table_layout(&t, 20, 30, 3, 7, 1);
	assert_false(t.big);
}

static void
clock_at(struct clock *c, const char *name, const char *text)
{
	struct clockspec cs;

	memset(&cs, 0, sizeof(cs));
	strcpy(cs.name, name);
	clock_init(c, &cs);
	if (text != NULL)
		clock_line(c, text, strlen(text), 0, 1795464000);
}

static void
table__prints__the_plain_line(void **state)
{
	struct clock c[4];
	char buf[256];

	(void)state;
	clock_at(&c[0], "NewYork", "10:00:01");
	clock_at(&c[1], "Tokyo", "23:00:01");
	clock_at(&c[2], "London", NULL);
	clock_down(&c[2], REASON_REFUSED);
	clock_at(&c[3], "Paris", "16:00:01");
	c[3].state = CLOCK_STALE;
	assert_int_equal(table_plain(c, 4, buf, sizeof(buf)),
	    strlen("NewYork=10:00:01 Tokyo=23:00:01 London=down(refused) "
	    "Paris=stale(16:00:01)"));
	assert_string_equal(buf, "NewYork=10:00:01 Tokyo=23:00:01 "
	    "London=down(refused) Paris=stale(16:00:01)");
	/* Cut between clocks, never inside one. */
	table_plain(c, 4, buf, 40);
	assert_string_equal(buf, "NewYork=10:00:01 Tokyo=23:00:01");
	clock_at(&c[1], "Date", "2026-11-23 10:00:01 EST");
	table_plain(c, 2, buf, sizeof(buf));
	assert_string_equal(buf, "NewYork=10:00:01 "
	    "Date=2026-11-23_10:00:01_EST");
	clock_at(&c[0], "X", NULL);
	assert_string_equal((table_plain(c, 1, buf, sizeof(buf)), buf),
	    "X=connecting");
}

/* The longest line: every clock with the longest name and text, stale. */
static void
table__prints__every_clock_however_long(void **state)
{
	struct clock *c;
	char name[CLOCKWALL_NAME_MAX + 1], text[CLOCKWALL_TEXT_MAX * 2];
	char *buf, *p;
	size_t i, n = CLOCKWALL_CLOCKS_MAX, len, fields = 0;

	(void)state;
	c = calloc(n, sizeof(*c));
	len = n * TABLE_PLAIN_ENTRY + 1;
	buf = malloc(len);
	assert_non_null(c);
	assert_non_null(buf);
	memset(text, 'x', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	memcpy(text, "12:00:00 ", 9);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "%0*zu", CLOCKWALL_NAME_MAX, i);
		clock_at(&c[i], name, text);
		assert_true(clock_check_stale(&c[i], 3000000000LL));
	}
	assert_true(table_plain(c, n, buf, len) < len);
	for (p = buf; (p = strchr(p, '=')) != NULL; p++)
		fields++;
	assert_int_equal(fields, n);
	assert_non_null(strstr(buf, "01023=stale(12:00:00_xxx"));
	free(buf);
	free(c);
}

static void
table__marks__offset_and_date(void **state)
{
	struct clock c;
	char buf[48];

	(void)state;
	/* At 20:00 UTC, Tokyo reads 05:00 tomorrow. */
	clock_at(&c, "Tokyo", "05:00:00");
	assert_string_equal(table_info(&c, 0, buf, sizeof(buf)),
	    "UTC+09:00 +1d");
	assert_string_equal(table_info(&c, 9 * 3600, buf, sizeof(buf)),
	    "UTC+09:00");
	clock_at(&c, "NewYork", "15:00:00");
	assert_string_equal(table_info(&c, 9 * 3600, buf, sizeof(buf)),
	    "UTC-05:00 -1d");
	/* Gone quiet: "stale" takes the date marker's place, so the line
	 * fits the narrowest column. */
	clock_at(&c, "Tokyo", "05:00:00");
	assert_true(clock_check_stale(&c, 3000000000LL));
	assert_string_equal(table_info(&c, 0, buf, sizeof(buf)),
	    "UTC+09:00 stale");
	assert_true(strlen("UTC+05:45 stale") <= TABLE_CELL_MIN);
	assert_true(strlen("down(unknown-host)") <= TABLE_CELL_MIN);
	clock_at(&c, "Junk", "hello");
	assert_string_equal(table_info(&c, 0, buf, sizeof(buf)),
	    "not a time");
	clock_down(&c, REASON_CLOSED);
	assert_string_equal(table_info(&c, 0, buf, sizeof(buf)), "retrying");
}

static void
bigdigits__draws__five_rows(void **state)
{
	char row[64];

	(void)state;
	assert_int_equal(bigdigits_width("00:00:00"), 6 * 4 + 2 * 2 - 1);
	assert_int_equal(bigdigits_width(""), 0);
	bigdigits_row("10:2", 0, row, sizeof(row));
	assert_string_equal(row, "  # ###   ###");
	bigdigits_row("10:2", 1, row, sizeof(row));
	assert_string_equal(row, "  # # # #   #");
	bigdigits_row("10:2", 4, row, sizeof(row));
	assert_string_equal(row, "  # ###   ###");
	assert_int_equal(bigdigits_row("88", 0, row, 4), 3);
	assert_int_equal(bigdigits_row("8", 5, row, sizeof(row)), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table__fits__every_width_from_20_to_200),
		cmocka_unit_test(
		    table__switches__to_rows_when_columns_do_not_fit),
		cmocka_unit_test(table__shows__what_the_height_allows),
		cmocka_unit_test(table__uses__big_digits_where_they_fit),
		cmocka_unit_test(table__prints__the_plain_line),
		cmocka_unit_test(table__prints__every_clock_however_long),
		cmocka_unit_test(table__marks__offset_and_date),
		cmocka_unit_test(bigdigits__draws__five_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
