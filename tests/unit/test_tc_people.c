/* Unit tests for tui-client/people.c: a sorted list of names, equal
 * without regard to case in any script. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tui-client/people.h"

static int
setup(void **state)
{
	(void)state;
	return setlocale(LC_ALL, "C.UTF-8") == NULL ? -1 : 0;
}

static void
people__add__keeps_sorted_and_unique(void **state)
{
	struct people p;

	(void)state;
	people_init(&p);
	people_add(&p, "carol");
	people_add(&p, "Alice");
	people_add(&p, "bob");
	people_add(&p, "ALICE");
	assert_int_equal(p.count, 3);
	assert_string_equal(p.names[0], "Alice");
	assert_string_equal(p.names[1], "bob");
	assert_string_equal(p.names[2], "carol");
	people_clear(&p);
	assert_int_equal(p.count, 0);
}

static void
people__del__finds_any_case(void **state)
{
	struct people p;

	(void)state;
	people_init(&p);
	people_add(&p, "Zoë");
	people_add(&p, "bob");
	assert_int_equal(people_del(&p, "ZOË"), 0);
	assert_int_equal(people_del(&p, "nobody"), -1);
	assert_int_equal(p.count, 1);
	people_rename(&p, "BOB", "rob");
	assert_true(people_has(&p, "Rob"));
	assert_false(people_has(&p, "bob"));
	people_clear(&p);
}

static void
people__cmp__folds_code_points(void **state)
{
	(void)state;
	assert_int_equal(people_cmp("ÉLODIE", "élodie"), 0);
	assert_int_equal(people_cmp("ПЁТР", "пётр"), 0);
	assert_true(people_cmp("a", "ab") < 0);
	assert_true(people_cmp("b", "A") > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(people__add__keeps_sorted_and_unique),
		cmocka_unit_test(people__cmp__folds_code_points),
		cmocka_unit_test(people__del__finds_any_case),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
