/* Unit tests for clockwall/resolve.c: numbers at once, names via the loop. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <netinet/in.h>

#include <string.h>

#include "loop.h"
#include "clockwall/resolve.h"

struct answer {
	int		 calls;
	int		 rc;
	int		 family;
	int		 port;
};

static void
on_answer(struct loop *loop, struct addrinfo *ai, int rc, void *arg)
{
	struct answer *a = arg;

	(void)loop;
	a->calls++;
	a->rc = rc;
	if (ai != NULL) {
		a->family = ai->ai_family;
		a->port = ai->ai_family == AF_INET ?
		    ntohs(((struct sockaddr_in *)ai->ai_addr)->sin_port) :
		    ntohs(((struct sockaddr_in6 *)ai->ai_addr)->sin6_port);
		freeaddrinfo(ai);
	}
}

/* One loop for every test: the resolver keeps its pipe in the first. */
static int
group_setup(void **state)
{
	return (*state = loop_new()) == NULL ? -1 : 0;
}

static int
group_teardown(void **state)
{
	loop_free(*state);
	return 0;
}

/* Runs the loop until *calls is nonzero or about 5 s passed. */
static void
wait_for(struct loop *loop, const int *calls)
{
	int i;

	for (i = 0; i < 50 && *calls == 0; i++)
		loop_once(loop, 100);
}

static void
resolve__answers_numbers__before_returning(void **state)
{
	struct loop *loop = *state;
	struct answer a4 = { 0 }, a6 = { 0 };

	assert_null(resolve_start(loop, "127.0.0.1", "8010", on_answer, &a4));
	assert_int_equal(a4.calls, 1);
	assert_int_equal(a4.rc, 0);
	assert_int_equal(a4.family, AF_INET);
	assert_int_equal(a4.port, 8010);
	assert_null(resolve_start(loop, "::1", "8020", on_answer, &a6));
	assert_int_equal(a6.calls, 1);
	if (a6.rc == 0) {		/* no IPv6 here: AI_ADDRCONFIG */
		assert_int_equal(a6.family, AF_INET6);
		assert_int_equal(a6.port, 8020);
	}
}

static void
resolve__answers_names__from_the_loop(void **state)
{
	struct loop *loop = *state;
	struct answer a = { 0 };
	struct resolve *req;

	req = resolve_start(loop, "localhost", "8030", on_answer, &a);
	assert_non_null(req);
	assert_int_equal(a.calls, 0);
	wait_for(loop, &a.calls);
	assert_int_equal(a.calls, 1);
	assert_int_equal(a.rc, 0);
	assert_int_equal(a.port, 8030);
}

static void
resolve__says__why_a_lookup_failed(void **state)
{
	struct loop *loop = *state;
	struct answer a = { 0 };

	/* A service that is not a number fails in the thread without asking
	 * any name server, so the test cannot wait on one. */
	assert_non_null(resolve_start(loop, "localhost", "clock",
	    on_answer, &a));
	wait_for(loop, &a.calls);
	assert_int_equal(a.calls, 1);
	assert_int_not_equal(a.rc, 0);
}

static void
resolve__cancelled__never_calls_back(void **state)
{
	struct loop *loop = *state;
	struct answer gone = { 0 }, kept = { 0 };
	struct resolve *req;

	req = resolve_start(loop, "localhost", "1", on_answer, &gone);
	assert_non_null(req);
	resolve_cancel(req);
	assert_non_null(resolve_start(loop, "localhost", "2", on_answer,
	    &kept));
	wait_for(loop, &kept.calls);
	assert_int_equal(kept.calls, 1);
	/* Both threads answered through one pipe, in either order. */
	loop_once(loop, 200);
	assert_int_equal(gone.calls, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(resolve__answers_numbers__before_returning),
		cmocka_unit_test(resolve__answers_names__from_the_loop),
		cmocka_unit_test(resolve__says__why_a_lookup_failed),
		cmocka_unit_test(resolve__cancelled__never_calls_back),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
