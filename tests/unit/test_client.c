/* Tests for server/client.c: fan-out through each connection's queue, the
 * --max-queue kick, and deferred close, over socketpair(2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "chatd_fixture.h"
#include "server/room.h"

/* One message to a room: formatted once per presentation, every member
 * queues a reference to the same chunk, and each gets its own line. */
static void
client__event__fans_out_one_chunk_per_presentation(void **state)
{
	struct peer t[3], s[2];
	struct ev e = { .kind = EV_MSG };
	struct room *r;
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		char nick[16];

		snprintf(nick, sizeof(nick), "fan%d", i);
		peer_join(&t[i], nick, 0);
	}
	peer_join(&s[0], "sfan0", 1);
	peer_join(&s[1], "sfan1", 1);
	r = t[0].c->room;
	e.ts = 1700000000;
	e.room = r->name;
	e.nick = "fan0";
	e.text = "hello all";
	e.textlen = 9;
	room_send(r, &e, t[0].c, NULL);
	/* Not flushed yet: the chunks are shared, not copied. */
	assert_non_null(e.tc);
	assert_non_null(e.sc);
	assert_int_equal(e.tc->refs, 1 + 2);	/* t[1], t[2]; not t[0] */
	assert_int_equal(e.sc->refs, 1 + 2);	/* s[0], s[1] */
	event_release(&e);
	for (i = 1; i < 3; i++) {
		peer_read(&t[i]);
		assert_int_equal(peer_count(&t[i], "][fan0]:hello all\n"), 1);
	}
	peer_read(&t[0]);
	assert_int_equal(peer_count(&t[0], "hello all"), 0);
	for (i = 0; i < 2; i++) {
		peer_read(&s[i]);
		assert_int_equal(peer_count(&s[i],
		    "MSG\t1700000000\tgeneral\tfan0\thello all\n"), 1);
	}
	for (i = 0; i < 3; i++)
		peer_close(&t[i]);
	peer_close(&s[0]);
	peer_close(&s[1]);
}

/* A member that does not read is kicked once its queue passes
 * --max-queue; the others keep getting every line. */
static void
client__push__kicks_a_reader_past_max_queue(void **state)
{
	struct peer slow, talk, other;
	char line[600];
	size_t before = srv.nall;
	int i;

	(void)state;
	srv.o.max_queue = 8192;
	peer_open(&slow, 4096);
	peer_say(&slow, "slowpoke");
	peer_join(&talk, "talker", 0);
	peer_join(&other, "listener", 0);
	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	/* The kick and the reap happen within one pass: slow.c is gone
	 * then, so watch what the others see. */
	for (i = 1; i <= 200; i++) {
		peer_say(&talk, line);
		if (strstr(peer_read(&other), "slowpoke has left") != NULL)
			break;
	}
	assert_true(i <= 200);
	assert_true(i * sizeof(line) > 8192);
	peer_read(&other);
	assert_int_equal(peer_count(&other, "][talker]:xxxx"), i);
	assert_int_equal(peer_count(&other, "slowpoke has left our chat"),
	    1);
	/* Reaped: the server closed its end, the rest of its queue
	 * dropped (a kicked client gets no last flush). */
	peer_read(&slow);
	assert_true(slow.eof);
	assert_true(peer_count(&slow, "][talker]:xxxx") < i);
	assert_int_equal(srv.nall, before + 2);
	srv.o.max_queue = QUEUE_DEFAULT;
	peer_close(&slow);
	peer_close(&talk);
	peer_close(&other);
}

/* A close in the middle of a fan-out only marks the connection: it stays
 * in its room's array (the loop over it stays valid) until conn_reap(),
 * which sends the leave notice once and frees it. */
static void
client__close__waits_for_the_reap(void **state)
{
	struct peer a, b;
	struct room *r;
	uint32_t n, nall;

	(void)state;
	peer_join(&a, "closer", 0);
	peer_join(&b, "watcher", 1);
	r = a.c->room;
	n = r->n;
	nall = srv.nall;
	client_close(a.c, "test");
	assert_int_equal(a.c->state, CS_CLOSING);
	assert_int_equal(r->n, n);
	assert_int_equal(srv.nall, nall);
	assert_int_equal(srv.nclosing, 1);
	client_close(a.c, "again");	/* a second close changes nothing */
	assert_int_equal(srv.nclosing, 1);
	conn_reap();
	assert_int_equal(srv.nclosing, 0);
	assert_int_equal(r->n, n - 1);
	assert_int_equal(srv.nall, nall - 1);
	peer_read(&b);
	assert_int_equal(peer_count(&b, "PART\t"), 1);
	assert_int_equal(peer_count(&b, "\tcloser\ttest\n"), 1);
	peer_read(&a);
	assert_true(a.eof);
	peer_close(&a);
	peer_close(&b);
}

/* A goodbye is flushed before the close: /quit's "Goodbye!" arrives,
 * then EOF. */
static void
client__bye__is_sent_before_the_close(void **state)
{
	struct peer a;

	(void)state;
	peer_join(&a, "quitter", 0);
	peer_say(&a, "/quit bye now");
	peer_read(&a);
	assert_int_equal(peer_count(&a, "Goodbye!\n"), 1);
	assert_true(a.eof);
	peer_close(&a);
}

/* A structured joiner whose room's replay is larger than --max-queue
 * gets the whole replay and USERS after it (issue 15, defect 1). */
static void
client__replay__may_pass_max_queue(void **state)
{
	struct peer w, j;
	char line[1100];
	int i;

	(void)state;
	peer_join(&w, "historian", 0);
	peer_say(&w, "/join bigroom");
	memset(line, 'h', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	for (i = 0; i < 40; i++)
		peer_say(&w, line);
	srv.o.max_queue = 4096;
	peer_join(&j, "joiner", 1);
	peer_say(&j, "/join bigroom");
	assert_int_equal(j.c->state, CS_CHAT);
	peer_read(&j);
	assert_int_equal(peer_count(&j, "HIST\t"), 40);
	assert_int_equal(peer_count(&j, "HISTEND\tbigroom\n"), 1);
	assert_int_equal(peer_count(&j, "USERS\tbigroom\t"), 1);
	assert_false(j.eof);
	srv.o.max_queue = QUEUE_DEFAULT;
	peer_close(&w);
	peer_close(&j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    client__event__fans_out_one_chunk_per_presentation),
		cmocka_unit_test(client__push__kicks_a_reader_past_max_queue),
		cmocka_unit_test(client__close__waits_for_the_reap),
		cmocka_unit_test(client__bye__is_sent_before_the_close),
		cmocka_unit_test(client__replay__may_pass_max_queue),
	};

	return cmocka_run_group_tests(tests, fx_setup, NULL);
}
