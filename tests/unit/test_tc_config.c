/* Unit tests for tui-client/config.c and chatlog.c: the config file read
 * and its ignore list written back; log file names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "tui-client/chatlog.h"
#include "tui-client/config.h"

#define PARSE(cfg, s, err)	config_parse(cfg, s, sizeof(s) - 1, err, \
				    sizeof(err))

static void
config__parse__reads_every_setting(void **state)
{
	static const char text[] = "# a comment\n"
	    "\n"
	    "server localhost:8989\n"
	    "  server [::1]:9000  \r\n"
	    "nick alice\n"
	    "room #dev\n"
	    "room general\n"
	    "color off\n"
	    "ignore mallory\n"
	    "log-dir /tmp/logs";
	struct config cfg;
	char err[128];

	(void)state;
	config_init(&cfg);
	assert_int_equal(PARSE(&cfg, text, err), 0);
	assert_int_equal(cfg.nservers, 2);
	assert_string_equal(cfg.servers[1], "[::1]:9000");
	assert_string_equal(cfg.nick, "alice");
	assert_int_equal(cfg.nrooms, 2);
	assert_string_equal(cfg.rooms[0], "dev");
	assert_int_equal(cfg.color, 0);
	assert_string_equal(cfg.ignores[0], "mallory");
	assert_string_equal(cfg.log_dir, "/tmp/logs");
	config_free(&cfg);
	assert_int_equal(cfg.color, -1);
}

static void
config__parse__names_the_bad_line(void **state)
{
	struct config cfg;
	char err[128];

	(void)state;
	config_init(&cfg);
	assert_int_equal(PARSE(&cfg, "nick a\ncolour on\n", err), -1);
	assert_string_equal(err, "line 2: colour: unknown setting");
	assert_int_equal(PARSE(&cfg, "color maybe\n", err), -1);
	assert_string_equal(err, "line 1: color: want on or off");
	assert_int_equal(PARSE(&cfg, "server nohost\n", err), -1);
	assert_int_equal(PARSE(&cfg, "nick\n", err), -1);
	assert_string_equal(err, "line 1: nick: a value is missing");
	assert_int_equal(PARSE(&cfg, "nick a\x1b[2J\n", err), -1);
	config_free(&cfg);
}

static void
config__save_ignore__keeps_the_rest(void **state)
{
	char dir[] = "/tmp/tcpchat-config-XXXXXX", path[128], buf[512];
	FILE *fp;
	size_t n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/sub/config", dir);
	/* Nothing to take out of no file: no file made. */
	assert_int_equal(config_save_ignore(path, "bob", 0), 0);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(config_save_ignore(path, "bob", 1), 0);
	fp = fopen(path, "a");
	fputs("# mine\nnick alice\nignore  BOB \n", fp);
	fclose(fp);
	assert_int_equal(config_save_ignore(path, "eve", 1), 0);
	assert_int_equal(config_save_ignore(path, "bob", 0), 0);
	fp = fopen(path, "r");
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	assert_string_equal(buf, "# mine\nnick alice\nignore eve\n");
	unlink(path);
	snprintf(path, sizeof(path), "%s/sub", dir);
	rmdir(path);
	rmdir(dir);
}

static void
chatlog__name__is_a_safe_file_name(void **state)
{
	char buf[80];

	(void)state;
	chatlog_name(1, "general", buf, sizeof(buf));
	assert_string_equal(buf, "#general");
	chatlog_name(0, "../../etc/passwd", buf, sizeof(buf));
	assert_string_equal(buf, "_._.._etc_passwd");
	assert_null(strchr(buf, '/'));
	chatlog_name(0, ".hidden", buf, sizeof(buf));
	assert_string_equal(buf, "_hidden");
	chatlog_name(0, "漢", buf, sizeof(buf));
	assert_string_equal(buf, "___");
	chatlog_name(0, "abcdef", buf, 4);
	assert_string_equal(buf, "abc");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(chatlog__name__is_a_safe_file_name),
		cmocka_unit_test(config__parse__names_the_bad_line),
		cmocka_unit_test(config__parse__reads_every_setting),
		cmocka_unit_test(config__save_ignore__keeps_the_rest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
