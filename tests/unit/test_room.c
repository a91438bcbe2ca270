/* Tests for server/room.c: finding rooms, joining with the replay and the
 * people list, leaving, and forgetting rooms, over socketpair(2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "chatd_fixture.h"
#include "server/room.h"

static void
room__find__folds_names_and_makes_on_demand(void **state)
{
	struct room *r;
	const char *why = NULL;

	(void)state;
	assert_null(room_find("Lounge", 6, 0, &why));
	r = room_find("Lounge", 6, 1, &why);
	assert_non_null(r);
	assert_string_equal(r->name, "Lounge");
	assert_ptr_equal(room_find("#lounge", 7, 0, &why), r);
	assert_ptr_equal(room_find("LOUNGE", 6, 1, &why), r);
	assert_null(room_find("no way", 6, 1, &why));
	assert_non_null(why);
	assert_null(room_find("server", 6, 1, &why));
	/* Nobody in it and no history: forgotten at the next leave; the
	 * default room always exists. */
	assert_non_null(room_find(ROOM_DEFAULT, strlen(ROOM_DEFAULT), 0,
	    &why));
}

/* A joiner gets the history (HIST ... HISTEND), then USERS; the members
 * get its JOIN; a text joiner gets the lines and its prompt. */
static void
room__enter__replays_history_then_people(void **state)
{
	struct peer a, s, t;

	(void)state;
	peer_join(&a, "host", 0);
	peer_say(&a, "/join parlour");
	peer_say(&a, "first");
	peer_say(&a, "/me waves");
	peer_clear(&a);
	peer_join(&s, "guest", 1);
	peer_say(&s, "/join parlour");
	peer_read(&s);
	assert_non_null(strstr(s.buf, "\tparlour\thost\tfirst\nHISTME\t"));
	assert_non_null(strstr(s.buf, "\tparlour\thost\twaves\n"
	    "HISTEND\tparlour\nUSERS\tparlour\t"));
	assert_non_null(strstr(s.buf, "\thost"));
	assert_non_null(strstr(s.buf, "\tguest"));
	peer_read(&a);
	assert_int_equal(peer_count(&a, "guest has joined our chat..."), 1);
	peer_join(&t, "reader", 0);
	peer_say(&t, "/join parlour");
	peer_read(&t);
	assert_int_equal(peer_count(&t, "][host]:first\n"), 1);
	assert_int_equal(peer_count(&t, "] * host waves\n"), 1);
	assert_int_equal(peer_count(&t, "USERS"), 0);
	peer_close(&a);
	peer_close(&s);
	peer_close(&t);
}

/* Leaving tells the others once; an empty room without history goes, so
 * its name can be made afresh. */
static void
room__leave__tells_the_others_and_forgets_an_empty_room(void **state)
{
	struct peer a, b;
	const char *why;

	(void)state;
	peer_join(&a, "mover", 0);
	peer_join(&b, "stayer", 1);
	peer_say(&a, "/join attic");
	peer_say(&b, "/join attic");
	assert_non_null(room_find("attic", 5, 0, &why));
	peer_clear(&b);
	peer_say(&a, "/join cellar");
	peer_read(&b);
	assert_int_equal(peer_count(&b, "PART\t"), 1);
	assert_int_equal(peer_count(&b, "\tattic\tmover\tmoved to cellar\n"),
	    1);
	peer_say(&b, "/join cellar");
	assert_null(room_find("attic", 5, 0, &why));
	peer_close(&a);
	peer_close(&b);
}

/* A fan-out reaches named members only: one still at the name prompt
 * in the default room hears nothing of it. */
static void
room__send__skips_connections_without_a_name(void **state)
{
	struct peer a, b, anon;

	(void)state;
	peer_join(&a, "speaker", 0);
	peer_join(&b, "hearer", 0);
	peer_open(&anon, 0);
	peer_clear(&anon);
	peer_say(&a, "is anyone there");
	peer_read(&b);
	assert_int_equal(peer_count(&b, "][speaker]:is anyone there\n"), 1);
	peer_read(&anon);
	assert_int_equal(peer_count(&anon, "is anyone there"), 0);
	peer_close(&a);
	peer_close(&b);
	peer_close(&anon);
}

/* /nick tells the room, and the old name is free again. */
static void
room__rename__tells_the_room(void **state)
{
	struct peer a, b;

	(void)state;
	peer_join(&a, "oldname", 0);
	peer_join(&b, "witness", 1);
	peer_say(&a, "/nick newname");
	peer_read(&b);
	assert_int_equal(peer_count(&b, "\toldname\tnewname\n"), 1);
	assert_null(htab_get(&srv.nicks, "oldname"));
	assert_ptr_equal(htab_get(&srv.nicks, "newname"), a.c);
	peer_close(&a);
	peer_close(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(room__find__folds_names_and_makes_on_demand),
		cmocka_unit_test(room__enter__replays_history_then_people),
		cmocka_unit_test(
		    room__leave__tells_the_others_and_forgets_an_empty_room),
		cmocka_unit_test(room__send__skips_connections_without_a_name),
		cmocka_unit_test(room__rename__tells_the_room),
	};

	return cmocka_run_group_tests(tests, fx_setup, NULL);
}
