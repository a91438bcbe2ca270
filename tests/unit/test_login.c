/* Tests for server/login.c: the name phase, from the prompt to a room,
 * and the name given back at the end, over socketpair(2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "chatd_fixture.h"
#include "server/room.h"

static void
login__name__joins_the_default_room(void **state)
{
	struct peer p;
	uint32_t joined = srv.njoined;

	(void)state;
	peer_open(&p, 0);
	peer_read(&p);
	assert_non_null(strstr(p.buf, "[ENTER YOUR NAME]:"));
	assert_int_equal(p.c->state, CS_NAME);
	peer_clear(&p);
	peer_say(&p, "  Alice  ");
	assert_int_equal(p.c->state, CS_CHAT);
	assert_string_equal(p.c->nick, "Alice");
	assert_string_equal(p.c->room->name, ROOM_DEFAULT);
	assert_ptr_equal(htab_get(&srv.nicks, "alice"), p.c);
	assert_int_equal(srv.njoined, joined + 1);
	peer_read(&p);
	assert_non_null(strstr(p.buf, "][Alice]:"));
	peer_close(&p);
	assert_null(htab_get(&srv.nicks, "alice"));
	assert_int_equal(srv.njoined, joined);
}

/* Structured: HELLO, NAME?, then WELCOME nick room. */
static void
login__name__welcomes_a_structured_client(void **state)
{
	struct peer p;

	(void)state;
	peer_open(&p, 0);
	peer_say(&p, "/hello tcpchat 1");
	peer_read(&p);
	assert_non_null(strstr(p.buf, "\nHELLO\t1\ttcpchatd\nNAME?\n"));
	peer_clear(&p);
	peer_say(&p, "bot");
	peer_read(&p);
	assert_true(strncmp(p.buf, "WELCOME\tbot\tgeneral\n", 20) == 0);
	peer_close(&p);
}

/* A bad or taken name gets a reason and the prompt again; the fifth
 * failure is the last. */
static void
login__name__refuses_bad_and_taken_names_five_times(void **state)
{
	struct peer a, p;

	(void)state;
	peer_join(&a, "Taken", 0);
	peer_open(&p, 0);
	peer_clear(&p);
	peer_say(&p, "taken");
	peer_read(&p);
	assert_non_null(strstr(p.buf, "the name taken is taken"));
	assert_int_equal(peer_count(&p, "[ENTER YOUR NAME]:"), 1);
	peer_say(&p, "server");
	peer_say(&p, "no spaces");
	peer_say(&p, "");
	assert_int_equal(p.c->state, CS_NAME);
	peer_say(&p, "TAKEN");
	peer_read(&p);
	assert_int_equal(peer_count(&p, "[ENTER YOUR NAME]:"), 4);
	assert_non_null(strstr(p.buf, "Too many tries, goodbye.\n"));
	assert_true(p.eof);
	peer_close(&p);
	peer_close(&a);
}

/* /nick before a name is the name phase too; other commands wait. */
static void
login__nick__before_a_name_takes_it(void **state)
{
	struct peer p;

	(void)state;
	peer_open(&p, 0);
	peer_clear(&p);
	peer_say(&p, "/who");
	peer_read(&p);
	assert_non_null(strstr(p.buf, "choose a name first"));
	assert_int_equal(p.c->state, CS_NAME);
	peer_say(&p, "/nick early");
	assert_int_equal(p.c->state, CS_CHAT);
	assert_string_equal(p.c->nick, "early");
	peer_close(&p);
}

/* The name is free again once its owner's connection is reaped, not
 * before (a name is never owned twice). */
static void
login__leave__frees_the_name_at_the_reap(void **state)
{
	struct peer a, b;

	(void)state;
	peer_join(&a, "owner", 0);
	client_close(a.c, "test");
	assert_non_null(htab_get(&srv.nicks, "owner"));
	conn_reap();
	assert_null(htab_get(&srv.nicks, "owner"));
	peer_join(&b, "Owner", 0);
	assert_string_equal(b.c->nick, "Owner");
	peer_close(&a);
	peer_close(&b);
}

/* /join before a name: the room to go straight to, so a returning
 * client passes through no other (its people see no join and leave);
 * a bad room name is refused at once. */
static void
login__join_before_name__goes_straight_there(void **state)
{
	struct peer p, w;

	(void)state;
	peer_join(&w, "watcher", 0);
	peer_open(&p, 0);
	peer_say(&p, "/hello tcpchat 1");
	peer_say(&p, "/join bad room");
	peer_read(&p);
	assert_non_null(strstr(p.buf, "ERR\tbadroom\t"));
	peer_say(&p, "/join #Studio");
	peer_say(&p, "returner");
	peer_read(&p);
	assert_string_equal(p.c->room->name, "Studio");
	assert_non_null(strstr(p.buf, "WELCOME\treturner\tStudio\n"));
	assert_null(strstr(p.buf, "general"));
	assert_null(p.c->wantroom);
	peer_read(&w);
	assert_null(strstr(w.buf, "returner"));
	peer_close(&p);
	peer_close(&w);
}

/* "/hello tcpchat N" gets the newest version up to N. */
static void
login__hello__answers_the_version_asked(void **state)
{
	struct peer a, b;

	(void)state;
	peer_open(&a, 0);
	peer_say(&a, "/hello tcpchat 2");
	peer_read(&a);
	assert_non_null(strstr(a.buf, "\nHELLO\t2\ttcpchatd\n"));
	assert_true(a.c->flags & CF_V2);
	peer_open(&b, 0);
	peer_say(&b, "/hello tcpchat 7");
	peer_read(&b);
	assert_non_null(strstr(b.buf, "\nHELLO\t2\ttcpchatd\n"));
	peer_close(&a);
	peer_close(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(login__name__joins_the_default_room),
		cmocka_unit_test(login__name__welcomes_a_structured_client),
		cmocka_unit_test(
		    login__name__refuses_bad_and_taken_names_five_times),
		cmocka_unit_test(login__nick__before_a_name_takes_it),
		cmocka_unit_test(login__leave__frees_the_name_at_the_reap),
		cmocka_unit_test(login__join_before_name__goes_straight_there),
		cmocka_unit_test(login__hello__answers_the_version_asked),
	};

	return cmocka_run_group_tests(tests, fx_setup, NULL);
}
