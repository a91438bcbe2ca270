/* Unit tests for server/clockd_fanout.c: every tick to every reader,
 * and a bounded queue for the one that does not read. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/socket.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "clockd/clockd.h"
#include "clockd/clockd_fanout.h"
#include "log.h"
#include "loop.h"

struct fix {
	struct loop	*loop;
	struct fanout	 fan;
};

static int
setup(void **state)
{
	static struct fix fx;

	log_init("test_clockd_fanout", LOG_QUIET);
	fx.loop = loop_new();		/* ignores SIGPIPE */
	assert_non_null(fx.loop);
	clockd_fanout_init(&fx.fan, fx.loop);
	*state = &fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *fx = *state;

	clockd_fanout_free(&fx->fan);
	loop_free(fx->loop);
	return 0;
}

/* A client: our end goes to the fan-out, the peer end is returned;
 * sndbuf, if not 0, shrinks what the socket holds for the peer. */
static int
client_buf(struct fix *fx, int sndbuf)
{
	int sv[2];

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0,
	    sv), 0);
	if (sndbuf != 0)
		assert_int_equal(setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF,
		    &sndbuf, sizeof(sndbuf)), 0);
	clockd_fanout_add(&fx->fan, sv[0], NULL);
	return sv[1];
}

static int
client(struct fix *fx)
{
	return client_buf(fx, 0);
}

static void
expect(int fd, const char *want)
{
	char buf[256];
	ssize_t n;

	n = read(fd, buf, sizeof(buf) - 1);
	assert_true(n >= 0);
	buf[n] = '\0';
	assert_string_equal(buf, want);
}

static void
fanout__greets__a_new_client_with_the_current_second(void **state)
{
	struct fix *fx = *state;
	int p;

	clockd_fanout_set(&fx->fan, "12:00:00\n", 9);
	p = client(fx);
	expect(p, "12:00:00\n");
	assert_int_equal(fx->fan.count, 1);
	close(p);
}

static void
fanout__sends__every_tick_to_every_client(void **state)
{
	struct fix *fx = *state;
	int p[3], i;

	clockd_fanout_set(&fx->fan, "12:00:00\n", 9);
	for (i = 0; i < 3; i++) {
		p[i] = client(fx);
		expect(p[i], "12:00:00\n");
	}
	clockd_fanout_set(&fx->fan, "12:00:01\n", 9);
	clockd_fanout_tick(&fx->fan);
	clockd_fanout_set(&fx->fan, "12:00:02\n", 9);
	clockd_fanout_tick(&fx->fan);
	for (i = 0; i < 3; i++) {
		expect(p[i], "12:00:01\n12:00:02\n");
		close(p[i]);
	}
}

static void
fanout__ignores__what_clients_send(void **state)
{
	struct fix *fx = *state;
	char junk[10000];
	int p;

	clockd_fanout_set(&fx->fan, "12:00:00\n", 9);
	p = client(fx);
	memset(junk, '\x1b', sizeof(junk));
	assert_true(write(p, junk, sizeof(junk)) > 0);
	loop_once(fx->loop, 0);
	loop_once(fx->loop, 0);
	assert_int_equal(fx->fan.count, 1);
	clockd_fanout_tick(&fx->fan);
	expect(p, "12:00:00\n12:00:00\n");
	close(p);
}

static void
fanout__drops__a_client_that_hangs_up(void **state)
{
	struct fix *fx = *state;
	int p, q;

	clockd_fanout_set(&fx->fan, "12:00:00\n", 9);
	p = client(fx);
	q = client(fx);
	close(p);
	loop_once(fx->loop, 0);		/* the close is seen */
	assert_int_equal(fx->fan.count, 1);
	clockd_fanout_tick(&fx->fan);
	expect(q, "12:00:00\n12:00:00\n");
	close(q);
	clockd_fanout_tick(&fx->fan);	/* EPIPE, without the loop */
	assert_int_equal(fx->fan.count, 0);
}

static void
fanout__drops__a_client_that_does_not_read(void **state)
{
	struct fix *fx = *state;
	char buf[4096];
	int lazy, keen, i;
	size_t got = 0;
	ssize_t n;

	clockd_fanout_set(&fx->fan, "12:00:00\n", 9);
	/* The lazy client's socket holds only a few lines. */
	lazy = client_buf(fx, 1);
	keen = client(fx);
	for (i = 0; i < 3000 && fx->fan.count == 2; i++) {
		clockd_fanout_tick(&fx->fan);
		while ((n = read(keen, buf, sizeof(buf))) > 0)
			got += n;
	}
	assert_int_equal(fx->fan.count, 1);
	assert_int_equal(fx->fan.dropped, 1);
	/* Dropped once the socket is full and CLOCKD_QUEUE_TICKS_MAX more
	 * wait: a few dozen ticks, not thousands. */
	print_message("lazy client dropped after %d ticks\n", i);
	assert_true(i > CLOCKD_QUEUE_TICKS_MAX && i < 100);
	assert_int_equal(got, (size_t)(i + 1) * 9);
	/* The lazy one reads what had fit, then the end. */
	while ((n = read(lazy, buf, sizeof(buf))) > 0)
		;
	assert_int_equal(n, 0);
	close(lazy);
	close(keen);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    fanout__greets__a_new_client_with_the_current_second,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    fanout__sends__every_tick_to_every_client, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    fanout__ignores__what_clients_send, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    fanout__drops__a_client_that_hangs_up, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    fanout__drops__a_client_that_does_not_read, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
