/* Tests for server/event.c: each event in both presentations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "server/event.h"

/* 2020-01-20 16:03:43 UTC */
#define TS	1579536223

static void
expect(struct ev *e, const char *text, const char *structured)
{
	struct chunk *t = event_text(e), *s = event_struct(e);

	assert_int_equal(t->len, strlen(text));
	assert_memory_equal(t->data, text, t->len);
	assert_int_equal(s->len, strlen(structured));
	assert_memory_equal(s->data, structured, s->len);
	assert_ptr_equal(event_text(e), t);	/* made once */
	assert_ptr_equal(event_struct(e), s);
	event_release(e);
	assert_null(e->tc);
}

static void
event__formats__messages(void **state)
{
	struct ev e = { .kind = EV_MSG, .ts = TS, .room = "general",
	    .nick = "Lee", .text = "Hi everyone!xyz", .textlen = 12 };

	(void)state;
	expect(&e, "[2020-01-20 16:03:43][Lee]:Hi everyone!\n",
	    "MSG\t1579536223\tgeneral\tLee\tHi everyone!\n");
	e.kind = EV_ME;
	expect(&e, "[2020-01-20 16:03:43] * Lee Hi everyone!\n",
	    "ME\t1579536223\tgeneral\tLee\tHi everyone!\n");
	e.kind = EV_HIST;
	expect(&e, "[2020-01-20 16:03:43][Lee]:Hi everyone!\n",
	    "HIST\t1579536223\tgeneral\tLee\tHi everyone!\n");
	e.kind = EV_HISTME;
	expect(&e, "[2020-01-20 16:03:43] * Lee Hi everyone!\n",
	    "HISTME\t1579536223\tgeneral\tLee\tHi everyone!\n");
	e.textlen = 0;
	e.kind = EV_MSG;
	expect(&e, "[2020-01-20 16:03:43][Lee]:\n",
	    "MSG\t1579536223\tgeneral\tLee\t\n");
}

static void
event__formats__membership(void **state)
{
	struct ev e = { .kind = EV_JOIN, .ts = TS, .room = "general",
	    .nick = "Lee", .arg = "quit" };

	(void)state;
	expect(&e, "Lee has joined our chat...\n",
	    "JOIN\t1579536223\tgeneral\tLee\n");
	e.kind = EV_PART;
	expect(&e, "Lee has left our chat...\n",
	    "PART\t1579536223\tgeneral\tLee\tquit\n");
	e.kind = EV_NICK;
	e.arg = "Lea";
	expect(&e, "Lee is now known as Lea\n", "NICK\t1579536223\tLee\tLea\n");
}

static void
event__formats__private_and_notice(void **state)
{
	struct ev e = { .kind = EV_PRIV, .ts = TS, .nick = "a", .arg = "b",
	    .text = "psst", .textlen = 4 };

	(void)state;
	expect(&e, "[2020-01-20 16:03:43][a -> b]:psst\n",
	    "PRIV\t1579536223\ta\tb\tpsst\n");
	e.kind = EV_NOTICE;
	expect(&e, "psst\n", "NOTICE\t1579536223\tpsst\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(event__formats__messages),
		cmocka_unit_test(event__formats__membership),
		cmocka_unit_test(event__formats__private_and_notice),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
