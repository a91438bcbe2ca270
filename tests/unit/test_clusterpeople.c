/* Unit tests for server/clusterpeople.c: who is where, from room events. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "server/clusterpeople.h"
#include "server/names.h"

static int
setup(void **state)
{
	(void)state;
	names_locale();
	return 0;
}

static struct cluster_event
said_in(enum cluster_kind k, const char *node, const char *nick,
    const char *arg, const char *room)
{
	struct cluster_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = k;
	ev.node = node;
	ev.nick = nick;
	ev.room = room;
	ev.arg = arg;
	ev.text = "";
	return ev;
}

static struct cluster_event
said(enum cluster_kind k, const char *node, const char *nick,
    const char *arg)
{
	return said_in(k, node, nick, arg, "General");
}

static void
clusterpeople__apply__follows_joins_parts_and_nicks(void **state)
{
	struct htab t;
	struct cluster_event ev;
	struct clusterpeople_person *p;

	(void)state;
	clusterpeople_init(&t);
	ev = said(CLUSTER_JOIN, "B", "Bob", "");
	assert_int_equal(clusterpeople_apply(&t, &ev, "general"), 1);
	/* The same join again (a node re-registering) is a repeat. */
	assert_int_equal(clusterpeople_apply(&t, &ev, "general"), 0);
	assert_non_null(p = htab_get(&t, "bob"));
	assert_string_equal(p->node, "B");
	assert_int_equal(p->nrooms, 1);
	assert_string_equal(p->rooms[0].name, "General");
	ev = said(CLUSTER_NICK, "B", "Bob", "Robert");
	assert_int_equal(clusterpeople_apply(&t, &ev, "general"), 1);
	assert_null(htab_get(&t, "bob"));
	assert_non_null(p = htab_get(&t, "robert"));
	assert_string_equal(p->nick, "Robert");
	/* A part by another node's namesake does not remove Robert. */
	ev = said(CLUSTER_PART, "C", "Robert", "node lost");
	assert_int_equal(clusterpeople_apply(&t, &ev, "general"), 0);
	assert_non_null(htab_get(&t, "robert"));
	ev = said(CLUSTER_PART, "B", "robert", "quit");
	assert_int_equal(clusterpeople_apply(&t, &ev, "general"), 1);
	assert_null(htab_get(&t, "robert"));
	assert_int_equal(clusterpeople_apply(&t, &ev, "general"), 0);
	clusterpeople_clear(&t);
	htab_free(&t);
}

static void
clusterpeople__apply__keeps_several_rooms_per_nick(void **state)
{
	struct htab t;
	struct cluster_event ev;
	struct clusterpeople_person *p;

	(void)state;
	clusterpeople_init(&t);
	ev = said_in(CLUSTER_JOIN, "A", "Ann", "", "Alpha");
	assert_int_equal(clusterpeople_apply(&t, &ev, "alpha"), 1);
	ev = said_in(CLUSTER_JOIN, "A", "Ann", "", "Beta");
	assert_int_equal(clusterpeople_apply(&t, &ev, "beta"), 1);
	assert_int_equal(clusterpeople_apply(&t, &ev, "beta"), 0);
	assert_non_null(p = htab_get(&t, "ann"));
	assert_int_equal(p->nrooms, 2);
	assert_true(clusterpeople_in(p, "alpha"));
	assert_true(clusterpeople_in(p, "beta"));
	assert_false(clusterpeople_in(p, "gamma"));
	assert_int_equal(t.n, 1);
	/* One rename, said in one room, renames in both. */
	ev = said_in(CLUSTER_NICK, "A", "Ann", "Anna", "Beta");
	assert_int_equal(clusterpeople_apply(&t, &ev, "beta"), 1);
	assert_null(htab_get(&t, "ann"));
	assert_non_null(p = htab_get(&t, "anna"));
	assert_int_equal(p->nrooms, 2);
	assert_true(clusterpeople_in(p, "alpha"));
	assert_true(clusterpeople_in(p, "beta"));
	/* Said again in the other room, it is a repeat. */
	ev = said_in(CLUSTER_NICK, "A", "Ann", "Anna", "Alpha");
	assert_int_equal(clusterpeople_apply(&t, &ev, "alpha"), 0);
	/* A part takes one room; the person stays in the other. */
	ev = said_in(CLUSTER_PART, "A", "Anna", "bye", "Alpha");
	assert_int_equal(clusterpeople_apply(&t, &ev, "alpha"), 1);
	assert_int_equal(clusterpeople_apply(&t, &ev, "alpha"), 0);
	assert_non_null(p = htab_get(&t, "anna"));
	assert_int_equal(p->nrooms, 1);
	assert_false(clusterpeople_in(p, "alpha"));
	assert_true(clusterpeople_in(p, "beta"));
	/* A part of the last room: gone. */
	ev = said_in(CLUSTER_PART, "A", "Anna", "node lost", "Beta");
	assert_int_equal(clusterpeople_apply(&t, &ev, "beta"), 1);
	assert_null(htab_get(&t, "anna"));
	assert_int_equal(t.n, 0);
	clusterpeople_clear(&t);
	htab_free(&t);
}

static void
clusterpeople__put__another_node_replaces_the_person(void **state)
{
	struct htab t;
	struct clusterpeople_person *p;

	(void)state;
	clusterpeople_init(&t);
	clusterpeople_put(&t, "ann", "Ann", "alpha", "Alpha", "A");
	clusterpeople_put(&t, "ann", "Ann", "beta", "Beta", "A");
	clusterpeople_put(&t, "ann", "ANN", "beta", "Beta", "A");
	assert_non_null(p = htab_get(&t, "ann"));
	assert_int_equal(p->nrooms, 2);
	assert_string_equal(p->nick, "ANN");
	/* The name went to another node: its rooms are not the old ones. */
	clusterpeople_put(&t, "ann", "Ann", "gamma", "Gamma", "B");
	assert_non_null(p = htab_get(&t, "ann"));
	assert_int_equal(p->nrooms, 1);
	assert_string_equal(p->node, "B");
	assert_true(clusterpeople_in(p, "gamma"));
	clusterpeople_part(&t, "ann", "alpha", 0);
	assert_non_null(htab_get(&t, "ann"));
	clusterpeople_part(&t, "ann", "gamma", 0);
	assert_null(htab_get(&t, "ann"));
	/* This node's own people keep their names in no room. */
	clusterpeople_put(&t, "ann", "Ann", "alpha", "Alpha", "A");
	clusterpeople_part(&t, "ann", "alpha", 1);
	assert_non_null(p = htab_get(&t, "ann"));
	assert_int_equal(p->nrooms, 0);
	assert_false(clusterpeople_in(p, "alpha"));
	clusterpeople_put(&t, "ann", "Ann", "beta", "Beta", "A");
	assert_int_equal(p->nrooms, 1);
	assert_null(clusterpeople_rename(&t, "nobody", "bob", "Bob"));
	assert_non_null(clusterpeople_rename(&t, "ann", "bob", "Bob"));
	assert_null(htab_get(&t, "ann"));
	assert_non_null(p = htab_get(&t, "bob"));
	assert_int_equal(p->nrooms, 1);
	clusterpeople_clear(&t);
	htab_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    clusterpeople__apply__follows_joins_parts_and_nicks),
		cmocka_unit_test(
		    clusterpeople__apply__keeps_several_rooms_per_nick),
		cmocka_unit_test(
		    clusterpeople__put__another_node_replaces_the_person),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
