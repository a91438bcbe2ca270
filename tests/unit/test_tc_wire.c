/* Unit tests for tui-client/wire.c: structured events off the wire. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tui-client/wire.h"

static struct event ev;
static char *items[8];
static char buf[256];

static int
parse(const char *line)
{
	strcpy(buf, line);
	return wire_parse(buf, &ev, items, 8);
}

static void
wire__parse__reads_msg_fields(void **state)
{
	(void)state;
	assert_int_equal(parse("MSG\t1700000000\tgeneral\talice\thi there"), 0);
	assert_int_equal(ev.type, EV_MSG);
	assert_true(ev.ts == 1700000000);
	assert_string_equal(ev.room, "general");
	assert_string_equal(ev.nick, "alice");
	assert_string_equal(ev.text, "hi there");
}

static void
wire__parse__keeps_tabs_in_last_field(void **state)
{
	(void)state;
	assert_int_equal(parse("NOTICE\t5\ta\tb"), 0);
	assert_string_equal(ev.text, "a\tb");
}

static void
wire__parse__allows_missing_trailing_text(void **state)
{
	(void)state;
	assert_int_equal(parse("PART\t5\tgeneral\tbob"), 0);
	assert_string_equal(ev.nick, "bob");
	assert_string_equal(ev.text, "");
	assert_int_equal(parse("BYE"), 0);
	assert_int_equal(ev.type, EV_BYE);
	assert_string_equal(ev.text, "");
	assert_int_equal(parse("NAME?"), 0);
	assert_int_equal(ev.type, EV_NAME);
}

static void
wire__parse__rejects_missing_fields(void **state)
{
	(void)state;
	assert_int_equal(parse("MSG\t5\tgeneral"), -1);
	assert_int_equal(parse("WELCOME\talice"), -1);
	assert_int_equal(parse("JOIN\t5\t\tbob"), -1);
	assert_int_equal(parse("NICK\t5\told"), -1);
}

static void
wire__parse__rejects_bad_time(void **state)
{
	(void)state;
	assert_int_equal(parse("MSG\tnow\tgeneral\talice\thi"), -1);
	assert_int_equal(parse("MSG\t12x\tgeneral\talice\thi"), -1);
	assert_int_equal(parse("MSG\t\tgeneral\talice\thi"), -1);
	assert_int_equal(parse("MSG\t99999999999999999999\tg\ta\thi"), -1);
	assert_int_equal(parse("MSG\t-5\tg\ta\thi"), 0);
}

static void
wire__parse__ignores_unknown_events(void **state)
{
	(void)state;
	assert_int_equal(parse("FROB\t1\t2"), -1);
	assert_int_equal(parse(""), -1);
	assert_int_equal(parse("msg\t5\tg\ta\thi"), -1);
	assert_int_equal(parse("[ENTER YOUR NAME]:"), -1);
}

static void
wire__parse__tolerates_extra_fields(void **state)
{
	(void)state;
	assert_int_equal(parse("JOIN\t5\tgeneral\tbob\tfuture"), 0);
	assert_string_equal(ev.nick, "bob");
	assert_int_equal(parse("HELLO\t1\ttcpchatd"), 0);
	assert_string_equal(ev.code, "1");
	assert_string_equal(ev.text, "tcpchatd");
}

static void
wire__parse__splits_users_list(void **state)
{
	(void)state;
	assert_int_equal(parse("USERS\tgeneral\talice\tbob carol"), 0);
	assert_string_equal(ev.room, "general");
	assert_int_equal(ev.nlist, 3);
	assert_string_equal(ev.list[0], "alice");
	assert_string_equal(ev.list[2], "carol");
	assert_int_equal(parse("USERS\tempty"), 0);
	assert_int_equal(ev.nlist, 0);
	assert_int_equal(parse("ROOMS\tgeneral:3\trandom:1"), 0);
	assert_int_equal(ev.nlist, 2);
	assert_string_equal(ev.list[1], "random:1");
}

static void
wire__parse__caps_list_items(void **state)
{
	(void)state;
	assert_int_equal(parse("USERS\tr\ta b c d e f g h i j k"), 0);
	assert_int_equal(ev.nlist, 8);
}

static void
wire__parse__reads_priv_and_nick(void **state)
{
	(void)state;
	assert_int_equal(parse("PRIV\t7\talice\tbob\tpsst"), 0);
	assert_string_equal(ev.nick, "alice");
	assert_string_equal(ev.nick2, "bob");
	assert_string_equal(ev.text, "psst");
	assert_int_equal(parse("NICK\t7\told\tnew"), 0);
	assert_string_equal(ev.nick, "old");
	assert_string_equal(ev.nick2, "new");
	assert_string_equal(wire_name(EV_PRIV), "PRIV");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wire__parse__allows_missing_trailing_text),
		cmocka_unit_test(wire__parse__caps_list_items),
		cmocka_unit_test(wire__parse__ignores_unknown_events),
		cmocka_unit_test(wire__parse__keeps_tabs_in_last_field),
		cmocka_unit_test(wire__parse__reads_msg_fields),
		cmocka_unit_test(wire__parse__reads_priv_and_nick),
		cmocka_unit_test(wire__parse__rejects_bad_time),
		cmocka_unit_test(wire__parse__rejects_missing_fields),
		cmocka_unit_test(wire__parse__splits_users_list),
		cmocka_unit_test(wire__parse__tolerates_extra_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
