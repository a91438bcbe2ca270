/* Tests for server/logfile.c: record parsing, replay, torn lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "server/logfile.h"

static void
logfile__parses__msg_and_me(void **state)
{
	char line[] = "MSG\t1700000000\tgeneral\talice\thello world";
	char me[] = "ME\t5\tden\tbob\twaves";
	struct logrec r;

	(void)state;
	assert_int_equal(logfile_parse(line, &r), 1);
	assert_int_equal(r.ts, 1700000000);
	assert_int_equal(r.kind, HIST_MSG);
	assert_string_equal(r.room, "general");
	assert_string_equal(r.nick, "alice");
	assert_string_equal(r.text, "hello world");
	assert_int_equal(r.textlen, 11);
	assert_int_equal(logfile_parse(me, &r), 1);
	assert_int_equal(r.kind, HIST_ME);
	assert_string_equal(r.text, "waves");
}

static void
logfile__parses__other_events_as_zero(void **state)
{
	char join[] = "JOIN\t1\tgeneral\talice";
	char part[] = "PART\t1\tgeneral\talice\tquit: bye";
	char nick[] = "NICK\t1\talice\talicia";
	char empty[] = "MSG\t1\tgeneral\talice\t";
	struct logrec r;

	(void)state;
	assert_int_equal(logfile_parse(join, &r), 0);
	assert_int_equal(logfile_parse(part, &r), 0);
	assert_int_equal(logfile_parse(nick, &r), 0);
	assert_int_equal(logfile_parse(empty, &r), 1);
	assert_int_equal(r.textlen, 0);
}

static void
logfile__rejects__malformed_lines(void **state)
{
	const char *bad[] = { "", "MSG", "MSG\t1\tgeneral\talice",
	    "MSG\tx1\tgeneral\talice\thi", "MSG\t-1\tgeneral\talice\thi",
	    "MSG\t1\t\talice\thi", "MSG\t1\tgeneral\t\thi", "WHAT\t1\ta\tb\tc",
	    "JOIN\t1\tgeneral", "MSG\t99999999999999999999999\tg\ta\thi" };
	char line[128];
	struct logrec r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		strcpy(line, bad[i]);
		assert_int_equal(logfile_parse(line, &r), -1);
	}
}

struct seen {
	int	n;
	char	text[8][64];
};

static void
collect(const struct logrec *r, void *arg)
{
	struct seen *s = arg;

	if (s->n < 8)
		snprintf(s->text[s->n], sizeof(s->text[0]), "%s/%s/%s",
		    r->room, r->nick, r->text);
	s->n++;
}

static void
write_file(const char *path, const char *data)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(data, fp);
	fclose(fp);
}

static char *
read_file(const char *path)
{
	static char buf[4096];
	FILE *fp = fopen(path, "r");
	size_t n;

	assert_non_null(fp);
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static void
logfile__replays__in_order_and_cuts_a_torn_line(void **state)
{
	char path[] = "/tmp/test_logfile.XXXXXX", err[256];
	struct seen s = { 0 };
	int fd;

	(void)state;
	assert_true((fd = mkstemp(path)) != -1);
	close(fd);
	write_file(path, "JOIN\t1\tgeneral\ta\n"
	    "MSG\t2\tgeneral\ta\tone\n"
	    "garbage line\n"
	    "ME\t3\tden\tb\ttwo\n"
	    "MSG\t4\tgeneral\ta\ttorn li");
	assert_int_equal(logfile_open(path, collect, &s, err, sizeof(err)), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.text[0], "general/a/one");
	assert_string_equal(s.text[1], "den/b/two");
	/* the torn line is gone; new lines follow the last complete one */
	logfile_append("MSG\t5\tgeneral\ta\tthree\n", 22);
	assert_int_equal(logfile_sync(), 0);
	logfile_close();
	assert_string_equal(read_file(path), "JOIN\t1\tgeneral\ta\n"
	    "MSG\t2\tgeneral\ta\tone\n"
	    "garbage line\n"
	    "ME\t3\tden\tb\ttwo\n"
	    "MSG\t5\tgeneral\ta\tthree\n");
	memset(&s, 0, sizeof(s));
	assert_int_equal(logfile_open(path, collect, &s, err, sizeof(err)), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.text[2], "general/a/three");
	logfile_close();
	unlink(path);
}

static void
logfile__open__fails_with_a_reason(void **state)
{
	struct seen s = { 0 };
	char err[256] = "";

	(void)state;
	assert_int_equal(logfile_open("/nonexistent/dir/log", collect, &s,
	    err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/dir/log"));
	assert_false(logfile_active());
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(logfile__parses__msg_and_me),
		cmocka_unit_test(logfile__parses__other_events_as_zero),
		cmocka_unit_test(logfile__rejects__malformed_lines),
		cmocka_unit_test(
		    logfile__replays__in_order_and_cuts_a_torn_line),
		cmocka_unit_test(logfile__open__fails_with_a_reason),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
