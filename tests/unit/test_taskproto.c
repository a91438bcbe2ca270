/* Unit tests for task/taskproto.c: the taskd line protocol. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <string.h>

#include "task/taskproto.h"

static enum taskproto_kind
client(const char *s, struct taskproto_msg *m)
{
	return taskproto_parse_client(s, strlen(s), m);
}

static enum taskproto_kind
server(const char *s, struct taskproto_msg *m)
{
	return taskproto_parse_server(s, strlen(s), m);
}

static void
taskproto__parse_client__reads_a_result(void **state)
{
	struct taskproto_msg m;

	(void)state;
	assert_int_equal(client("RESULT 17 1764", &m), TP_RESULT);
	assert_true(m.id == 17);
	assert_true(m.num == 1764);
	/* A person at nc types as a person does. */
	assert_int_equal(client("  result\t3   -9 ", &m), TP_RESULT);
	assert_true(m.id == 3);
	assert_true(m.num == -9);
	assert_int_equal(client("RESULT 9223372036854775807 "
	    "-9223372036854775808", &m), TP_RESULT);
	assert_true(m.id == INT64_MAX);
	assert_true(m.num == LLONG_MIN);
}

static void
taskproto__parse_client__says_why_a_result_is_bad(void **state)
{
	static const struct {
		const char	*line;
		const char	*why;
	} bad[] = {
		{ "RESULT", "usage: RESULT id value" },
		{ "RESULT 1", "usage: RESULT id value" },
		{ "RESULT 1 2 3", "usage: RESULT id value" },
		{ "RESULT 1 2 3 4 5", "usage: RESULT id value" },
		{ "RESULT 0 4", "the id must be a number from 1" },
		{ "RESULT -1 4", "the id must be a number from 1" },
		{ "RESULT x 4", "the id must be a number from 1" },
		{ "RESULT 9223372036854775808 4",
		    "the id must be a number from 1" },
		{ "RESULT 1 four", "the value must be a whole number" },
		{ "RESULT 1 4.0", "the value must be a whole number" },
		{ "RESULT 1 +4", "the value must be a whole number" },
		{ "RESULT 1 99999999999999999999",
		    "the value must be a whole number" },
	};
	struct taskproto_msg m;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(client(bad[i].line, &m), TP_BAD);
		assert_string_equal(m.why, bad[i].why);
	}
}

static void
taskproto__parse_client__a_nul_is_never_part_of_a_number(void **state)
{
	struct taskproto_msg m;

	(void)state;
	assert_int_equal(taskproto_parse_client("RESULT 1 4\0009", 12, &m),
	    TP_BAD);
	assert_int_equal(taskproto_parse_client("RESULT 1\000 4", 11, &m),
	    TP_BAD);
	/* Only the len bytes given are read. */
	assert_int_equal(taskproto_parse_client("RESULT 1 49", 10, &m),
	    TP_RESULT);
	assert_true(m.num == 4);
}

static void
taskproto__parse_client__exit_and_quit_end_and_the_rest_is_a_message(
    void **state)
{
	struct taskproto_msg m;

	(void)state;
	assert_int_equal(client("exit", &m), TP_EXIT);
	assert_int_equal(client("  QUIT ", &m), TP_EXIT);
	assert_int_equal(client("Exit", &m), TP_EXIT);
	assert_int_equal(client("exit now", &m), TP_MSG);
	assert_int_equal(client("exits", &m), TP_MSG);
	assert_int_equal(client("hello there", &m), TP_MSG);
	assert_int_equal(client("", &m), TP_MSG);
	assert_int_equal(client("RESULTS 1 2", &m), TP_MSG);
	assert_int_equal(client("a result 1 2", &m), TP_MSG);
	assert_int_equal(taskproto_parse_client("exit\0", 5, &m), TP_MSG);
}

static void
taskproto__parse_server__reads_each_line_taskc_acts_on(void **state)
{
	struct taskproto_msg m;

	(void)state;
	assert_int_equal(server("TASK 5 42", &m), TP_TASK);
	assert_true(m.id == 5);
	assert_true(m.num == 42);
	assert_int_equal(server("OK 12", &m), TP_OK);
	assert_true(m.num == 12);
	assert_int_equal(server("ACK 5 ok", &m), TP_ACK);
	assert_true(m.id == 5);
	assert_int_equal(server("BYE see you", &m), TP_BYE);
	assert_int_equal(server("HELLO taskd 0.1.0", &m), TP_INFO);
	assert_int_equal(server("ERR line too long", &m), TP_INFO);
	assert_int_equal(server("task 5 42", &m), TP_INFO);
	assert_int_equal(server("OK twelve", &m), TP_INFO);
	assert_int_equal(server(" BYE", &m), TP_INFO);
}

static void
taskproto__parse_server__refuses_a_task_that_would_overflow(void **state)
{
	struct taskproto_msg m;

	(void)state;
	assert_int_equal(server("TASK 1 3037000499", &m), TP_TASK);
	assert_int_equal(server("TASK 1 -3037000499", &m), TP_TASK);
	assert_int_equal(server("TASK 1 3037000500", &m), TP_BAD);
	assert_string_equal(m.why, "n out of range");
	assert_int_equal(server("TASK 0 1", &m), TP_BAD);
	assert_int_equal(server("TASK 1", &m), TP_BAD);
	assert_string_equal(m.why, "usage: TASK id n");
}

static void
taskproto__square__checks_answers_and_overflow(void **state)
{
	long long sq;

	(void)state;
	assert_int_equal(taskproto_square(42, &sq), 0);
	assert_true(sq == 1764);
	assert_int_equal(taskproto_square(-7, &sq), 0);
	assert_true(sq == 49);
	assert_int_equal(taskproto_square(TASKPROTO_N_MAX, &sq), 0);
	assert_true(sq == 9223372030926249001LL);
	assert_int_equal(taskproto_square(TASKPROTO_N_MAX + 1, &sq), -1);
	assert_int_equal(taskproto_square(LLONG_MIN, &sq), -1);
	assert_true(taskproto_correct(0, 0));
	assert_true(taskproto_correct(99, 9801));
	assert_false(taskproto_correct(99, 9800));
	assert_false(taskproto_correct(99, -9801));
	assert_false(taskproto_correct(LLONG_MAX, 1));
}

static void
taskproto__fmt__round_trips_through_the_parsers(void **state)
{
	struct taskproto_msg m;
	char buf[96];
	int n;

	(void)state;
	n = taskproto_fmt_task(buf, sizeof(buf), 123, 45);
	assert_string_equal(buf, "TASK 123 45\n");
	assert_int_equal(taskproto_parse_server(buf, (size_t)n - 1, &m),
	    TP_TASK);
	assert_true(m.id == 123 && m.num == 45);
	n = taskproto_fmt_result(buf, sizeof(buf), 123, 2025);
	assert_string_equal(buf, "RESULT 123 2025\n");
	assert_int_equal(taskproto_parse_client(buf, (size_t)n - 1, &m),
	    TP_RESULT);
	assert_true(m.id == 123 && m.num == 2025);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(taskproto__parse_client__reads_a_result),
		cmocka_unit_test(
		    taskproto__parse_client__says_why_a_result_is_bad),
		cmocka_unit_test(
		    taskproto__parse_client__a_nul_is_never_part_of_a_number),
		cmocka_unit_test(
		    taskproto__parse_client__exit_and_quit_end_and_the_rest_is_a_message),
		cmocka_unit_test(
		    taskproto__parse_server__reads_each_line_taskc_acts_on),
		cmocka_unit_test(
		    taskproto__parse_server__refuses_a_task_that_would_overflow),
		cmocka_unit_test(taskproto__square__checks_answers_and_overflow),
		cmocka_unit_test(
		    taskproto__fmt__round_trips_through_the_parsers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
