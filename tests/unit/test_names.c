/* Tests for server/names.c: the name rules, any script, case folding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "server/tcpchatd.h"
#include "server/names.h"
#include "text.h"

static int
check(const char *s, char *key, const char **why)
{
	return names_check(s, strlen(s), key, why);
}

static void
names__accepts__ascii_letters_digits_and_marks(void **state)
{
	char key[NAME_KEY_MAX];
	const char *why = NULL;

	(void)state;
	assert_int_equal(check("Alice-_.09", key, &why), 0);
	assert_string_equal(key, "alice-_.09");
	assert_int_equal(check("x", key, &why), 0);
}

static void
names__accepts__letters_of_other_scripts(void **state)
{
	const char *ok[] = { "Ωmega", "Дмитрий", "日本語", "محمد", "देवनागरी",
	    "Ünïcödé", "한국어", "אבג", "١٢٣" };
	char key[NAME_KEY_MAX];
	const char *why = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		assert_int_equal(check(ok[i], key, &why), 0);
}

static void
names__folds__case_per_code_point(void **state)
{
	char a[NAME_KEY_MAX], b[NAME_KEY_MAX];
	const char *why = NULL;

	(void)state;
	assert_int_equal(check("ΩMEGA-ÄÖ", a, &why), 0);
	assert_int_equal(check("ωmega-äö", b, &why), 0);
	assert_string_equal(a, b);
	assert_int_equal(check("ДОМ", a, &why), 0);
	assert_int_equal(check("дом", b, &why), 0);
	assert_string_equal(a, b);
	assert_int_equal(check("Straße", a, &why), 0);
	assert_int_equal(check("STRASSE", b, &why), 0);
	assert_string_equal(a, b);
	assert_int_equal(check("BoB", a, &why), 0);
	assert_string_equal(a, "bob");
}

static void
names__rejects__empty_and_too_long(void **state)
{
	char key[NAME_KEY_MAX], name[200];
	const char *why = NULL;
	int i;

	(void)state;
	assert_int_equal(check("", key, &why), -1);
	assert_non_null(strstr(why, "empty"));
	/* Hangul fillers are letters that show as nothing (found by
	 * tests/fuzz/fuzz_names) */
	assert_int_equal(check("\xe3\x85\xa4\xef\xbe\xa0", key, &why), -1);
	assert_non_null(strstr(why, "empty"));
	memset(name, 'a', 33);
	name[33] = '\0';
	assert_int_equal(check(name, key, &why), -1);
	assert_non_null(strstr(why, "32"));
	name[32] = '\0';
	assert_int_equal(check(name, key, &why), 0);
	/* 32 characters of 3 bytes each are fine: the limit counts
	 * characters, not bytes */
	name[0] = '\0';
	for (i = 0; i < 32; i++)
		strcat(name, "語");
	assert_int_equal(check(name, key, &why), 0);
	strcat(name, "語");
	assert_int_equal(check(name, key, &why), -1);
}

static void
names__rejects__spaces_punctuation_controls_and_bad_utf8(void **state)
{
	const char *bad[] = { "a b", "a\tb", "a!", "<script>", "a\x1b[31m",
	    "\xff\xfe", "a\xc0\xaf", "😀", "a\xe2\x80\xae", "a\r", "a/b",
	    "a,b", "\xef\xbf\xbd" };
	char key[NAME_KEY_MAX];
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		assert_int_equal(check(bad[i], key, &why), -1);
		assert_non_null(why);
	}
}

static void
names__rejects__server_in_any_case(void **state)
{
	char key[NAME_KEY_MAX];
	const char *why = NULL;

	(void)state;
	assert_int_equal(check("server", key, &why), -1);
	assert_int_equal(check("SeRvEr", key, &why), -1);
	assert_non_null(strstr(why, "reserved"));
	assert_int_equal(check("servers", key, &why), 0);
}

/* key of s, which must be a valid name */
static const char *
key_of(const char *s, char *key)
{
	const char *why = NULL;

	if (check(s, key, &why) != 0)
		fail_msg("%s: %s", s, why);
	return key;
}

static void
names__folds__look_alikes_together(void **state)
{
	/* each pair looks the same on screen */
	const char *same[][2] = {
		{ "\xd0\xb0" "dmin", "admin" },		/* Cyrillic а */
		{ "\xd0\x90" "DMIN", "admin" },		/* Cyrillic А */
		{ "\xd0\x92\xd0\x9e\xd0\x92", "bob" },	/* ВОВ */
		{ "\xce\x91\xce\x9c\xce\x9f", "amo" },	/* Greek ΑΜΟ */
		{ "\xce\xbfmega", "omega" },		/* Greek ο */
		{ "p\xd0\xb0yp\xd0\xb0l", "PAYPAL" },
		{ "\xef\xbd\x81" "dmin", "admin" },	/* fullwidth ａ */
		{ "\xf0\x9d\x90\x9a\x64min", "admin" },	/* bold 𝐚 */
		{ "\xef\xac\x81sh", "fish" },		/* ligature ﬁ */
		{ "adm\xc4\xb1n", "admin" },		/* dotless ı */
		{ "admin\xe3\x85\xa4", "admin" },	/* Hangul filler */
		{ "\xd1\x97", "\xc3\xaf" },		/* Cyrillic ї, ï */
		{ "\xd5\xbd\xd5\xb8", "un" },		/* Armenian սո */
	};
	char a[NAME_KEY_MAX], b[NAME_KEY_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++)
		if (strcmp(key_of(same[i][0], a), key_of(same[i][1], b)) != 0)
			fail_msg("%s and %s differ: %s, %s", same[i][0],
			    same[i][1], a, b);
	/* names that only share a script stay apart */
	assert_string_not_equal(key_of("\xd0\xb4\xd0\xbe\xd0\xbc", a),
	    key_of("\xd0\xb4\xd0\xbe\xd0\xbd", b));	/* дом, дон */
	assert_string_not_equal(key_of("bob1", a), key_of("bobl", b));
	assert_string_not_equal(key_of("cafe", a), key_of("caf\xc3\xa9", b));
}

/* Every letter of the look-alike map, written out again: each keys as
 * its Latin letter does (a table out of order would miss some). */
static void
names__folds__every_look_alike(void **state)
{
	static const struct {
		unsigned	cp;
		char		latin;
	} map[] = {
		{ 0x0131, 'i' }, { 0x0251, 'a' }, { 0x0261, 'g' },
		{ 0x0269, 'i' }, { 0x03B1, 'a' }, { 0x03B2, 'b' },
		{ 0x03B3, 'y' }, { 0x03B5, 'e' }, { 0x03B6, 'z' },
		{ 0x03B7, 'h' }, { 0x03B9, 'i' }, { 0x03BA, 'k' },
		{ 0x03BC, 'm' }, { 0x03BD, 'v' }, { 0x03BF, 'o' },
		{ 0x03C1, 'p' }, { 0x03C4, 't' }, { 0x03C5, 'u' },
		{ 0x03C7, 'x' }, { 0x03F2, 'c' }, { 0x03F3, 'j' },
		{ 0x03F9, 'c' }, { 0x0430, 'a' }, { 0x0432, 'b' },
		{ 0x0435, 'e' }, { 0x043A, 'k' }, { 0x043C, 'm' },
		{ 0x043D, 'h' }, { 0x043E, 'o' }, { 0x0440, 'p' },
		{ 0x0441, 'c' }, { 0x0442, 't' }, { 0x0443, 'y' },
		{ 0x0445, 'x' }, { 0x0455, 's' }, { 0x0456, 'i' },
		{ 0x0458, 'j' }, { 0x0475, 'v' }, { 0x04AF, 'y' },
		{ 0x04BB, 'h' }, { 0x04CF, 'l' }, { 0x0501, 'd' },
		{ 0x051B, 'q' }, { 0x051D, 'w' }, { 0x0566, 'q' },
		{ 0x0570, 'h' }, { 0x0578, 'n' }, { 0x057D, 'u' },
		{ 0x0581, 'g' }, { 0x0585, 'o' },
	};
	char name[8], latin[2], a[NAME_KEY_MAX], b[NAME_KEY_MAX];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		n = (size_t)utf8_encode(map[i].cp, name);
		name[n] = '\0';
		latin[0] = map[i].latin;
		latin[1] = '\0';
		if (strcmp(key_of(name, a), key_of(latin, b)) != 0)
			fail_msg("U+%04X keys as %s, not as %c", map[i].cp, a,
			    map[i].latin);
	}
}

static void
names__rejects__look_alikes_of_server(void **state)
{
	const char *bad[] = {
		"\xc5\xbf" "erver",		/* ſ, long s */
		"s\xd0\xb5rv\xd0\xb5r",	/* Cyrillic е */
		"\xd1\x95" "erver",		/* Cyrillic ѕ */
		"\xef\xbd\x93\xef\xbd\x85rver",	/* fullwidth ｓｅ */
		"SERVER\xe3\x85\xa4",	/* Hangul filler */
	};
	char key[NAME_KEY_MAX];
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		if (check(bad[i], key, &why) != -1)
			fail_msg("%s accepted as %s", bad[i], key);
		assert_non_null(strstr(why, "reserved"));
	}
}

static void
names__rejects__a_key_too_long(void **state)
{
	char key[NAME_KEY_MAX], name[32 * 3 + 1];
	const char *why = NULL;
	int i;

	(void)state;
	/* U+FDFA folds to 18 characters: 32 of it pass NAME_KEY_MAX */
	name[0] = '\0';
	for (i = 0; i < 32; i++)
		strcat(name, "\xef\xb7\xba");
	assert_int_equal(check(name, key, &why), -1);
	assert_non_null(strstr(why, "32"));
	assert_string_equal(key, "");
	/* one of it is fine */
	assert_int_equal(check("\xef\xb7\xba", key, &why), 0);
	assert_true(strlen(key) > 18);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    names__accepts__ascii_letters_digits_and_marks),
		cmocka_unit_test(names__accepts__letters_of_other_scripts),
		cmocka_unit_test(names__folds__case_per_code_point),
		cmocka_unit_test(names__rejects__empty_and_too_long),
		cmocka_unit_test(
		    names__rejects__spaces_punctuation_controls_and_bad_utf8),
		cmocka_unit_test(names__rejects__server_in_any_case),
		cmocka_unit_test(names__folds__look_alikes_together),
		cmocka_unit_test(names__folds__every_look_alike),
		cmocka_unit_test(names__rejects__look_alikes_of_server),
		cmocka_unit_test(names__rejects__a_key_too_long),
	};

	if (names_locale() == -1)
		return 77;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
