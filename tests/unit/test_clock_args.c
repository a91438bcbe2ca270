/* Unit tests for clockwall/args.c: NAME=HOST:PORT, strictly. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "clockwall/args.h"

static int
parse(const char *arg, struct clockspec *cs)
{
	char err[256];

	return args_parse_clock(arg, cs, err, sizeof(err));
}

static void
args__parses__name_host_port(void **state)
{
	struct clockspec cs;

	(void)state;
	assert_int_equal(parse("NewYork=localhost:8010", &cs), 0);
	assert_string_equal(cs.name, "NewYork");
	assert_string_equal(cs.host, "localhost");
	assert_string_equal(cs.port, "8010");
	assert_int_equal(parse("Tōkyō=127.0.0.1:65535", &cs), 0);
	assert_string_equal(cs.name, "Tōkyō");
	assert_string_equal(cs.port, "65535");
	assert_int_equal(parse("a=h:1", &cs), 0);
}

static void
args__parses__ipv6_in_brackets(void **state)
{
	struct clockspec cs;

	(void)state;
	assert_int_equal(parse("Home=[::1]:8010", &cs), 0);
	assert_string_equal(cs.host, "::1");
	assert_string_equal(cs.port, "8010");
	assert_int_equal(parse("V6=[fe80::1%lo]:1", &cs), 0);
	assert_string_equal(cs.host, "fe80::1%lo");
}

static void
args__rejects__bad_shapes(void **state)
{
	static const char *const bad[] = {
		"NewYork", "NewYork:8010", "=localhost:8010",
		"A=B=localhost:8010", "A==localhost:8010", "A=localhost",
		"A=localhost:", "A=:8010", "A=::1:8010", "A=[::1]8010",
		"A=[::1]", "A=[]:80", "A=", "", "A=[localhost]:80",
		"A=[127.0.0.1]:80",
	};
	struct clockspec cs;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		print_message("%s\n", bad[i]);
		assert_int_equal(parse(bad[i], &cs), -1);
	}
}

static void
args__rejects__bad_ports(void **state)
{
	static const char *const bad[] = {
		"A=h:0", "A=h:65536", "A=h:99999", "A=h:-1", "A=h:http",
		"A=h:80x", "A=h: 80", "A=h:1e3",
	};
	struct clockspec cs;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		print_message("%s\n", bad[i]);
		assert_int_equal(parse(bad[i], &cs), -1);
	}
	assert_int_equal(args_parse_clock("A=h:70000", &cs, err, sizeof(err)),
	    -1);
	assert_non_null(strstr(err, "70000"));
}

static void
args__rejects__unsafe_names(void **state)
{
	static const char *const bad[] = {
		"New York=h:1", "\x1b[2J=h:1", "Tab\there=h:1", "bad\xff=h:1",
		"\xe2\x80\xae" "evil=h:1", "nul\x7f=h:1",
		"abcdefghijklmnopqrstuvwxyz0123456=h:1",	/* 33 bytes */
	};
	struct clockspec cs;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(parse(bad[i], &cs), -1);
	assert_int_equal(parse("abcdefghijklmnopqrstuvwxyz012345=h:1", &cs),
	    0);
}

/* What an error quotes of the argument reaches the terminal cleaned. */
static void
args__quotes__arguments_cleaned(void **state)
{
	static const char *const bad[] = {
		"a\x1b[31m=localhost:80", "a=h\x1b]0;x\x07:80", "a\xff",
		"a=h:8\x9b" "0", "\xe2\x80\xae" "a=h:1",
	};
	struct clockspec cs;
	char err[1024], big[4096];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		print_message("%zu\n", i);
		assert_int_equal(args_parse_clock(bad[i], &cs, err,
		    sizeof(err)), -1);
		assert_null(strchr(err, '\x1b'));
		assert_null(strchr(err, '\x07'));
		assert_null(strstr(err, "\xc2\x9b"));
		assert_null(strstr(err, "\xe2\x80\xae"));
		assert_null(strchr(err, '\xff'));
	}
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(args_parse_clock(big, &cs, err, sizeof(err)), -1);
	assert_true(strlen(err) < 400);
}

static void
args__parses__timeouts(void **state)
{
	(void)state;
	assert_int_equal(args_parse_timeout("5"), 5);
	assert_int_equal(args_parse_timeout("1"), 1);
	assert_int_equal(args_parse_timeout("3600"), 3600);
	assert_int_equal(args_parse_timeout("0"), -1);
	assert_int_equal(args_parse_timeout("3601"), -1);
	assert_int_equal(args_parse_timeout("-2"), -1);
	assert_int_equal(args_parse_timeout("2s"), -1);
	assert_int_equal(args_parse_timeout(""), -1);
	assert_int_equal(args_parse_timeout("99999999999999999999"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(args__parses__name_host_port),
		cmocka_unit_test(args__parses__ipv6_in_brackets),
		cmocka_unit_test(args__rejects__bad_shapes),
		cmocka_unit_test(args__rejects__bad_ports),
		cmocka_unit_test(args__rejects__unsafe_names),
		cmocka_unit_test(args__quotes__arguments_cleaned),
		cmocka_unit_test(args__parses__timeouts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
