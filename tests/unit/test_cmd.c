/* Tests for server/cmd.c: the command table itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "server/cmd.h"

static void
cmd__table__is_sorted_and_unique(void **state)
{
	const struct cmd *t;
	size_t i, n;

	(void)state;
	t = cmd_table(&n);
	assert_true(n >= 8);
	for (i = 1; i < n; i++)
		assert_true(strcmp(t[i - 1].name, t[i].name) < 0);
}

static void
cmd__every_entry__has_usage_help_and_handler(void **state)
{
	const struct cmd *t;
	size_t i, n, len;

	(void)state;
	t = cmd_table(&n);
	for (i = 0; i < n; i++) {
		len = strlen(t[i].name);
		assert_non_null(t[i].usage);
		assert_non_null(t[i].help);
		assert_non_null(t[i].fn);
		assert_true(strlen(t[i].help) > 0);
		/* the usage starts with "/name" */
		assert_int_equal(t[i].usage[0], '/');
		assert_memory_equal(t[i].usage + 1, t[i].name, len);
		assert_true(t[i].usage[len + 1] == '\0' ||
		    t[i].usage[len + 1] == ' ');
		assert_true(t[i].minargs <= t[i].maxargs);
		assert_true(t[i].maxargs <= 2);
	}
}

static void
cmd__find__finds_each_and_nothing_else(void **state)
{
	const struct cmd *t;
	size_t i, n;

	(void)state;
	t = cmd_table(&n);
	for (i = 0; i < n; i++)
		assert_ptr_equal(cmd_find(t[i].name), &t[i]);
	assert_null(cmd_find("hello"));
	assert_null(cmd_find(""));
	assert_null(cmd_find("msgx"));
	assert_null(cmd_find("MSG"));
}

static void
cmd__table__has_the_contract_commands(void **state)
{
	const char *want[] = { "help", "join", "me", "msg", "nick", "quit",
	    "rooms", "who" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_non_null(cmd_find(want[i]));
	assert_true(cmd_find("nick")->anytime);
	assert_true(cmd_find("quit")->anytime);
	assert_false(cmd_find("msg")->anytime);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cmd__table__is_sorted_and_unique),
		cmocka_unit_test(cmd__every_entry__has_usage_help_and_handler),
		cmocka_unit_test(cmd__find__finds_each_and_nothing_else),
		cmocka_unit_test(cmd__table__has_the_contract_commands),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
