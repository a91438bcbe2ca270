/* Unit tests for task/results.c: the --results JSON lines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "task/results.h"

static const struct results_rec rec = {
	1796025440123LL, "127.0.0.1:40312", 7, 40, 1600, "ok", 1, 0.712
};

static void
results__format__writes_one_json_line(void **state)
{
	char buf[512];
	int n;

	(void)state;
	n = results_format(&rec, buf, sizeof(buf));
	assert_string_equal(buf, "{\"ts\":1796025440.123,\"worker\":"
	    "\"127.0.0.1:40312\",\"id\":7,\"n\":40,\"value\":1600,"
	    "\"status\":\"ok\",\"correct\":true,\"latency_ms\":0.712}\n");
	assert_int_equal(n, (int)strlen(buf));
}

static void
results__sync__appends_what_was_added_and_nothing_twice(void **state)
{
	char path[] = "/tmp/test_taskresults.XXXXXX", buf[2048];
	struct results_rec wrong = rec;
	size_t i, n;
	FILE *fp;
	int fd, lines;

	(void)state;
	assert_true((fd = mkstemp(path)) != -1);
	close(fd);
	assert_false(results_active());
	results_add(&rec);		/* no file: ignored */
	assert_int_equal(results_open(path), 0);
	assert_true(results_active());
	assert_int_equal(results_sync(), 0);	/* nothing queued */
	results_add(&rec);
	wrong.value = 7;
	wrong.status = "wrong";
	wrong.correct = 0;
	results_add(&wrong);
	assert_int_equal(results_sync(), 0);
	assert_int_equal(results_sync(), 0);
	results_close();
	assert_false(results_active());
	assert_non_null(fp = fopen(path, "r"));
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	unlink(path);
	assert_non_null(strstr(buf, "\"status\":\"ok\",\"correct\":true"));
	assert_non_null(strstr(buf, "\"value\":7,\"status\":\"wrong\","
	    "\"correct\":false"));
	for (i = 0, lines = 0; i < n; i++)
		lines += buf[i] == '\n';
	assert_int_equal(lines, 2);
	assert_int_equal(buf[n - 1], '\n');
	assert_true(results_dropped() == 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(results__format__writes_one_json_line),
		cmocka_unit_test(
		    results__sync__appends_what_was_added_and_nothing_twice),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
