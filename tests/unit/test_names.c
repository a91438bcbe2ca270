/* Tests for server/names.c: the name rules, any script, case folding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "server/tcpchatd.h"
#include "server/names.h"

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
	assert_string_equal(a, "дом");
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
	};

	if (names_locale() == -1)
		return 77;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
