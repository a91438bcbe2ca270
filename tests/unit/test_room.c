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

/* Every member's slots and every room's array agree. */
static void
room_check_links(struct peer *const *ps, size_t n)
{
	struct client_in *s;
	size_t i;
	uint8_t k;

	for (i = 0; i < n; i++)
		for (k = 0; k < ps[i]->c->nin; k++) {
			s = &ps[i]->c->in[k];
			assert_true(s->ridx < s->room->n);
			assert_ptr_equal(s->room->members[s->ridx], ps[i]->c);
		}
}

/* Protocol 2: several rooms at once; /say and /me #ROOM reach that room
 * only, the current room is the one joined last, /part tells the parter
 * too, and a version 1 client in the same rooms still moves. */
static void
room__v2__is_in_several_rooms(void **state)
{
	struct peer a, v1, t;
	struct peer *all[] = { &a, &v1, &t };

	(void)state;
	peer_join(&a, "many", 2);
	peer_join(&v1, "single", 1);
	peer_join(&t, "texter", 0);
	peer_say(&a, "/join kitchen");
	peer_say(&a, "/join garden");
	assert_int_equal(a.c->nin, 3);
	assert_string_equal(a.c->room->name, "garden");
	peer_say(&v1, "/join kitchen");
	assert_int_equal(v1.c->nin, 1);
	peer_clear(&a);
	peer_clear(&t);
	peer_clear(&v1);
	peer_say(&a, "/say kitchen pass the salt");
	peer_say(&a, "/me #general yawns");
	peer_say(&a, "plain goes to the garden");
	peer_read(&v1);
	peer_read(&t);
	assert_int_equal(peer_count(&v1, "MSG\t"), 1);
	assert_int_equal(peer_count(&v1, "\tkitchen\tmany\tpass the salt\n"),
	    1);
	assert_int_equal(peer_count(&t, "] * many yawns\n"), 1);
	assert_int_equal(peer_count(&t, "salt"), 0);
	assert_int_equal(peer_count(&t, "garden"), 0);
	room_check_links(all, 3);
	peer_clear(&a);
	peer_say(&a, "/part kitchen off to bed");
	peer_read(&a);
	peer_read(&v1);
	assert_int_equal(peer_count(&a, "\tkitchen\tmany\tpart: off to bed\n"),
	    1);
	assert_int_equal(peer_count(&v1, "\tkitchen\tmany\tpart: off to bed\n"),
	    1);
	assert_int_equal(a.c->nin, 2);
	peer_say(&a, "/say kitchen still here?");
	peer_read(&a);
	assert_int_equal(peer_count(&a, "ERR\tnotin\t"), 1);
	room_check_links(all, 3);
	peer_close(&a);
	peer_close(&v1);
	peer_close(&t);
}

/* ROOMS_PER_CONN_MAX rooms at most, refused beyond with a reason;
 * /part of all of them leaves a client in none, whose lines are refused
 * until it joins again. */
static void
room__v2__caps_rooms_per_connection(void **state)
{
	struct peer a;
	char line[64];
	int i;

	(void)state;
	peer_join(&a, "collector", 2);
	for (i = 1; i < ROOMS_PER_CONN_MAX; i++) {
		snprintf(line, sizeof(line), "/join r%d", i);
		peer_say(&a, line);
	}
	assert_int_equal(a.c->nin, ROOMS_PER_CONN_MAX);
	peer_clear(&a);
	peer_say(&a, "/join onemore");
	peer_read(&a);
	assert_int_equal(peer_count(&a, "ERR\ttoomany\t"), 1);
	assert_int_equal(a.c->nin, ROOMS_PER_CONN_MAX);
	for (i = 0; i < ROOMS_PER_CONN_MAX; i++)
		peer_say(&a, "/part");
	assert_int_equal(a.c->nin, 0);
	assert_null(a.c->room);
	peer_clear(&a);
	peer_say(&a, "anyone?");
	peer_say(&a, "/who");
	peer_read(&a);
	assert_int_equal(peer_count(&a, "ERR\tnoroom\t"), 2);
	peer_say(&a, "/join general");
	assert_int_equal(a.c->nin, 1);
	peer_close(&a);
}

/* A rename reaches each person once, however many rooms they share. */
static void
room__rename__tells_each_once_across_rooms(void **state)
{
	struct peer a, b, t;

	(void)state;
	peer_join(&a, "renamer", 2);
	peer_join(&b, "sharer", 2);
	peer_join(&t, "bystander", 0);
	peer_say(&a, "/join den");
	peer_say(&b, "/join den");
	peer_say(&a, "/join loft");
	peer_say(&b, "/join loft");
	peer_clear(&b);
	peer_clear(&t);
	peer_clear(&a);
	peer_say(&a, "/nick renamed");
	peer_read(&a);
	peer_read(&b);
	peer_read(&t);
	assert_int_equal(peer_count(&a, "NICK\t"), 1);
	assert_int_equal(peer_count(&b, "NICK\t"), 1);
	assert_int_equal(peer_count(&t, "renamer is now known as renamed"), 1);
	assert_int_equal(a.c->flags & CF_MARK, 0);
	assert_int_equal(b.c->flags & CF_MARK, 0);
	peer_close(&a);
	peer_close(&b);
	peer_close(&t);
}

/* Quitting leaves every room, each told once with the reason. */
static void
room__v2__quit_leaves_every_room(void **state)
{
	struct peer a, b;
	struct room *r;
	const char *why;

	(void)state;
	peer_join(&a, "quitter", 2);
	peer_join(&b, "watcher", 2);
	peer_say(&a, "/join porch");
	peer_say(&b, "/join porch");
	peer_clear(&b);
	peer_say(&a, "/quit gotta go");
	peer_read(&b);
	assert_int_equal(peer_count(&b, "\tporch\tquitter\tquit: gotta go\n"),
	    1);
	assert_int_equal(peer_count(&b, "\tgeneral\tquitter\tquit: gotta go\n"),
	    1);
	assert_non_null(r = room_find("porch", 5, 0, &why));
	assert_int_equal(r->n, 1);
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
		cmocka_unit_test(room__v2__is_in_several_rooms),
		cmocka_unit_test(room__v2__caps_rooms_per_connection),
		cmocka_unit_test(room__rename__tells_each_once_across_rooms),
		cmocka_unit_test(room__v2__quit_leaves_every_room),
	};

	return cmocka_run_group_tests(tests, fx_setup, NULL);
}
