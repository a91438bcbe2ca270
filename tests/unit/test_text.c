/* Unit tests for common/text.c: the UTF-8 codec, sanitiser and widths. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "text.h"

#define FFFD	"\xEF\xBF\xBD"

/* Cleans n bytes of in and checks the result is exactly want. */
static void
check_clean(const char *in, size_t n, const char *want)
{
	char	out[TEXT_CLEAN_MAX(64) + 1];
	size_t	len;

	assert_true(n <= 64);
	memset(out, 'Z', sizeof(out));
	len = text_clean(in, n, out);
	assert_true(len <= TEXT_CLEAN_MAX(n));
	out[len] = '\0';
	assert_string_equal(out, want);
}

#define CLEAN(lit, want)	check_clean(lit, sizeof(lit) - 1, want)

static void
utf8__decode__accepts_every_length(void **state)
{
	uint32_t	cp;

	(void)state;
	assert_int_equal(utf8_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(utf8_decode("\xC3\xA9", 2, &cp), 2);
	assert_int_equal(cp, 0xE9);
	assert_int_equal(utf8_decode("\xE2\x82\xAC", 3, &cp), 3);
	assert_int_equal(cp, 0x20AC);
	assert_int_equal(utf8_decode("\xF0\x9F\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1F600);
	/* The edges of each range are valid. */
	assert_int_equal(utf8_decode("\xC2\x80", 2, &cp), 2);
	assert_int_equal(cp, 0x80);
	assert_int_equal(utf8_decode("\xE0\xA0\x80", 3, &cp), 3);
	assert_int_equal(cp, 0x800);
	assert_int_equal(utf8_decode("\xED\x9F\xBF", 3, &cp), 3);
	assert_int_equal(cp, 0xD7FF);
	assert_int_equal(utf8_decode("\xEE\x80\x80", 3, &cp), 3);
	assert_int_equal(cp, 0xE000);
	assert_int_equal(utf8_decode("\xF0\x90\x80\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x10000);
	assert_int_equal(utf8_decode("\xF4\x8F\xBF\xBF", 4, &cp), 4);
	assert_int_equal(cp, 0x10FFFF);
}

static void
utf8__decode__rejects_invalid(void **state)
{
	static const char *const bad[] = {
		"\xC0\x80",		/* overlong NUL */
		"\xC1\xBF",		/* overlong 0x7F */
		"\xE0\x80\x80",		/* overlong 3 */
		"\xE0\x9F\xBF",		/* overlong 3, top */
		"\xF0\x80\x80\x80",	/* overlong 4 */
		"\xF0\x8F\xBF\xBF",	/* overlong 4, top */
		"\xED\xA0\x80",		/* U+D800 */
		"\xED\xBF\xBF",		/* U+DFFF */
		"\xF4\x90\x80\x80",	/* U+110000 */
		"\xF5\x80\x80\x80",
		"\xFF",
		"\xFE",
		"\x80",			/* stray continuation */
		"\xBF",
		"\xE2\x82",		/* truncated */
		"\xC3",
		"\xF0\x9F\x98",
		"\xC3\x41",		/* continuation missing */
		"\xE2\x82\x41",
	};
	uint32_t	cp;
	size_t		i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(utf8_decode(bad[i], strlen(bad[i]), &cp),
		    -1);
	assert_int_equal(utf8_decode("A", 0, &cp), -1);
}

static void
utf8__encode__round_trips(void **state)
{
	static const uint32_t cps[] = {
		0, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF,
		0x10000, 0x1F600, 0x10FFFF,
	};
	static const int lens[] = { 1, 1, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4 };
	char		buf[4];
	uint32_t	cp;
	size_t		i;

	(void)state;
	for (i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
		assert_int_equal(utf8_encode(cps[i], buf), lens[i]);
		assert_int_equal(utf8_decode(buf, lens[i], &cp), lens[i]);
		assert_int_equal(cp, cps[i]);
	}
}

static void
utf8__encode__replaces_unencodable(void **state)
{
	char	buf[4];

	(void)state;
	assert_int_equal(utf8_encode(0xD800, buf), 3);
	assert_memory_equal(buf, FFFD, 3);
	assert_int_equal(utf8_encode(0x110000, buf), 3);
	assert_memory_equal(buf, FFFD, 3);
}

static void
text__is_unsafe__knows_every_class(void **state)
{
	uint32_t	cp;

	(void)state;
	for (cp = 0; cp < 0x20; cp++)
		assert_true(text_is_unsafe(cp));
	for (cp = 0x20; cp < 0x7F; cp++)
		assert_false(text_is_unsafe(cp));
	for (cp = 0x7F; cp <= 0x9F; cp++)
		assert_true(text_is_unsafe(cp));
	assert_false(text_is_unsafe(0xA0));
	assert_false(text_is_unsafe(0x2029));
	for (cp = 0x202A; cp <= 0x202E; cp++)
		assert_true(text_is_unsafe(cp));
	assert_false(text_is_unsafe(0x202F));
	assert_false(text_is_unsafe(0x2065));
	for (cp = 0x2066; cp <= 0x2069; cp++)
		assert_true(text_is_unsafe(cp));
	assert_false(text_is_unsafe(0x206A));
	assert_false(text_is_unsafe(0x4E2D));
}

static void
text__clean__keeps_plain_text(void **state)
{
	(void)state;
	CLEAN("", "");
	CLEAN("hello", "hello");
	CLEAN("hello, world: 0123456789 ~!@#$%^&*()_+{}|:<>?",
	    "hello, world: 0123456789 ~!@#$%^&*()_+{}|:<>?");
	CLEAN("caf\xC3\xA9 \xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80",
	    "caf\xC3\xA9 \xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80");
	/* Non-breaking space and combining marks are text, not controls. */
	CLEAN("\xC2\xA0""e\xCC\x81", "\xC2\xA0""e\xCC\x81");
}

static void
text__clean__removes_every_c0_and_del(void **state)
{
	char	in[3], want[3], out[TEXT_CLEAN_MAX(3)];
	int	c;

	(void)state;
	for (c = 0; c < 0x20; c++) {
		in[0] = 'a';
		in[1] = c;
		in[2] = 'b';
		memcpy(want, c == '\t' ? "a b" : "ab", 3);
		assert_int_equal(text_clean(in, 3, out), c == '\t' ? 3 : 2);
		assert_memory_equal(out, want, c == '\t' ? 3 : 2);
	}
	CLEAN("a\x7F" "b", "ab");
}

static void
text__clean__removes_every_c1(void **state)
{
	char	in[4], out[TEXT_CLEAN_MAX(4)];
	int	c;

	(void)state;
	for (c = 0x80; c <= 0x9F; c++) {
		in[0] = 'a';
		in[1] = (char)0xC2;
		in[2] = (char)c;
		in[3] = 'b';
		assert_int_equal(text_clean(in, 4, out), 2);
		assert_memory_equal(out, "ab", 2);
	}
	/* A raw C1 byte is invalid UTF-8, so it is replaced, not passed. */
	CLEAN("a\x9B" "b", "a" FFFD "b");
}

static void
text__clean__removes_bidi_controls(void **state)
{
	(void)state;
	CLEAN("a\xE2\x80\xAA" "b", "ab");		/* LRE */
	CLEAN("a\xE2\x80\xAB" "b", "ab");		/* RLE */
	CLEAN("a\xE2\x80\xAC" "b", "ab");		/* PDF */
	CLEAN("a\xE2\x80\xAD" "b", "ab");		/* LRO */
	CLEAN("a\xE2\x80\xAE" "b", "ab");		/* RLO */
	CLEAN("a\xE2\x81\xA6" "b", "ab");		/* LRI */
	CLEAN("a\xE2\x81\xA7" "b", "ab");		/* RLI */
	CLEAN("a\xE2\x81\xA8" "b", "ab");		/* FSI */
	CLEAN("a\xE2\x81\xA9" "b", "ab");		/* PDI */
	CLEAN("a\xE2\x80\xAF" "b", "a\xE2\x80\xAF" "b"); /* NNBSP stays */
}

static void
text__clean__removes_nul_and_escapes(void **state)
{
	(void)state;
	CLEAN("a\0b\0\0c", "abc");
	CLEAN("\x1B[2J\x1B]0;title\x07x", "[2J]0;titlex");
	CLEAN("line\r[2020-01-01 00:00:00][admin]:hi",
	    "line[2020-01-01 00:00:00][admin]:hi");
	CLEAN("abc\b\b\bxyz", "abcxyz");
	CLEAN("\t\t", "  ");
}

static void
text__clean__replaces_invalid_utf8(void **state)
{
	(void)state;
	CLEAN("\xC0\x80", FFFD FFFD);
	CLEAN("\xE0\x80\x80", FFFD FFFD FFFD);
	CLEAN("\xF0\x80\x80\x80", FFFD FFFD FFFD FFFD);
	CLEAN("\xED\xA0\x80", FFFD FFFD FFFD);
	CLEAN("\xF4\x90\x80\x80", FFFD FFFD FFFD FFFD);
	CLEAN("a\x80" "b", "a" FFFD "b");
	CLEAN("\xFF\xFE", FFFD FFFD);
	/* A truncated sequence is one error and the next byte survives. */
	CLEAN("\xE2\x82", FFFD);
	CLEAN("\xE2\x82" "A", FFFD "A");
	CLEAN("\xF0\x9F\x98" "ok", FFFD "ok");
	CLEAN("\xC3" "\xC3\xA9", FFFD "\xC3\xA9");
}

static void
text__clean__fills_at_most_the_bound(void **state)
{
	char	in[64], out[TEXT_CLEAN_MAX(64)];
	int	i;

	(void)state;
	/* Every byte invalid on its own is the worst case: 3 out per 1 in. */
	for (i = 0; i < 64; i++)
		in[i] = (char)0x80;
	assert_int_equal(text_clean(in, 64, out), TEXT_CLEAN_MAX(64));
	for (i = 0; i < 64; i++)
		assert_memory_equal(out + 3 * i, FFFD, 3);
}

static void
text__clean__handles_every_offset_of_a_word(void **state)
{
	static const char ctl[] = { 0x00, 0x01, 0x1B, 0x1F, 0x7F };
	char	in[40], want[40], out[TEXT_CLEAN_MAX(40)];
	size_t	len;
	int	i, bad;

	(void)state;
	/* One control at each position of a long ASCII run, so the fast
	 * path's word test must see it wherever it is. */
	for (bad = 0; bad < (int)sizeof(ctl); bad++) {
		for (i = 0; i < 40; i++) {
			memset(in, 'x', sizeof(in));
			in[i] = ctl[bad];
			len = text_clean(in, 40, out);
			assert_int_equal(len, 39);
			memset(want, 'x', 39);
			assert_memory_equal(out, want, 39);
		}
	}
	memset(in, '~', sizeof(in));
	assert_int_equal(text_clean(in, 40, out), 40);
	memset(in, ' ', sizeof(in));
	assert_int_equal(text_clean(in, 40, out), 40);
}

static void
text__trim__strips_both_ends(void **state)
{
	char	buf[] = "  \t hello world \r\n ";
	char	none[] = "x";
	char	blank[] = " \t ";
	char	*s;
	size_t	n;

	(void)state;
	n = strlen(buf);
	s = text_trim(buf, &n);
	assert_int_equal(n, 11);
	assert_memory_equal(s, "hello world", 11);
	n = 1;
	assert_ptr_equal(text_trim(none, &n), none);
	assert_int_equal(n, 1);
	n = strlen(blank);
	(void)text_trim(blank, &n);
	assert_int_equal(n, 0);
	n = 0;
	(void)text_trim(none, &n);
	assert_int_equal(n, 0);
}

static void
text__width__counts_columns(void **state)
{
	(void)state;
	assert_int_equal(text_width("", 0), 0);
	assert_int_equal(text_width("hello", 5), 5);
	assert_int_equal(text_width("\xE4\xB8\xAD\xE6\x96\x87", 6), 4);
	assert_int_equal(text_width("\xF0\x9F\x98\x80", 4), 2);
	/* e + COMBINING ACUTE ACCENT is one column. */
	assert_int_equal(text_width("e\xCC\x81", 3), 1);
	assert_int_equal(text_width("a\x1B" "b\x7F", 4), 2);
	assert_int_equal(text_width("\xE2\x80\xAE", 3), 0);
	assert_int_equal(text_width("\xC2\x85", 2), 0);
	/* An invalid byte shows as U+FFFD: one column. */
	assert_int_equal(text_width("a\xFF" "b", 3), 3);
}

static void
text__fit__never_splits_a_character(void **state)
{
	static const char s[] = "a\xE4\xB8\xAD" "b";	/* 1 + 2 + 1 */
	int	used;

	(void)state;
	assert_int_equal(text_fit(s, 5, 0, &used), 0);
	assert_int_equal(used, 0);
	assert_int_equal(text_fit(s, 5, 1, &used), 1);
	assert_int_equal(used, 1);
	/* Two columns: the wide character needs three, so it stays out. */
	assert_int_equal(text_fit(s, 5, 2, &used), 1);
	assert_int_equal(used, 1);
	assert_int_equal(text_fit(s, 5, 3, &used), 4);
	assert_int_equal(used, 3);
	assert_int_equal(text_fit(s, 5, 4, &used), 5);
	assert_int_equal(used, 4);
	assert_int_equal(text_fit(s, 5, 80, NULL), 5);
	assert_int_equal(text_fit(s, 5, -1, &used), 0);
	assert_int_equal(used, 0);
}

static void
text__fit__keeps_combining_marks(void **state)
{
	static const char s[] = "e\xCC\x81" "f";
	static const char emoji[] = "\xF0\x9F\x98\x80\xF0\x9F\x98\x80";
	int	used;

	(void)state;
	/* The accent belongs to the e that fits. */
	assert_int_equal(text_fit(s, 4, 1, &used), 3);
	assert_int_equal(used, 1);
	assert_int_equal(text_fit(emoji, 8, 3, &used), 4);
	assert_int_equal(used, 2);
	/* A truncated sequence shows as one U+FFFD. */
	assert_int_equal(text_fit(emoji, 7, 4, &used), 7);
	assert_int_equal(used, 3);
}

/* Whether s[0..n] decodes with no error. */
static int
valid_utf8(const char *s, size_t n)
{
	uint32_t	cp;
	size_t		i = 0;
	int		len;

	while (i < n) {
		if ((len = utf8_decode(s + i, n - i, &cp)) < 0)
			return 0;
		i += len;
	}
	return 1;
}

static void
text__cut__never_splits_a_character(void **state)
{
	/* 1, 2, 3 and 4 byte characters side by side */
	const char	*s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z";
	size_t		 n = strlen(s), max, cut;

	(void)state;
	assert_int_equal(text_cut(s, n, 1), 1);
	assert_int_equal(text_cut(s, n, 2), 1);	/* inside é */
	assert_int_equal(text_cut(s, n, 3), 3);
	assert_int_equal(text_cut(s, n, 4), 3);	/* inside € */
	assert_int_equal(text_cut(s, n, 5), 3);
	assert_int_equal(text_cut(s, n, 6), 6);
	assert_int_equal(text_cut(s, n, 9), 6);	/* inside the emoji */
	assert_int_equal(text_cut(s, n, 10), 10);
	assert_int_equal(text_cut(s, n, 100), n);
	assert_int_equal(text_cut(s, n, 0), 0);
	for (max = 0; max <= n; max++) {
		cut = text_cut(s, n, max);
		assert_true(cut <= max && cut + 3 >= max);
		assert_true(valid_utf8(s, cut));
	}
}

static void
text__cut__repairs_a_cut_buffer(void **state)
{
	(void)state;
	/* a buffer cut inside "x€" after two or three bytes: the partial
	 * character goes */
	assert_int_equal(text_cut("x\xE2", 2, 2), 1);
	assert_int_equal(text_cut("x\xE2\x82", 3, 3), 1);
	assert_int_equal(text_cut("x\xF0\x9F\x98", 4, 4), 1);
	/* complete: kept whole */
	assert_int_equal(text_cut("x\xE2\x82\xAC", 4, 4), 4);
	/* a run of stray continuation bytes is not ours to judge */
	assert_int_equal(text_cut("\x80\x80\x80\x80", 4, 4), 4);
	assert_int_equal(text_cut("", 0, 10), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text__clean__fills_at_most_the_bound),
		cmocka_unit_test(text__clean__handles_every_offset_of_a_word),
		cmocka_unit_test(text__clean__keeps_plain_text),
		cmocka_unit_test(text__clean__removes_bidi_controls),
		cmocka_unit_test(text__clean__removes_every_c0_and_del),
		cmocka_unit_test(text__clean__removes_every_c1),
		cmocka_unit_test(text__clean__removes_nul_and_escapes),
		cmocka_unit_test(text__clean__replaces_invalid_utf8),
		cmocka_unit_test(text__fit__keeps_combining_marks),
		cmocka_unit_test(text__fit__never_splits_a_character),
		cmocka_unit_test(text__is_unsafe__knows_every_class),
		cmocka_unit_test(text__trim__strips_both_ends),
		cmocka_unit_test(text__width__counts_columns),
		cmocka_unit_test(utf8__decode__accepts_every_length),
		cmocka_unit_test(utf8__decode__rejects_invalid),
		cmocka_unit_test(utf8__encode__replaces_unencodable),
		cmocka_unit_test(utf8__encode__round_trips),
		cmocka_unit_test(text__cut__never_splits_a_character),
		cmocka_unit_test(text__cut__repairs_a_cut_buffer),
	};

	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		fprintf(stderr, "C.UTF-8 locale missing: widths will fail\n");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
