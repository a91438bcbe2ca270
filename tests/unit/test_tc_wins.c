/* Unit tests for tui-client/wins.c: windows, activity, the status list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tui-client/tcpchat.h"
#include "tui-client/wins.h"

static void
wins__open__finds_or_appends(void **state)
{
	struct wins ws;

	(void)state;
	wins_init(&ws, 10);
	assert_int_equal(ws.n, 1);
	wins_rename(&ws, 0, "general");
	assert_int_equal(wins_open(&ws, WIN_QUERY, "bob"), 1);
	assert_int_equal(wins_open(&ws, WIN_QUERY, "BOB"), 1);
	assert_int_equal(wins_open(&ws, WIN_ROOM, "dev"), 2);
	assert_int_equal(wins_find(&ws, WIN_QUERY, "general"), -1);
	assert_int_equal(wins_find(&ws, WIN_ROOM, "General"), 0);
	assert_int_equal(ws.n, 3);
	wins_free(&ws);
}

static void
wins__status__lists_activity(void **state)
{
	struct wins ws;
	char buf[128];

	(void)state;
	wins_init(&ws, 10);
	wins_rename(&ws, 0, "general");
	wins_open(&ws, WIN_ROOM, "dev");
	wins_open(&ws, WIN_QUERY, "bob");
	wins_mark(&ws, 1, WIN_NEW);
	wins_mark(&ws, 2, WIN_NEW);
	wins_mark(&ws, 2, WIN_HOT);
	wins_mark(&ws, 2, WIN_NEW);		/* never lowered */
	wins_mark(&ws, 0, WIN_HOT);		/* shown: nothing to mark */
	wins_status(&ws, buf, sizeof(buf));
	assert_string_equal(buf, "[1:#general 2:#dev* 3:bob!]");
	/* Too small: cut between windows, still a string. */
	wins_status(&ws, buf, 16);
	assert_string_equal(buf, "[1:#general");
	wins_free(&ws);
}

static void
wins__next_active__prefers_mentions(void **state)
{
	struct wins ws;

	(void)state;
	wins_init(&ws, 10);
	wins_open(&ws, WIN_ROOM, "dev");
	wins_open(&ws, WIN_QUERY, "bob");
	wins_open(&ws, WIN_QUERY, "carol");
	assert_int_equal(wins_next_active(&ws), 0);	/* none: stay */
	wins_mark(&ws, 1, WIN_NEW);
	wins_mark(&ws, 3, WIN_HOT);
	assert_int_equal(wins_next_active(&ws), 3);
	wins_select(&ws, 3);
	assert_int_equal(ws.list[3]->activity, WIN_QUIET);
	assert_int_equal(wins_next_active(&ws), 1);
	wins_select(&ws, 1);
	assert_int_equal(wins_next_active(&ws), 1);
	wins_free(&ws);
}

/* A flood of private messages from new names opens WINDOWS_MAX
 * windows, no more: the room's window takes the rest. */
static void
wins__open__stops_at_the_limit(void **state)
{
	struct wins ws;
	char nick[32];
	int i;

	(void)state;
	wins_init(&ws, 2);
	for (i = 0; i < 3 * WINDOWS_MAX; i++) {
		snprintf(nick, sizeof(nick), "n%d", i);
		wins_open(&ws, WIN_QUERY, nick);
	}
	assert_int_equal(ws.n, WINDOWS_MAX);
	assert_int_equal(wins_open(&ws, WIN_QUERY, "n1"), 2);
	assert_int_equal(wins_open(&ws, WIN_QUERY, "new"), 0);
	wins_free(&ws);
}

static void
wins__close__keeps_a_room_window(void **state)
{
	struct wins ws;

	(void)state;
	wins_init(&ws, 10);
	assert_int_equal(wins_close(&ws, 0), -1);
	wins_open(&ws, WIN_QUERY, "bob");
	wins_open(&ws, WIN_QUERY, "carol");
	wins_select(&ws, 2);
	assert_int_equal(wins_close(&ws, 2), 0);
	assert_int_equal(ws.n, 2);
	assert_int_equal(ws.cur, 1);
	assert_string_equal(wins_current(&ws)->name, "bob");
	wins_select(&ws, 0);
	assert_int_equal(wins_close(&ws, 1), 0);
	assert_int_equal(ws.cur, 0);
	assert_int_equal(wins_close(&ws, 0), -1);
	assert_int_equal(wins_close(&ws, 5), -1);
	wins_free(&ws);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wins__open__stops_at_the_limit),
		cmocka_unit_test(wins__close__keeps_a_room_window),
		cmocka_unit_test(wins__next_active__prefers_mentions),
		cmocka_unit_test(wins__open__finds_or_appends),
		cmocka_unit_test(wins__status__lists_activity),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
