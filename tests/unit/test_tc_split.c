/* Unit tests for tui-client/split.c: long messages into pieces. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tui-client/split.h"
#include "text.h"

static void
split__next__takes_a_short_line_whole(void **state)
{
	size_t next;

	(void)state;
	assert_int_equal(split_next("hello", 5, 10, &next), 5);
	assert_int_equal(next, 5);
	assert_int_equal(split_count("hello", 5, 10), 1);
	assert_int_equal(split_count("", 0, 10), 0);
}

static void
split__next__cuts_at_a_word(void **state)
{
	static const char s[] = "aaaa bbbb cccc";
	size_t next, len;

	(void)state;
	len = split_next(s, strlen(s), 11, &next);
	assert_int_equal(len, 9);		/* "aaaa bbbb" */
	assert_int_equal(next, 10);		/* "cccc" */
	/* A space exactly at the limit ends a full piece. */
	len = split_next(s, strlen(s), 9, &next);
	assert_int_equal(len, 9);
	assert_int_equal(next, 10);
}

static void
split__next__never_cuts_a_character(void **state)
{
	/* 漢 is three bytes: a cut at 4 or 5 bytes would split one. */
	static const char s[] = "漢漢漢漢";
	size_t next, len, off, n;
	char piece[16];

	(void)state;
	len = split_next(s, strlen(s), 5, &next);
	assert_int_equal(len, 3);
	assert_int_equal(next, 3);
	n = strlen(s);
	for (off = 0; off < n; off += next) {
		len = split_next(s + off, n - off, 4, &next);
		memcpy(piece, s + off, len);
		piece[len] = '\0';
		assert_string_equal(piece, "漢");
	}
	assert_int_equal(split_count(s, n, 4), 4);
}

static void
split__next__cuts_a_long_word_between_characters(void **state)
{
	char s[300];
	size_t next, len, off, n, total;
	uint32_t cp;
	int k;

	(void)state;
	memset(s, 'x', 10);
	s[10] = ' ';
	for (k = 0; k < 96; k++)
		memcpy(s + 11 + 2 * k, "é", 2);
	s[11 + 192] = '\0';
	n = strlen(s);
	/* The space is in the first quarter: cutting there would make a
	 * tiny piece, so the word is cut instead, on a boundary. */
	total = 0;
	for (off = 0; off < n; off += next) {
		len = split_next(s + off, n - off, 64, &next);
		assert_true(len <= 64);
		assert_true(len > 0);
		for (size_t i = 0; i < len; i += (size_t)k) {
			k = utf8_decode(s + off + i, len - i, &cp);
			assert_true(k > 0);
		}
		total += len;
	}
	assert_int_equal(total, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(split__next__takes_a_short_line_whole),
		cmocka_unit_test(split__next__cuts_at_a_word),
		cmocka_unit_test(split__next__never_cuts_a_character),
		cmocka_unit_test(split__next__cuts_a_long_word_between_characters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
