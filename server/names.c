/* Name rules for nicks and rooms: allowed characters, length, case folding. */
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <uninorm.h>
#include <wctype.h>

#include "tcpchatd.h"
#include "names.h"
#include "text.h"

int
names_locale(void)
{
	if (setlocale(LC_CTYPE, "") != NULL &&
	    strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		return 0;
	if (setlocale(LC_CTYPE, "C.UTF-8") != NULL)
		return 0;
	return -1;
}

/* Letters and digits of every script, and the three ASCII marks. */
static int
names_allowed(uint32_t cp)
{
	if (cp == '-' || cp == '_' || cp == '.')
		return 1;
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		    (cp >= 'A' && cp <= 'Z');
	return iswalnum((wint_t)cp) != 0;
}

/*
 * Look-alikes that compatibility case folding leaves apart: Cyrillic,
 * Greek, Armenian and Latin letters drawn like a Latin one, after
 * Unicode's confusables.txt (UTS #39). The map runs on folded (lower
 * case) text, so a letter is here when either of its cases looks like
 * the Latin one in that case: Cyrillic "в" because "В" is "B". Greek
 * "ν" and "υ" look like "v" and "u", their capitals like "N" and "Y";
 * one map must serve both, so the small letters win. Greek "ϲ" and "Ϲ"
 * (lunate sigma) fold to "σ", so the map also runs before folding.
 * Letters within ASCII (l, I, 1, 0, O) stay apart on purpose: "bob1"
 * and "bobl" are two names. Sorted by code point.
 */
static const struct {
	uint32_t	cp;
	char		to;
} names_alike[] = {
	{ 0x0131, 'i' }, { 0x0251, 'a' }, { 0x0261, 'g' }, { 0x0269, 'i' },
	{ 0x03B1, 'a' }, { 0x03B2, 'b' }, { 0x03B3, 'y' }, { 0x03B5, 'e' },
	{ 0x03B6, 'z' }, { 0x03B7, 'h' }, { 0x03B9, 'i' }, { 0x03BA, 'k' },
	{ 0x03BC, 'm' }, { 0x03BD, 'v' }, { 0x03BF, 'o' }, { 0x03C1, 'p' },
	{ 0x03C4, 't' }, { 0x03C5, 'u' }, { 0x03C7, 'x' }, { 0x03F2, 'c' },
	{ 0x03F3, 'j' }, { 0x03F9, 'c' }, { 0x0430, 'a' }, { 0x0432, 'b' },
	{ 0x0435, 'e' }, { 0x043A, 'k' }, { 0x043C, 'm' }, { 0x043D, 'h' },
	{ 0x043E, 'o' }, { 0x0440, 'p' }, { 0x0441, 'c' }, { 0x0442, 't' },
	{ 0x0443, 'y' }, { 0x0445, 'x' }, { 0x0455, 's' }, { 0x0456, 'i' },
	{ 0x0458, 'j' }, { 0x0475, 'v' }, { 0x04AF, 'y' }, { 0x04BB, 'h' },
	{ 0x04CF, 'l' }, { 0x0501, 'd' }, { 0x051B, 'q' }, { 0x051D, 'w' },
	{ 0x0566, 'q' }, { 0x0570, 'h' }, { 0x0578, 'n' }, { 0x057D, 'u' },
	{ 0x0581, 'g' }, { 0x0585, 'o' },
};

#define NALIKE	(sizeof(names_alike) / sizeof(names_alike[0]))

/* The Latin letter cp looks like, or 0. */
static char
names_alike_of(uint32_t cp)
{
	size_t lo = 0, hi = NALIKE, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (names_alike[mid].cp == cp)
			return names_alike[mid].to;
		if (names_alike[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Letters that show as nothing at all (Hangul fillers are letters to
 * iswalnum): "admin" with one appended is still "admin". */
static int
names_invisible(uint32_t cp)
{
	return cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0;
}

/* Replace look-alikes in s[0..n] (valid UTF-8) by the Latin letter and
 * drop invisible ones, in place (never longer); the new length. */
static size_t
names_skeleton(char *s, size_t n)
{
	size_t i = 0, o = 0;
	uint32_t cp;
	int len;
	char to;

	while (i < n) {
		if ((len = utf8_decode(s + i, n - i, &cp)) < 0)
			len = 1;	/* not produced by the fold */
		if ((to = names_alike_of(cp)) != 0)
			s[o++] = to;
		else if (!names_invisible(cp)) {
			memmove(s + o, s + i, len);
			o += len;
		}
		i += len;
	}
	return o;
}

/*
 * The key two names are compared by: look-alikes mapped, Unicode full
 * case folding with compatibility decomposition (NFKD, so "ſ", "ﬁ" and
 * "ｓ" fold to ASCII and a base letter is reachable under its accent),
 * then look-alikes mapped again (what folding made). -1 when the key
 * would pass NAME_KEY_MAX bytes (a long ligature such as U+FDFA,
 * repeated).
 */
static int
names_fold(const char *s, size_t n, char *key)
{
	char tmp[NAME_CHARS_MAX * 4];
	uint8_t *r;
	size_t len = NAME_KEY_MAX - 1;

	memcpy(tmp, s, n);	/* checked: at most 32 characters */
	n = names_skeleton(tmp, n);
	r = u8_casefold((const uint8_t *)tmp, n, NULL, UNINORM_NFKD,
	    (uint8_t *)key, &len);
	if (r == NULL)
		return -1;
	if (r != (uint8_t *)key) {	/* too long for key */
		free(r);
		return -1;
	}
	len = names_skeleton(key, len);
	key[len] = '\0';
	return 0;
}

int
names_check(const char *s, size_t n, char *key, const char **why)
{
	size_t i = 0, chars = 0;
	uint32_t cp;
	int len;

	*key = '\0';
	if (n == 0) {
		*why = "a name cannot be empty";
		return -1;
	}
	while (i < n) {
		if ((len = utf8_decode(s + i, n - i, &cp)) < 0 ||
		    !names_allowed(cp)) {
			*why = "a name may hold only letters, digits, "
			    "'-', '_' and '.'";
			return -1;
		}
		if (++chars > NAME_CHARS_MAX) {
			*why = "a name may be at most 32 characters long";
			return -1;
		}
		i += len;
	}
	if (names_fold(s, n, key) == -1) {
		*key = '\0';
		*why = "a name may be at most 32 characters long, each "
		    "ligature counted in full";
		return -1;
	}
	if (*key == '\0') {	/* only invisible letters */
		*why = "a name cannot be empty";
		return -1;
	}
	if (strcmp(key, "server") == 0) {
		*key = '\0';
		*why = "the name \"server\" is reserved";
		return -1;
	}
	return 0;
}
