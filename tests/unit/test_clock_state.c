/* Unit tests for clockwall/clock.c: connect, tick, stale, down, backoff. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "clockwall/clock.h"

#define MS	1000000LL

static void
fresh(struct clock *c)
{
	struct clockspec cs;

	memset(&cs, 0, sizeof(cs));
	strcpy(cs.name, "Tokyo");
	strcpy(cs.host, "localhost");
	strcpy(cs.port, "8020");
	clock_init(c, &cs);
}

static void
line(struct clock *c, const char *s, int64_t now)
{
	clock_line(c, s, strlen(s), now, 1000000);
}

static void
clock__starts__connecting(void **state)
{
	struct clock c;
	char buf[64];

	(void)state;
	fresh(&c);
	assert_int_equal(c.state, CLOCK_CONNECTING);
	assert_false(c.answered);
	assert_true(c.changed);
	assert_int_equal(c.sod, -1);
	assert_string_equal(clock_cell(&c, buf, sizeof(buf)), "connecting");
}

/* Connected but silent is not "connecting": the clock answered the
 * connect, it has not spoken yet. */
static void
clock__says__connected_before_its_first_line(void **state)
{
	struct clock c;
	char buf[64];

	(void)state;
	fresh(&c);
	clock_connecting(&c);
	c.changed = 0;
	clock_connected(&c);
	assert_true(c.changed);
	assert_string_equal(clock_cell(&c, buf, sizeof(buf)), "connected");
	line(&c, "10:00:00", 0);
	assert_string_equal(clock_cell(&c, buf, sizeof(buf)), "10:00:00");
	clock_down(&c, REASON_TIMEOUT);
	clock_connecting(&c);
	assert_string_equal(clock_cell(&c, buf, sizeof(buf)), "connecting");
}

static void
clock__ticks__on_a_time_line(void **state)
{
	struct clock c;
	char buf[64];

	(void)state;
	fresh(&c);
	c.changed = 0;
	line(&c, "23:00:01", 5 * MS);
	assert_int_equal(c.state, CLOCK_TICKING);
	assert_true(c.answered);
	assert_true(c.changed);
	assert_int_equal(c.sod, 23 * 3600 + 1);
	assert_string_equal(clock_cell(&c, buf, sizeof(buf)), "23:00:01");
	c.changed = 0;
	line(&c, "23:00:01", 6 * MS);
	assert_false(c.changed);	/* nothing to redraw */
	line(&c, "23:00:02", 7 * MS);
	assert_true(c.changed);
}

static void
clock__goes__stale_after_two_seconds(void **state)
{
	struct clock c;

	(void)state;
	fresh(&c);
	assert_int_equal(clock_check_stale(&c, 10000 * MS), 0);
	line(&c, "10:00:00", 1000 * MS);
	assert_int_equal(clock_check_stale(&c, 3000 * MS), 0);
	assert_int_equal(c.state, CLOCK_TICKING);
	assert_int_equal(clock_check_stale(&c, 3001 * MS), 1);
	assert_int_equal(c.state, CLOCK_STALE);
	assert_int_equal(clock_check_stale(&c, 9000 * MS), 0);
	line(&c, "10:00:09", 9000 * MS);
	assert_int_equal(c.state, CLOCK_TICKING);
}

static void
clock__backs_off__from_one_to_thirty_seconds(void **state)
{
	static const int64_t want[] = {
		1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000
	};
	struct clock c;
	size_t i;

	(void)state;
	fresh(&c);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		clock_connecting(&c);
		assert_int_equal(clock_down(&c, REASON_REFUSED), want[i]);
		assert_int_equal(c.state, CLOCK_DOWN);
	}
	/* Lines for CLOCKWALL_BEHAVED_MS prove the clock works: the next
	 * failure waits 1 s. */
	clock_connecting(&c);
	line(&c, "10:00:00", 0);
	line(&c, "10:00:10", (int64_t)CLOCKWALL_BEHAVED_MS * MS);
	assert_int_equal(clock_down(&c, REASON_CLOSED), 1000);
}

/* A clock that floods: its first lines are accepted, then it is garbage;
 * the delays go on growing, or it is hammered every second for ever. */
static void
clock__keeps_backoff__while_a_clock_misbehaves(void **state)
{
	static const int64_t want[] = { 1000, 2000, 4000, 8000, 16000 };
	struct clock c;
	size_t i;
	int k;

	(void)state;
	fresh(&c);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		clock_connecting(&c);
		for (k = 0; k < 10; k++)
			line(&c, "10:00:00", (int64_t)(i * 60000 + k) * MS);
		assert_int_equal(clock_down(&c, REASON_GARBAGE), want[i]);
	}
	/* Lines across two connections do not add up to good behaviour. */
	clock_connecting(&c);
	line(&c, "10:00:00", 1000000 * MS);
	assert_int_equal(clock_down(&c, REASON_CLOSED), 30000);
	clock_connecting(&c);
	line(&c, "10:00:00", (1000000 + CLOCKWALL_BEHAVED_MS - 1) * MS);
	assert_int_equal(clock_down(&c, REASON_CLOSED), 30000);
}

static void
clock__says__why_it_is_down(void **state)
{
	struct clock c;
	char buf[64];

	(void)state;
	fresh(&c);
	clock_down(&c, REASON_REFUSED);
	assert_string_equal(clock_cell(&c, buf, sizeof(buf)),
	    "down(refused)");
	c.changed = 0;
	clock_down(&c, REASON_REFUSED);
	assert_false(c.changed);
	clock_down(&c, REASON_GARBAGE);
	assert_true(c.changed);
	assert_string_equal(clock_cell(&c, buf, sizeof(buf)),
	    "down(garbage)");
	assert_int_equal(clock_reason_errno(ECONNREFUSED), REASON_REFUSED);
	assert_int_equal(clock_reason_errno(ECONNRESET), REASON_RESET);
	assert_int_equal(clock_reason_errno(ETIMEDOUT), REASON_TIMEOUT);
	assert_int_equal(clock_reason_errno(EHOSTUNREACH),
	    REASON_UNREACHABLE);
	assert_string_equal(clock_reason_str(REASON_TIMEOUT), "timeout");
	assert_null(strchr(clock_reason_str(REASON_UNKNOWN_HOST), ' '));
	assert_string_equal(clock_reason_str(REASON_CLOSED), "closed");
	assert_string_equal(clock_reason_str((enum clock_reason)999),
	    "error");
}

static void
clock__sanitises__what_a_clock_sends(void **state)
{
	struct clock c;

	(void)state;
	fresh(&c);
	line(&c, "\x1b[2J\x1b]0;pwned\a12:00:00\r", 0);
	assert_null(strchr(c.text, '\x1b'));
	assert_null(strchr(c.text, '\r'));
	assert_null(strchr(c.text, '\a'));
	assert_int_equal(c.sod, 12 * 3600);
	line(&c, "hello \xe2\x80\xae world", 0);
	assert_int_equal(c.sod, -1);	/* shown, but not a time */
	assert_null(strstr(c.text, "\xe2\x80\xae"));
	assert_int_equal(c.state, CLOCK_TICKING);
}

static void
clock__cuts__long_lines_on_a_character(void **state)
{
	char in[300];
	struct clock c;
	size_t i;

	(void)state;
	fresh(&c);
	for (i = 0; i + 2 < sizeof(in); i += 2)
		memcpy(in + i, "\xc3\xa9", 2);		/* é */
	clock_line(&c, in, i, 0, 0);
	assert_true(strlen(c.text) < sizeof(c.text));
	assert_int_equal(strlen(c.text) % 2, 0);
	assert_true(strlen(c.text) >= sizeof(c.text) - 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clock__starts__connecting),
		cmocka_unit_test(clock__ticks__on_a_time_line),
		cmocka_unit_test(clock__goes__stale_after_two_seconds),
		cmocka_unit_test(clock__backs_off__from_one_to_thirty_seconds),
		cmocka_unit_test(clock__keeps_backoff__while_a_clock_misbehaves),
		cmocka_unit_test(clock__says__connected_before_its_first_line),
		cmocka_unit_test(clock__says__why_it_is_down),
		cmocka_unit_test(clock__sanitises__what_a_clock_sends),
		cmocka_unit_test(clock__cuts__long_lines_on_a_character),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
