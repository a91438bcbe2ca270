/* Unit tests for common/proto.c: splitting structured lines into fields. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "proto.h"

static void
proto__split__splits_at_every_tab(void **state)
{
	char	 line[] = "MSG\t1700000000\tgeneral\tana\thello there";
	char	*f[PROTO_FIELDS_MAX];

	(void)state;
	assert_int_equal(proto_split(line, f, PROTO_FIELDS_MAX), 5);
	assert_string_equal(f[0], "MSG");
	assert_string_equal(f[1], "1700000000");
	assert_string_equal(f[2], "general");
	assert_string_equal(f[3], "ana");
	assert_string_equal(f[4], "hello there");
}

static void
proto__split__leaves_further_tabs_in_the_last_field(void **state)
{
	char	 line[] = "MSG\t1\tgeneral\tana\ttext\twith\ttabs";
	char	*f[5] = { NULL };

	(void)state;
	assert_int_equal(proto_split(line, f, 5), 5);
	assert_string_equal(f[3], "ana");
	assert_string_equal(f[4], "text\twith\ttabs");
}

static void
proto__split__keeps_empty_fields(void **state)
{
	char	 line[] = "\ta\t\tb\t";
	char	*f[8];

	(void)state;
	assert_int_equal(proto_split(line, f, 8), 5);
	assert_string_equal(f[0], "");
	assert_string_equal(f[1], "a");
	assert_string_equal(f[2], "");
	assert_string_equal(f[3], "b");
	assert_string_equal(f[4], "");
}

static void
proto__split__handles_short_lines_and_limits(void **state)
{
	char	 empty[] = "";
	char	 one[] = "HISTEND\tgeneral";
	char	*f[4] = { NULL, NULL, NULL, NULL };

	(void)state;
	assert_int_equal(proto_split(empty, f, 4), 1);
	assert_string_equal(f[0], "");
	assert_int_equal(proto_split(one, f, 1), 1);
	assert_string_equal(f[0], "HISTEND\tgeneral");
	f[0] = NULL;
	assert_int_equal(proto_split(one, f, 0), 0);
	assert_null(f[0]);
	assert_int_equal(proto_split(one, f, -1), 0);
	/* Nothing past max is written. */
	assert_int_equal(proto_split(one, f, 4), 2);
	assert_string_equal(f[1], "general");
	assert_null(f[2]);
	assert_null(f[3]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(proto__split__handles_short_lines_and_limits),
		cmocka_unit_test(proto__split__keeps_empty_fields),
		cmocka_unit_test(
		    proto__split__leaves_further_tabs_in_the_last_field),
		cmocka_unit_test(proto__split__splits_at_every_tab),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
