/* Text: a strict UTF-8 codec, the sanitiser for untrusted text, widths. */
#include <stdint.h>
#include <string.h>
#include <wchar.h>

#include "text.h"

/*
 * Decodes one sequence. On success returns its length (1..4). On failure
 * returns 0 and puts in *skip the length of the maximal subpart: the lead
 * byte and every continuation byte that was still valid, so "E2 82 41"
 * costs one U+FFFD, not two, and 0x41 survives (Unicode's recommended
 * practice, also WHATWG's).
 */
static int
utf8_scan(const unsigned char *s, size_t n, uint32_t *cp, size_t *skip)
{
	unsigned char	lo = 0x80, hi = 0xBF;
	uint32_t	c;
	int		need, i;

	*skip = 1;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		need = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		need = 3;
		c = s[0] & 0x0F;
		if (s[0] == 0xE0)
			lo = 0xA0;	/* overlong below U+0800 */
		else if (s[0] == 0xED)
			hi = 0x9F;	/* surrogates U+D800-DFFF */
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		need = 4;
		c = s[0] & 0x07;
		if (s[0] == 0xF0)
			lo = 0x90;	/* overlong below U+10000 */
		else if (s[0] == 0xF4)
			hi = 0x8F;	/* above U+10FFFF */
	} else
		return 0;	/* stray continuation, C0/C1 overlong, F5-FF */
	for (i = 1; i < need; i++) {
		if ((size_t)i >= n || s[i] < lo || s[i] > hi) {
			*skip = i;
			return 0;
		}
		c = (c << 6) | (s[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = c;
	return need;
}

int
utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	size_t	skip;
	int	len;

	if (n == 0)
		return -1;
	len = utf8_scan((const unsigned char *)s, n, cp, &skip);
	return len > 0 ? len : -1;
}

int
utf8_encode(uint32_t cp, char *out)
{
	unsigned char	*o = (unsigned char *)out;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = TEXT_REPLACEMENT;
	if (cp < 0x80) {
		o[0] = cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = 0xC0 | (cp >> 6);
		o[1] = 0x80 | (cp & 0x3F);
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = 0xE0 | (cp >> 12);
		o[1] = 0x80 | ((cp >> 6) & 0x3F);
		o[2] = 0x80 | (cp & 0x3F);
		return 3;
	}
	o[0] = 0xF0 | (cp >> 18);
	o[1] = 0x80 | ((cp >> 12) & 0x3F);
	o[2] = 0x80 | ((cp >> 6) & 0x3F);
	o[3] = 0x80 | (cp & 0x3F);
	return 4;
}

int
text_is_unsafe(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) ||
	    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

#define ONES	(~(uint64_t)0 / 255)	/* 0x0101...01 */
#define HIGHS	(ONES * 0x80)		/* 0x8080...80 */

/*
 * Length of the leading run of printable ASCII (0x20-0x7E), eight bytes at
 * a time: a word is clean when no byte has its high bit set, none is below
 * 0x20 and none equals 0x7F (the "has less" and "has zero" bit tricks; a
 * borrow can only mark a byte above a truly matching one, so a clean
 * verdict is exact).
 */
static size_t
text_ascii_run(const unsigned char *s, size_t n)
{
	uint64_t	w;
	size_t		i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		if (((w | ((w - ONES * 0x20) & ~w) |
		    ((w ^ (ONES * 0x7F)) - ONES)) & HIGHS) != 0)
			break;
	}
	while (i < n && s[i] >= 0x20 && s[i] < 0x7F)
		i++;
	return i;
}

/* Cleans the one non-plain sequence at s into o; returns bytes consumed. */
static size_t
text_clean_one(const unsigned char *s, size_t n, char **o)
{
	uint32_t	cp;
	size_t		skip;
	int		len;

	if ((len = utf8_scan(s, n, &cp, &skip)) == 0) {
		*o += utf8_encode(TEXT_REPLACEMENT, *o);
		return skip;
	}
	if (cp == '\t')
		*(*o)++ = ' ';
	else if (!text_is_unsafe(cp)) {
		memcpy(*o, s, len);
		*o += len;
	}
	return len;
}

size_t
text_clean(const char *in, size_t n, char *out)
{
	const unsigned char	*s = (const unsigned char *)in;
	char			*o = out;
	size_t			 i = 0, run;

	while (i < n) {
		run = text_ascii_run(s + i, n - i);
		memcpy(o, s + i, run);
		o += run;
		i += run;
		if (i < n)
			i += text_clean_one(s + i, n - i, &o);
	}
	return o - out;
}

size_t
text_cut(const char *s, size_t n, size_t max)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 end = n < max ? n : max, lead = end;
	size_t			 need;
	int			 back;

	/* At most three continuation bytes belong to one lead byte; a
	 * longer run is invalid already and is left to the sanitiser. */
	for (back = 0; back < 3 && lead > 0 &&
	    (u[lead - 1] & 0xC0) == 0x80; back++)
		lead--;
	if (lead == 0 || u[lead - 1] < 0xC0)
		return end;
	lead--;
	need = u[lead] >= 0xF0 ? 4 : u[lead] >= 0xE0 ? 3 : 2;
	return end - lead < need ? lead : end;
}

static int
text_is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

char *
text_trim(char *s, size_t *n)
{
	while (*n > 0 && text_is_space(s[0])) {
		s++;
		(*n)--;
	}
	while (*n > 0 && text_is_space(s[*n - 1]))
		(*n)--;
	return s;
}

/*
 * Columns of the sequence at s, and its length in *len. An invalid byte
 * would reach a terminal as U+FFFD, so it counts as that does: 1.
 */
static int
text_char_width(const char *s, size_t n, size_t *len)
{
	uint32_t	cp;
	size_t		skip;
	int		l, w;

	if ((l = utf8_scan((const unsigned char *)s, n, &cp, &skip)) == 0) {
		*len = skip;
		return 1;
	}
	*len = l;
	if (text_is_unsafe(cp))
		return 0;
	w = wcwidth((wchar_t)cp);
	return w < 0 ? 0 : w;
}

int
text_width(const char *s, size_t n)
{
	size_t	i = 0, len;
	int	w = 0;

	while (i < n) {
		w += text_char_width(s + i, n - i, &len);
		i += len;
	}
	return w;
}

size_t
text_fit(const char *s, size_t n, int cols, int *used)
{
	size_t	i = 0, len;
	int	w = 0, cw;

	while (i < n) {
		cw = text_char_width(s + i, n - i, &len);
		if (w + cw > cols)
			break;
		w += cw;
		i += len;
	}
	if (used != NULL)
		*used = w;
	return i;
}
