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
said(enum cluster_kind k, const char *node, const char *nick,
    const char *arg)
{
	struct cluster_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = k;
	ev.node = node;
	ev.nick = nick;
	ev.room = "General";
	ev.arg = arg;
	ev.text = "";
	return ev;
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
	assert_string_equal(p->room, "General");
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    clusterpeople__apply__follows_joins_parts_and_nicks),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
