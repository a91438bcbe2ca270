/* Unit tests for tui-client/command.c and complete.c: the sorted command
 * table with usage for each entry, arity checks, Tab completion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tui-client/command.h"
#include "tui-client/complete.h"

static void
command__table__is_sorted_with_usage(void **state)
{
	const struct command *t;
	size_t i, n;

	(void)state;
	t = command_table(&n);
	assert_true(n >= 9);
	for (i = 0; i < n; i++) {
		assert_non_null(t[i].fn);
		assert_non_null(t[i].help);
		assert_true(strlen(t[i].help) > 0);
		/* The usage starts with "/name". */
		assert_int_equal(t[i].usage[0], '/');
		assert_memory_equal(t[i].usage + 1, t[i].name,
		    strlen(t[i].name));
		if (i > 0)
			assert_true(strcmp(t[i - 1].name, t[i].name) < 0);
	}
}

static void
command__table__has_local_and_server_commands(void **state)
{
	static const char *const want[] = { "clear", "help", "join", "me",
	    "msg", "nick", "quit", "rooms", "who" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_non_null(command_find(want[i], strlen(want[i])));
	assert_null(command_find("wh", 2));
	assert_null(command_find("whois", 5));
	/* Command names are not case sensitive, as on the server. */
	assert_ptr_equal(command_find("QUIT", 4), command_find("quit", 4));
}

static void
command__arity__counts_words(void **state)
{
	const struct command *msg, *who, *join, *quit;

	(void)state;
	msg = command_find("msg", 3);
	who = command_find("who", 3);
	join = command_find("join", 4);
	quit = command_find("quit", 4);
	assert_false(command_arity_ok(msg, ""));
	assert_false(command_arity_ok(msg, "bob"));
	assert_true(command_arity_ok(msg, "bob hi there you"));
	assert_true(command_arity_ok(who, ""));
	assert_false(command_arity_ok(who, "x"));
	assert_true(command_arity_ok(join, "lobby"));
	assert_true(command_arity_ok(join, "lobby  "));
	assert_false(command_arity_ok(join, "a b"));
	assert_true(command_arity_ok(quit, ""));
	assert_true(command_arity_ok(quit, "gone for lunch"));
}

static void
complete__kind__commands_only_at_line_start(void **state)
{
	(void)state;
	assert_int_equal(complete_kind("/jo", 0), COMPLETE_CMD);
	assert_int_equal(complete_kind("bo", 0), COMPLETE_NICK);
	/* After /msg anyone known; after /join and /part a room. */
	assert_int_equal(complete_kind("/msg bo", 5), COMPLETE_ANYNICK);
	assert_int_equal(complete_kind("/query  bo", 8), COMPLETE_ANYNICK);
	assert_int_equal(complete_kind("/msg bob hi al", 12), COMPLETE_NICK);
	assert_int_equal(complete_kind("/join #d", 6), COMPLETE_ROOM);
	assert_int_equal(complete_kind("/PART d", 6), COMPLETE_JOINED);
	assert_int_equal(complete_kind("/joint d", 7), COMPLETE_NICK);
	assert_int_equal(complete_kind("hi /jo", 3), COMPLETE_NICK);
}

static void
complete__next__walks_matches_ignoring_case(void **state)
{
	static const char *const names[] = { "alice", "Bob", "bobby",
	    "carol" };
	size_t at = 0;

	(void)state;
	assert_string_equal(complete_next("bo", names, 4, &at), "Bob");
	assert_string_equal(complete_next("bo", names, 4, &at), "bobby");
	assert_null(complete_next("bo", names, 4, &at));
	at = 0;
	assert_string_equal(complete_next("", names, 4, &at), "alice");
	at = 0;
	assert_null(complete_next("zed", names, 4, &at));
}

/* The latest speaker comes first and we never do; a name at the start
 * of the line gets its ':'; /msg offers people of anywhere. */
static void
complete__cands__latest_speaker_first_never_us(void **state)
{
	static const char *const people[] = { "alice", "bob", "carol",
	    "dave" };
	static const char *const recent[] = { "alice", "dave", "zed" };
	static const char *const others[] = { "yves" };
	static const char *const rooms[] = { "dev", "general" };
	static const char *const joined[] = { "ops" };
	struct complete_src s = { people, 4, recent, 3, others, 1, rooms, 2,
	    "alice", joined, 1 };
	char **c;
	size_t n;

	(void)state;
	/* /part: the rooms we are in, not every room heard of */
	n = complete_cands(&s, COMPLETE_JOINED, 0, 1, &c);
	assert_int_equal(n, 1);
	assert_string_equal(c[0], "#ops");
	complete_free(c, n);
	n = complete_cands(&s, COMPLETE_NICK, 0, 0, &c);
	assert_int_equal(n, 4);
	assert_string_equal(c[0], "dave");	/* spoke last but us */
	assert_string_equal(c[1], "bob");
	assert_string_equal(c[2], "carol");
	assert_string_equal(c[3], "alice");	/* us: last */
	complete_free(c, n);
	n = complete_cands(&s, COMPLETE_NICK, 1, 0, &c);
	assert_string_equal(c[0], "dave:");
	complete_free(c, n);
	n = complete_cands(&s, COMPLETE_ANYNICK, 0, 0, &c);
	assert_int_equal(n, 6);
	assert_string_equal(c[0], "dave");
	assert_string_equal(c[1], "zed");	/* spoke, not in the room */
	assert_string_equal(c[4], "yves");
	assert_string_equal(c[5], "alice");
	complete_free(c, n);
	n = complete_cands(&s, COMPLETE_ROOM, 0, 1, &c);
	assert_int_equal(n, 2);
	assert_string_equal(c[0], "#dev");
	complete_free(c, n);
	n = complete_cands(&s, COMPLETE_ROOM, 0, 0, &c);
	assert_string_equal(c[1], "general");
	complete_free(c, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(complete__cands__latest_speaker_first_never_us),
		cmocka_unit_test(command__arity__counts_words),
		cmocka_unit_test(command__table__has_local_and_server_commands),
		cmocka_unit_test(command__table__is_sorted_with_usage),
		cmocka_unit_test(complete__kind__commands_only_at_line_start),
		cmocka_unit_test(complete__next__walks_matches_ignoring_case),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
