/* Tests for server/htab.c: the string-keyed hash table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "server/htab.h"

#define N	2000

static char	keys[N][16];

static void
htab__finds__what_was_put(void **state)
{
	struct htab t;
	int i;

	(void)state;
	htab_init(&t);
	assert_null(htab_get(&t, "x"));
	assert_null(htab_del(&t, "x"));
	for (i = 0; i < N; i++) {
		snprintf(keys[i], sizeof(keys[i]), "key%d", i);
		htab_put(&t, keys[i], keys[i]);
	}
	assert_int_equal(t.n, N);
	for (i = 0; i < N; i++)
		assert_ptr_equal(htab_get(&t, keys[i]), keys[i]);
	assert_null(htab_get(&t, "key-1"));
	htab_put(&t, keys[5], keys[6]);		/* replaces */
	assert_int_equal(t.n, N);
	assert_ptr_equal(htab_get(&t, keys[5]), keys[6]);
	htab_free(&t);
}

static void
htab__deletes__without_breaking_other_chains(void **state)
{
	struct htab t;
	size_t it = 0;
	int i, count = 0;

	(void)state;
	htab_init(&t);
	for (i = 0; i < N; i++) {
		snprintf(keys[i], sizeof(keys[i]), "k%d", i);
		htab_put(&t, keys[i], keys[i]);
	}
	for (i = 1; i < N; i += 2)
		assert_ptr_equal(htab_del(&t, keys[i]), keys[i]);
	assert_int_equal(t.n, N / 2);
	for (i = 0; i < N; i++) {
		if (i % 2)
			assert_null(htab_get(&t, keys[i]));
		else
			assert_ptr_equal(htab_get(&t, keys[i]), keys[i]);
	}
	while (htab_next(&t, &it) != NULL)
		count++;
	assert_int_equal(count, N / 2);
	htab_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(htab__finds__what_was_put),
		cmocka_unit_test(htab__deletes__without_breaking_other_chains),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
