/* Unit tests for echod/echod_args.c: echod's command line. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "echod/echod.h"
#include "echod/echod_args.h"
#include "log.h"

/* Parse a NULL-terminated list of words after "echod". */
static enum echod_args_result
parse(struct echod_conf *c, char *err, ...)
{
	char *argv[32];
	va_list ap;
	int argc = 0;

	argv[argc++] = (char *)"echod";
	va_start(ap, err);
	while ((argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	return echod_args_parse(c, argc, argv, 2, err, 256);
}

static void
echod_args__defaults(void **state)
{
	struct echod_conf c;
	char err[256];

	(void)state;
	assert_int_equal(parse(&c, err, NULL), ECHOD_ARGS_RUN);
	assert_string_equal(c.port, ECHOD_PORT_DEFAULT);
	assert_null(c.host);
	assert_int_equal(c.model, ECHOD_POLL);
	assert_int_equal(c.threads, 2 * ECHOD_THREADS_PER_CORE);
	assert_int_equal(c.delay_ms, 0);
	assert_int_equal(c.max_line, ECHOD_LINE_DEFAULT);
	assert_int_equal(c.max_clients, ECHOD_CLIENTS_DEFAULT);
	assert_int_equal(c.max_per_addr, ECHOD_PER_ADDR_DEFAULT);
	assert_int_equal(c.idle_s, ECHOD_IDLE_DEFAULT);
	assert_false(c.reverb);
	assert_false(c.stats);
	assert_int_equal(c.verbosity, LOG_NORMAL);
}

static void
echod_args__takes_every_option(void **state)
{
	struct echod_conf c;
	char err[256];

	(void)state;
	assert_int_equal(parse(&c, err, "-p", "0", "-b", "::1", "--model",
	    "threads", "--threads", "16", "--delay", "100", "--max-line",
	    "10", "--max-clients", "5", "--max-per-addr", "7",
	    "--idle-timeout", "0", "--reverb", "--stats", "-vv", NULL),
	    ECHOD_ARGS_RUN);
	assert_string_equal(c.port, "0");
	assert_string_equal(c.host, "::1");
	assert_int_equal(c.model, ECHOD_THREADS);
	assert_int_equal(c.threads, 16);
	assert_int_equal(c.delay_ms, 100);
	assert_int_equal(c.max_line, 10);
	assert_int_equal(c.max_clients, 5);
	assert_int_equal(c.max_per_addr, 7);
	assert_int_equal(c.idle_s, 0);
	assert_true(c.reverb);
	assert_true(c.stats);
	assert_int_equal(c.verbosity, LOG_DEBUG);
	assert_int_equal(parse(&c, err, "--model", "fork", "-q", NULL),
	    ECHOD_ARGS_RUN);
	assert_int_equal(c.model, ECHOD_FORK);
	assert_int_equal(c.verbosity, LOG_QUIET);
	/* 0 is no limit, and the bound is taken. */
	assert_int_equal(parse(&c, err, "--max-per-addr", "0", NULL),
	    ECHOD_ARGS_RUN);
	assert_int_equal(c.max_per_addr, 0);
	assert_int_equal(parse(&c, err, "--max-per-addr", "1000000", NULL),
	    ECHOD_ARGS_RUN);
	assert_int_equal(c.max_per_addr, ECHOD_PER_ADDR_MAX);
}

static void
echod_args__port_operand_like_gopl(void **state)
{
	struct echod_conf c;
	char err[256];

	(void)state;
	assert_int_equal(parse(&c, err, "8000", NULL), ECHOD_ARGS_RUN);
	assert_string_equal(c.port, "8000");
	assert_int_equal(parse(&c, err, "--delay", "5", "8001", NULL),
	    ECHOD_ARGS_RUN);
	assert_string_equal(c.port, "8001");
	assert_int_equal(c.delay_ms, 5);
	/* Two ports, or a port twice, is a usage error. */
	assert_int_equal(parse(&c, err, "8000", "8001", NULL),
	    ECHOD_ARGS_USAGE);
	assert_int_equal(parse(&c, err, "-p", "8000", "8001", NULL),
	    ECHOD_ARGS_USAGE);
	assert_int_equal(parse(&c, err, "--no-such", NULL), ECHOD_ARGS_USAGE);
	assert_int_equal(parse(&c, err, "--delay", NULL), ECHOD_ARGS_USAGE);
	assert_int_equal(parse(&c, err, "-h", NULL), ECHOD_ARGS_HELP);
	assert_int_equal(parse(&c, err, "--version", NULL),
	    ECHOD_ARGS_VERSION);
}

static void
echod_args__names_the_bad_value_and_bound(void **state)
{
	static const struct {
		const char	*opt, *val, *msg;
	} bad[] = {
		{ "--delay", "x", "delay \"x\": not a number" },
		{ "--delay", "60001", "delay \"60001\": above the maximum "
		    "of 60000" },
		{ "--delay", "-1", "delay \"-1\": below the minimum of 0" },
		{ "--threads", "0", "threads \"0\": below the minimum of 1" },
		{ "--threads", "10001", "threads \"10001\": above the maximum "
		    "of 10000" },
		{ "--max-clients", "0", "max clients \"0\": below the minimum "
		    "of 1" },
		{ "--max-line", "", "max line \"\": not a number" },
		{ "--max-per-addr", "-1", "max per addr \"-1\": below the "
		    "minimum of 0" },
		{ "--max-per-addr", "1000001", "max per addr \"1000001\": "
		    "above the maximum of 1000000" },
		{ "--idle-timeout", "86401", "idle timeout \"86401\": above "
		    "the maximum of 86400" },
		{ "--model", "select", "model \"select\": not poll, fork or "
		    "threads" },
		{ "-p", "65536", "port \"65536\": too large" },
		{ "-p", "http", "port \"http\": invalid" },
	};
	struct echod_conf c;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(&c, err, bad[i].opt, bad[i].val, NULL),
		    ECHOD_ARGS_BAD);
		assert_string_equal(err, bad[i].msg);
	}
}

static void
echod_args__model_names(void **state)
{
	(void)state;
	assert_int_equal(echod_args_model("poll"), ECHOD_POLL);
	assert_int_equal(echod_args_model("fork"), ECHOD_FORK);
	assert_int_equal(echod_args_model("threads"), ECHOD_THREADS);
	assert_int_equal(echod_args_model("Poll"), -1);
	assert_string_equal(echod_args_model_name(ECHOD_THREADS), "threads");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(echod_args__defaults),
		cmocka_unit_test(echod_args__takes_every_option),
		cmocka_unit_test(echod_args__port_operand_like_gopl),
		cmocka_unit_test(echod_args__names_the_bad_value_and_bound),
		cmocka_unit_test(echod_args__model_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
