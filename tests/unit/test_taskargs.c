/* Unit tests for task/taskargs.c: taskd's and taskc's command lines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "task/taskargs.h"
#include "task/taskc.h"
#include "task/taskd.h"

static char	 pool[1024];
static char	*vec[32];

/* getopt wants char *[] and literals are const: copy them; argc. */
static int
args(const char *const *src)
{
	size_t used = 0, len;
	int n;

	for (n = 0; src[n] != NULL; n++) {
		len = strlen(src[n]) + 1;
		memcpy(pool + used, src[n], len);
		vec[n] = pool + used;
		used += len;
	}
	vec[n] = NULL;
	return n;
}

static void
taskargs__taskd__defaults_are_the_tutorials(void **state)
{
	const char *argv[] = { "taskd", NULL };
	struct taskd_opts o;
	char err[256];

	(void)state;
	assert_int_equal(taskargs_taskd(args(argv), vec, &o, err,
	    sizeof(err)), TASKARGS_RUN);
	assert_string_equal(o.port, "8080");
	assert_int_equal(o.every, 5);
	assert_int_equal(o.timeout, TASKD_TIMEOUT_DEFAULT);
	assert_null(o.results);
	assert_null(o.bind);
	assert_int_equal(o.level, LOG_NORMAL);
	assert_int_equal(o.max_per_addr, TASKD_PER_ADDR_DEFAULT);
}

static void
taskargs__taskd__takes_every_option(void **state)
{
	const char *argv[] = { "taskd", "-b", "127.0.0.1", "--every", "1",
	    "--timeout", "3", "--results", "r.jsonl", "-vv",
	    "--max-per-addr", "1000000", "9000", NULL };
	const char *argv2[] = { "taskd", "-p", "0", "-q", "--max-per-addr",
	    "0", NULL };
	struct taskd_opts o;
	char err[256];

	(void)state;
	assert_int_equal(taskargs_taskd(args(argv), vec, &o, err,
	    sizeof(err)), TASKARGS_RUN);
	assert_string_equal(o.bind, "127.0.0.1");
	assert_int_equal(o.every, 1);
	assert_int_equal(o.timeout, 3);
	assert_string_equal(o.results, "r.jsonl");
	assert_int_equal(o.level, LOG_DEBUG);
	assert_string_equal(o.port, "9000");
	assert_int_equal(o.max_per_addr, 1000000);
	assert_int_equal(taskargs_taskd(args(argv2), vec, &o, err,
	    sizeof(err)), TASKARGS_RUN);
	assert_string_equal(o.port, "0");
	assert_int_equal(o.level, LOG_QUIET);
	assert_int_equal(o.max_per_addr, 0);
}

static void
taskargs__taskd__names_the_bad_value_and_the_bound(void **state)
{
	static const struct {
		const char	*opt, *val, *err;
	} bad[] = {
		{ "--every", "0", "--every \"0\": below the minimum of 1" },
		{ "--every", "3601",
		    "--every \"3601\": above the maximum of 3600" },
		{ "--every", "1.5", "--every \"1.5\": invalid" },
		{ "--timeout", "-2",
		    "--timeout \"-2\": below the minimum of 1" },
		{ "--results", "", "--results: empty file name" },
		{ "--max-per-addr", "-1",
		    "--max-per-addr \"-1\": below the minimum of 0" },
		{ "--max-per-addr", "1000001",
		    "--max-per-addr \"1000001\": above the maximum of "
		    "1000000" },
		{ "--max-per-addr", "6x", "--max-per-addr \"6x\": invalid" },
		{ "-p", "65536", "port \"65536\": above the maximum of 65535" },
		{ "-p", "http", "port \"http\": invalid" },
	};
	struct taskd_opts o;
	const char *argv[4];
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		argv[0] = "taskd";
		argv[1] = bad[i].opt;
		argv[2] = bad[i].val;
		argv[3] = NULL;
		assert_int_equal(taskargs_taskd(args(argv), vec, &o, err,
		    sizeof(err)), TASKARGS_BAD);
		assert_string_equal(err, bad[i].err);
	}
}

static void
taskargs__taskd__help_version_and_usage(void **state)
{
	const char *help[] = { "taskd", "--help", NULL };
	const char *ver[] = { "taskd", "-V", NULL };
	const char *two[] = { "taskd", "1", "2", NULL };
	const char *unk[] = { "taskd", "--frobnicate", NULL };
	struct taskd_opts o;
	char err[256];
	int saved, null, what;

	(void)state;
	assert_int_equal(taskargs_taskd(args(help), vec, &o, err,
	    sizeof(err)), TASKARGS_HELP);
	assert_int_equal(taskargs_taskd(args(ver), vec, &o, err,
	    sizeof(err)), TASKARGS_VERSION);
	assert_int_equal(taskargs_taskd(args(two), vec, &o, err,
	    sizeof(err)), TASKARGS_USAGE);
	/* getopt's own complaint goes to /dev/null, stderr comes back. */
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	null = open("/dev/null", O_WRONLY);
	assert_true(saved != -1 && null != -1);
	dup2(null, STDERR_FILENO);
	what = taskargs_taskd(args(unk), vec, &o, err, sizeof(err));
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(null);
	assert_int_equal(what, TASKARGS_USAGE);
}

static void
taskargs__taskc__host_port_count_and_quiet(void **state)
{
	const char *none[] = { "taskc", NULL };
	const char *all[] = { "taskc", "--quiet", "--count", "3", "::1", "9000",
	    NULL };
	const char *host[] = { "taskc", "example.org", NULL };
	struct taskc_opts o;
	char err[256];

	(void)state;
	assert_int_equal(taskargs_taskc(args(none), vec, &o, err,
	    sizeof(err)), TASKARGS_RUN);
	assert_string_equal(o.host, "localhost");
	assert_string_equal(o.port, "8080");
	assert_int_equal(o.quiet, 0);
	assert_true(o.count == 0);
	assert_int_equal(taskargs_taskc(args(all), vec, &o, err,
	    sizeof(err)), TASKARGS_RUN);
	assert_string_equal(o.host, "::1");
	assert_string_equal(o.port, "9000");
	assert_int_equal(o.quiet, 1);
	assert_true(o.count == 3);
	assert_int_equal(taskargs_taskc(args(host), vec, &o, err,
	    sizeof(err)), TASKARGS_RUN);
	assert_string_equal(o.host, "example.org");
	assert_string_equal(o.port, "8080");
}

static void
taskargs__taskc__refuses_bad_values(void **state)
{
	const char *zero[] = { "taskc", "--count", "0", NULL };
	const char *big[] = { "taskc", "--count", "1000000001", NULL };
	const char *port0[] = { "taskc", "localhost", "0", NULL };
	const char *empty[] = { "taskc", "", NULL };
	const char *three[] = { "taskc", "a", "1", "b", NULL };
	struct taskc_opts o;
	char err[256];

	(void)state;
	assert_int_equal(taskargs_taskc(args(zero), vec, &o, err,
	    sizeof(err)), TASKARGS_BAD);
	assert_string_equal(err, "--count \"0\": below the minimum of 1");
	assert_int_equal(taskargs_taskc(args(big), vec, &o, err,
	    sizeof(err)), TASKARGS_BAD);
	assert_string_equal(err,
	    "--count \"1000000001\": above the maximum of 1000000000");
	assert_int_equal(taskargs_taskc(args(port0), vec, &o, err,
	    sizeof(err)), TASKARGS_BAD);
	assert_string_equal(err, "port \"0\": below the minimum of 1");
	assert_int_equal(taskargs_taskc(args(empty), vec, &o, err,
	    sizeof(err)), TASKARGS_BAD);
	assert_int_equal(taskargs_taskc(args(three), vec, &o, err,
	    sizeof(err)), TASKARGS_USAGE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(taskargs__taskd__defaults_are_the_tutorials),
		cmocka_unit_test(taskargs__taskd__takes_every_option),
		cmocka_unit_test(
		    taskargs__taskd__names_the_bad_value_and_the_bound),
		cmocka_unit_test(taskargs__taskc__host_port_count_and_quiet),
		cmocka_unit_test(taskargs__taskd__help_version_and_usage),
		cmocka_unit_test(taskargs__taskc__refuses_bad_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
