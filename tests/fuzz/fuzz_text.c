/*
 * common/text.c: the sanitiser's output is valid UTF-8 with no C0, DEL,
 * C1 or bidi control, within TEXT_CLEAN_MAX, and cleaning it again
 * changes nothing; clean input passes unchanged (a tab as a space); the
 * decoder round-trips through the encoder; text_cut, text_fit and
 * text_trim keep their bounds and never split a character.
 *
 * Input: 1 byte of parameters (a cut, a width), then the text.
 */
#include <locale.h>
#include <string.h>

#include "fuzz.h"

static void
check_decoder(const char *s, size_t n)
{
	char enc[4];
	uint32_t cp;
	size_t i;
	int len;

	for (i = 0; i < n; i++) {
		if ((len = utf8_decode(s + i, n - i, &cp)) < 0)
			continue;
		FUZZ_CHECK(len >= 1 && len <= 4 && (size_t)len <= n - i);
		FUZZ_CHECK(cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF));
		FUZZ_CHECK(utf8_encode(cp, enc) == len);
		FUZZ_CHECK(memcmp(enc, s + i, len) == 0);
	}
}

static void
check_clean(const char *s, size_t n, char *out, char *again)
{
	size_t len, len2, i;
	int clean_in;

	len = text_clean(s, n, out);
	FUZZ_CHECK(len <= TEXT_CLEAN_MAX(n));
	FUZZ_CHECK(fuzz_text_ok(out, len, ""));
	len2 = text_clean(out, len, again);
	FUZZ_CHECK(len2 == len && memcmp(out, again, len) == 0);
	/* clean input (tabs aside) comes out as it went in */
	clean_in = fuzz_text_ok(s, n, "\t");
	if (clean_in) {
		FUZZ_CHECK(len == n);
		for (i = 0; i < n; i++)
			FUZZ_CHECK(out[i] == (s[i] == '\t' ? ' ' : s[i]));
	}
}

static void
check_cut(const char *s, size_t n, size_t max)
{
	size_t cut = text_cut(s, n, max), lim = n < max ? n : max;

	FUZZ_CHECK(cut <= lim && cut + 3 >= lim);
	/* valid text stays valid once cut */
	if (fuzz_utf8_ok(s, n))
		FUZZ_CHECK(fuzz_utf8_ok(s, cut));
}

static void
check_fit(const char *s, size_t n, int cols)
{
	size_t fit;
	int used;

	fit = text_fit(s, n, cols, &used);
	FUZZ_CHECK(fit <= n && used >= 0 && used <= cols);
	FUZZ_CHECK(text_width(s, fit) == used);
	FUZZ_CHECK(text_width(s, n) >= used);
	if (fuzz_utf8_ok(s, n))
		FUZZ_CHECK(fuzz_utf8_ok(s, fit));
}

static int
is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static void
check_trim(const char *s, size_t n)
{
	char *copy, *t;
	size_t len = n;

	if ((copy = malloc(n + 1)) == NULL)
		abort();
	memcpy(copy, s, n);
	t = text_trim(copy, &len);
	FUZZ_CHECK(t >= copy && t + len <= copy + n);
	FUZZ_CHECK(len == 0 || (!is_space(t[0]) && !is_space(t[len - 1])));
	free(copy);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int locale;
	const char *s;
	char *out, *again;
	size_t n;

	if (!locale) {
		/* widths come from wcwidth: a UTF-8 locale, as the programs */
		if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
			abort();
		locale = 1;
	}
	if (size < 1)
		return 0;
	s = (const char *)data + 1;
	n = size - 1;
	if ((out = malloc(TEXT_CLEAN_MAX(n) + 1)) == NULL ||
	    (again = malloc(TEXT_CLEAN_MAX(n) + 1)) == NULL)
		abort();
	check_decoder(s, n);
	check_clean(s, n, out, again);
	check_cut(s, n, data[0]);
	check_cut(s, n, n > 0 ? n - 1 - data[0] % n : 0);
	check_fit(s, n, data[0] % 64);
	check_trim(s, n);
	free(out);
	free(again);
	return 0;
}
