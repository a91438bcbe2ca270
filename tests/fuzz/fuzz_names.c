/*
 * server/names.c: a name is accepted only if it is valid UTF-8 of 1..32
 * code points, each a letter or digit (iswalnum) or "-_."; its key is
 * NUL-terminated valid UTF-8 within NAME_KEY_MAX, never the reserved
 * "server", the same for the name in upper or lower case (ASCII, and
 * Unicode's when that is still a name), and a fixed point
 * (the key of a key that is itself a valid name is that key). A refused
 * name gets a reason and an empty key.
 */
#include <string.h>
#include <unicase.h>
#include <wctype.h>

#include "server/tcpchatd.h"
#include "server/names.h"
#include "fuzz.h"

/* The rule, written out again. */
static int
ref_ok(const char *s, size_t n)
{
	uint32_t cp;
	size_t i = 0, chars = 0;
	int len;

	if (n == 0)
		return 0;
	while (i < n) {
		if ((len = utf8_decode(s + i, n - i, &cp)) < 0)
			return 0;
		if (cp != '-' && cp != '_' && cp != '.' &&
		    (cp < 0x80 ? !((cp >= '0' && cp <= '9') ||
		    ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')) :
		    !iswalnum((wint_t)cp)))
			return 0;
		chars++;
		i += len;
	}
	return chars <= NAME_CHARS_MAX;
}

typedef uint8_t	*case_fn(const uint8_t *, size_t, const char *, uninorm_t,
		    uint8_t *, size_t *);

/* The name with its case changed by fn has key too, if it is a name. */
static void
check_cased(const char *key, const uint8_t *s, size_t n, case_fn *fn)
{
	char key2[NAME_KEY_MAX];
	const char *why;
	uint8_t *t;
	size_t len;

	if ((t = fn(s, n, NULL, NULL, NULL, &len)) == NULL)
		return;
	if (names_check((const char *)t, len, key2, &why) == 0)
		FUZZ_CHECK(strcmp(key, key2) == 0);
	free(t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int locale;
	char key[NAME_KEY_MAX], key2[NAME_KEY_MAX], *up;
	const char *s = (const char *)data, *why;
	size_t i, klen;
	int rc, rc2;

	if (!locale) {
		if (names_locale() == -1)
			abort();
		locale = 1;
	}
	if (size > 4 * NAME_CHARS_MAX + 8)
		return 0;	/* far too long: the first check says so */
	why = NULL;
	memset(key, 'K', sizeof(key));
	rc = names_check(s, size, key, &why);
	FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc == -1) {
		FUZZ_CHECK(why != NULL && *why != '\0' && key[0] == '\0');
		/* only the fold may refuse what the rule allows */
		if (ref_ok(s, size))
			FUZZ_CHECK(strstr(why, "reserved") != NULL ||
			    strstr(why, "ligature") != NULL ||
			    strstr(why, "empty") != NULL);
		return 0;
	}
	FUZZ_CHECK(ref_ok(s, size));
	klen = strnlen(key, sizeof(key));
	FUZZ_CHECK(klen > 0 && klen < sizeof(key));
	FUZZ_CHECK(fuzz_utf8_ok(key, klen));
	FUZZ_CHECK(strcmp(key, "server") != 0);
	/* case: the same name in ASCII capitals has the same key */
	if ((up = malloc(size)) == NULL)
		abort();
	for (i = 0; i < size; i++)
		up[i] = s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i];
	FUZZ_CHECK(names_check(up, size, key2, &why) == 0);
	FUZZ_CHECK(strcmp(key, key2) == 0);
	free(up);
	/* and in Unicode capitals or small letters, if still a name */
	check_cased(key, (const uint8_t *)s, size, u8_toupper);
	check_cased(key, (const uint8_t *)s, size, u8_tolower);
	/* a key that is a name keys to itself */
	rc2 = names_check(key, klen, key2, &why);
	if (rc2 == 0)
		FUZZ_CHECK(strcmp(key, key2) == 0);
	return 0;
}
