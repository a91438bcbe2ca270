/* Unit tests for echod/echod_sess.c: framing, due times, order, bounds. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/socket.h>

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "echod/echod.h"
#include "echod/echod_args.h"
#include "echod/echod_sess.h"
#include "echod/echod_stats.h"

#define MS	1000000LL

struct fixture {
	struct echod_conf	conf;
	struct echod_stats	stats;
	struct echod_sess	sess;
	int			sv[2];	/* sv[0]: the server's end */
};

static int
setup(void **state)
{
	static struct fixture f;
	char *argv[] = { (char *)"echod", NULL };
	char err[256];

	memset(&f, 0, sizeof(f));
	echod_args_parse(&f.conf, 1, argv, 1, err, sizeof(err));
	echod_stats_init(&f.stats);
	echod_sess_init(&f.sess, &f.conf, &f.stats);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, f.sv) == -1)
		return -1;
	fcntl(f.sv[0], F_SETFL, O_NONBLOCK);
	fcntl(f.sv[1], F_SETFL, O_NONBLOCK);
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	echod_sess_free(&f->sess);
	close(f->sv[0]);
	close(f->sv[1]);
	return 0;
}

/* What the client side has received so far, as a string. */
static const char *
got(struct fixture *f)
{
	static char buf[65536];
	ssize_t n;

	n = read(f->sv[1], buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static void
echod_sess__echoes_lines_byte_for_byte(void **state)
{
	struct fixture *f = *state;
	static const char in[] = "one\ntw\0o\r\n\xff\xfe\x1b[2J\n";
	struct echod_counts c;
	char buf[64];
	ssize_t n;

	echod_sess_feed(&f->sess, in, sizeof(in) - 1, 0);
	assert_int_equal(echod_sess_flush(&f->sess, f->sv[0], 0), 0);
	n = read(f->sv[1], buf, sizeof(buf));
	assert_int_equal(n, sizeof(in) - 1);
	assert_memory_equal(buf, in, sizeof(in) - 1);
	echod_stats_read(&f->stats, &c);
	assert_int_equal(c.lines, 3);
	assert_int_equal(c.bytes, sizeof(in) - 1);
}

static void
echod_sess__frames_across_reads(void **state)
{
	struct fixture *f = *state;

	echod_sess_feed(&f->sess, "hel", 3, 0);
	echod_sess_feed(&f->sess, "lo\nwo", 5, 0);
	assert_int_equal(echod_sess_flush(&f->sess, f->sv[0], 0), 0);
	assert_string_equal(got(f), "hello\n");
	echod_sess_feed(&f->sess, "rld\n", 4, 0);
	echod_sess_flush(&f->sess, f->sv[0], 0);
	assert_string_equal(got(f), "world\n");
}

static void
echod_sess__holds_each_line_for_the_delay_in_order(void **state)
{
	struct fixture *f = *state;

	f->conf.delay_ms = 100;
	echod_sess_feed(&f->sess, "a\n", 2, 0);
	echod_sess_feed(&f->sess, "b\n", 2, 30 * MS);
	assert_int_equal(echod_sess_due(&f->sess), 100 * MS);
	echod_sess_flush(&f->sess, f->sv[0], 99 * MS);
	assert_string_equal(got(f), "");
	echod_sess_flush(&f->sess, f->sv[0], 100 * MS);
	assert_string_equal(got(f), "a\n");
	assert_int_equal(echod_sess_due(&f->sess), 130 * MS);
	echod_sess_flush(&f->sess, f->sv[0], 130 * MS);
	assert_string_equal(got(f), "b\n");
	assert_int_equal(echod_sess_due(&f->sess), INT64_MAX);
}

static void
echod_sess__reverb_shouts_says_whispers(void **state)
{
	struct fixture *f = *state;
	struct echod_counts c;

	f->conf.delay_ms = 10;
	f->conf.reverb = 1;
	echod_sess_feed(&f->sess, "Hi \xc3\xa9!\n", 7, 0);
	echod_sess_feed(&f->sess, "x\n", 2, 1 * MS);
	echod_sess_flush(&f->sess, f->sv[0], 0);
	assert_string_equal(got(f), "HI \xc3\xa9!\n");
	echod_sess_flush(&f->sess, f->sv[0], 10 * MS);
	assert_string_equal(got(f), "Hi \xc3\xa9!\n");
	echod_sess_flush(&f->sess, f->sv[0], 20 * MS);
	/* The next line waits for the last whisper (gopl's reverb1). */
	assert_string_equal(got(f), "hi \xc3\xa9!\nX\n");
	echod_sess_flush(&f->sess, f->sv[0], 40 * MS);
	assert_string_equal(got(f), "x\nx\n");
	echod_stats_read(&f->stats, &c);
	assert_int_equal(c.lines, 2);
	assert_int_equal(c.bytes, 3 * 7 + 3 * 2);
}

static void
echod_sess__cuts_long_lines_with_an_error(void **state)
{
	struct fixture *f = *state;
	char big[100];

	f->conf.max_line = 10;
	memset(big, 'x', sizeof(big));
	echod_sess_feed(&f->sess, "0123456789\n", 11, 0);
	echod_sess_feed(&f->sess, big, sizeof(big), 0);
	assert_null(f->sess.in);	/* nothing kept of it */
	echod_sess_feed(&f->sess, big, sizeof(big), 0);
	echod_sess_feed(&f->sess, "xx\nok\n", 6, 0);
	echod_sess_feed(&f->sess, "0123456789A\n", 12, 0);
	echod_sess_flush(&f->sess, f->sv[0], 0);
	assert_string_equal(got(f), "0123456789\n"
	    "echod: line longer than 10 bytes dropped\n"
	    "ok\n"
	    "echod: line longer than 10 bytes dropped\n");
}

static void
echod_sess__answers_stats_when_asked(void **state)
{
	struct fixture *f = *state;

	echod_sess_feed(&f->sess, "STATS\n", 6, 0);
	echod_sess_flush(&f->sess, f->sv[0], 0);
	assert_string_equal(got(f), "STATS\n");
	f->conf.stats = 1;
	echod_stats_connect(&f->stats);
	echod_sess_feed(&f->sess, "STATS\r\nSTATS \n", 14, 0);
	echod_sess_flush(&f->sess, f->sv[0], 0);
	assert_string_equal(got(f), "STATS clients=1 served=0 refused=0 "
	    "lines=1 bytes=6\nSTATS \n");
}

static void
echod_sess__echoes_an_unfinished_line_at_eof(void **state)
{
	struct fixture *f = *state;

	echod_sess_feed(&f->sess, "a\nlast", 6, 0);
	assert_false(echod_sess_done(&f->sess));
	echod_sess_eof(&f->sess, 0);
	assert_false(echod_sess_want_read(&f->sess));
	echod_sess_flush(&f->sess, f->sv[0], 0);
	assert_string_equal(got(f), "a\nlast");
	assert_true(echod_sess_done(&f->sess));
}

/* A client that never reads: the socket fills, flush says so, and the
 * session stops asking for input before its queue passes the bound. */
static void
echod_sess__stops_reading_from_a_client_that_does_not(void **state)
{
	struct fixture *f = *state;
	char line[1001];
	int i, rc = 0;

	memset(line, 'y', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\n';
	for (i = 0; i < 100000 && echod_sess_want_read(&f->sess); i++) {
		echod_sess_feed(&f->sess, line, sizeof(line), 0);
		rc = echod_sess_flush(&f->sess, f->sv[0], 0);
	}
	assert_false(echod_sess_want_read(&f->sess));
	assert_int_equal(rc, 1);
	assert_true(f->sess.pending < ECHOD_PENDING_MAX + sizeof(line));
	close(f->sv[1]);
	f->sv[1] = open("/dev/null", O_RDONLY);
	assert_int_equal(echod_sess_flush(&f->sess, f->sv[0], 0), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(echod_sess__echoes_lines_byte_for_byte),
		T(echod_sess__frames_across_reads),
		T(echod_sess__holds_each_line_for_the_delay_in_order),
		T(echod_sess__reverb_shouts_says_whispers),
		T(echod_sess__cuts_long_lines_with_an_error),
		T(echod_sess__answers_stats_when_asked),
		T(echod_sess__echoes_an_unfinished_line_at_eof),
		T(echod_sess__stops_reading_from_a_client_that_does_not),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
