/* Tests for tcpftpd/ftpcmd.c: the table, line parsing, safe replies. */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "tcpftpd/ftpcmd.h"

static void
ftpcmd__table__is_sorted_unique_with_usage(void **state)
{
	size_t i;

	(void)state;
	assert_true(ftpcmd_count >= 40);
	for (i = 0; i < ftpcmd_count; i++) {
		assert_non_null(ftpcmd_table[i].usage);
		assert_true(strlen(ftpcmd_table[i].usage) > 4);
		assert_true(strlen(ftpcmd_table[i].name) <= FTPCMD_VERB_MAX);
		if (i > 0)
			assert_true(strcmp(ftpcmd_table[i - 1].name,
			    ftpcmd_table[i].name) < 0);
	}
}

static void
ftpcmd__find__any_case_and_nothing_else(void **state)
{
	size_t i;
	char low[8];

	(void)state;
	for (i = 0; i < ftpcmd_count; i++) {
		assert_ptr_equal(ftpcmd_find(ftpcmd_table[i].name),
		    &ftpcmd_table[i]);
		snprintf(low, sizeof(low), "%s", ftpcmd_table[i].name);
		low[0] += 'a' - 'A';
		assert_ptr_equal(ftpcmd_find(low), &ftpcmd_table[i]);
	}
	assert_null(ftpcmd_find("RETRX"));
	assert_null(ftpcmd_find("XYZ"));
	assert_null(ftpcmd_find(""));
}

/* Parse a copy of s; the reply code. */
static int
parse(const char *s, struct ftpcmd *cmd, char *buf, size_t len)
{
	const char *why;

	memcpy(buf, s, len);
	buf[len] = '\0';
	return ftpcmd_parse(buf, len, cmd, &why);
}

static void
ftpcmd__parse__verb_and_argument(void **state)
{
	struct ftpcmd cmd;
	char buf[64];

	(void)state;
	assert_int_equal(parse("retr my file.txt", &cmd, buf, 16), 0);
	assert_int_equal(cmd.def->id, FTPCMD_RETR);
	assert_string_equal(cmd.arg, "my file.txt");
	assert_int_equal(parse("PWD", &cmd, buf, 3), 0);
	assert_string_equal(cmd.arg, "");
	assert_int_equal(parse("LIST -la", &cmd, buf, 8), 0);
	assert_string_equal(ftpcmd_listarg(cmd.arg), "");
	assert_int_equal(parse("NLST -a sub", &cmd, buf, 11), 0);
	assert_string_equal(ftpcmd_listarg(cmd.arg), "sub");
	assert_int_equal(parse("XPWD", &cmd, buf, 4), 0);
	assert_int_equal(cmd.def->id, FTPCMD_PWD);
	assert_int_equal(parse("STOR x", &cmd, buf, 6), 0);
	assert_int_equal(cmd.def->id, FTPCMD_WRITE);
}

static void
ftpcmd__parse__refuses_bad_lines(void **state)
{
	struct ftpcmd cmd;
	char buf[64];

	(void)state;
	assert_int_equal(parse("", &cmd, buf, 0), 500);
	assert_int_equal(parse("FOO", &cmd, buf, 3), 500);
	assert_int_equal(parse("RETRIEVE x", &cmd, buf, 10), 500);
	assert_int_equal(parse("RE1R x", &cmd, buf, 6), 500);
	assert_int_equal(parse("RETR", &cmd, buf, 4), 501);
	assert_int_equal(parse("PWD x", &cmd, buf, 5), 501);
	assert_int_equal(parse("RETR a\0b", &cmd, buf, 8), 501);
	assert_int_equal(parse("RETR a\rb", &cmd, buf, 8), 501);
	assert_int_equal(parse("RETR a\nb", &cmd, buf, 8), 501);
}

static void
ftpcmd__parse__drops_telnet_sync_before_abor(void **state)
{
	struct ftpcmd cmd;
	char buf[64];

	(void)state;
	assert_int_equal(parse("\xff\xf4\xff\xf2" "ABOR", &cmd, buf, 8), 0);
	assert_int_equal(cmd.def->id, FTPCMD_ABOR);
	/* The DM went out of band: a lone IAC, then the verb. */
	assert_int_equal(parse("\xff\xf4\xff" "ABOR", &cmd, buf, 7), 0);
	assert_int_equal(cmd.def->id, FTPCMD_ABOR);
	assert_int_equal(parse("RETR a\xff\xff", &cmd, buf, 8), 0);
	assert_string_equal(cmd.arg, "a\xff");
}

static void
ftpcmd__reply__never_carries_control_bytes(void **state)
{
	char out[FTPCMD_REPLY_LINE], big[2000];
	size_t n;

	(void)state;
	n = ftpcmd_reply(550, 0, "x\r\n226 fake\x1b[2J\x7f", out);
	assert_string_equal(out, "550 x??226 fake?[2J?\r\n");
	assert_int_equal(n, strlen(out));
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	n = ftpcmd_reply(211, 1, big, out);
	assert_int_equal(n, 4 + FTPCMD_TEXT_MAX + 2);
	assert_memory_equal(out, "211-aaa", 7);
	assert_memory_equal(out + n - 2, "\r\n", 2);
	assert_int_equal(ftpcmd_reply(7, 0, "x", out), 7);
	assert_string_equal(out, "500 x\r\n");
}

static void
ftpcmd__safe__doubles_quotes_and_fits(void **state)
{
	char out[8];

	(void)state;
	assert_int_equal(ftpcmd_safe("a\"b", out, sizeof(out), 1), 4);
	assert_string_equal(out, "a\"\"b");
	assert_int_equal(ftpcmd_safe("\"\"\"\"\"", out, sizeof(out), 1), 6);
	assert_string_equal(out, "\"\"\"\"\"\"");
	assert_int_equal(ftpcmd_safe("abcdefghij", out, sizeof(out), 0), 7);
	assert_string_equal(out, "abcdefg");
}

static void
ftpcmd__port__parses_and_rejects(void **state)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	char a[INET6_ADDRSTRLEN];
	socklen_t len;

	(void)state;
	assert_int_equal(ftpcmd_port("127,0,0,1,4,1", &ss, &len), 0);
	assert_int_equal(ntohs(sin->sin_port), 1025);
	assert_string_equal(inet_ntop(AF_INET, &sin->sin_addr, a, sizeof(a)),
	    "127.0.0.1");
	assert_int_equal(ftpcmd_port("127,0,0,1,4", &ss, &len), -1);
	assert_int_equal(ftpcmd_port("127,0,0,1,4,256", &ss, &len), -1);
	assert_int_equal(ftpcmd_port("127,0,0,1,4,1,", &ss, &len), -1);
	assert_int_equal(ftpcmd_port("127,0,0,1,0004,1", &ss, &len), -1);
	assert_int_equal(ftpcmd_eprt("|2|::1|5282|", &ss, &len), 0);
	assert_int_equal(ss.ss_family, AF_INET6);
	assert_int_equal(ntohs(sin6->sin6_port), 5282);
	assert_int_equal(ftpcmd_eprt("|1|10.0.0.1|21|", &ss, &len), 0);
	assert_int_equal(ftpcmd_eprt("|1|::1|21|", &ss, &len), -1);
	assert_int_equal(ftpcmd_eprt("|3|x|21|", &ss, &len), -1);
	assert_int_equal(ftpcmd_eprt("|1|10.0.0.1|0|", &ss, &len), -1);
	assert_int_equal(ftpcmd_eprt("|1|10.0.0.1|21", &ss, &len), -1);
	assert_int_equal(ftpcmd_eprt(" 1 10.0.0.1 21 ", &ss, &len), -1);
}

static void
ftpcmd__offset__decimal_only(void **state)
{
	off_t off;

	(void)state;
	assert_int_equal(ftpcmd_offset("1234", &off), 0);
	assert_int_equal(off, 1234);
	assert_int_equal(ftpcmd_offset("-1", &off), -1);
	assert_int_equal(ftpcmd_offset("12x", &off), -1);
	assert_int_equal(ftpcmd_offset("99999999999999999999", &off), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ftpcmd__table__is_sorted_unique_with_usage),
		cmocka_unit_test(ftpcmd__find__any_case_and_nothing_else),
		cmocka_unit_test(ftpcmd__parse__verb_and_argument),
		cmocka_unit_test(ftpcmd__parse__refuses_bad_lines),
		cmocka_unit_test(ftpcmd__parse__drops_telnet_sync_before_abor),
		cmocka_unit_test(ftpcmd__reply__never_carries_control_bytes),
		cmocka_unit_test(ftpcmd__safe__doubles_quotes_and_fits),
		cmocka_unit_test(ftpcmd__port__parses_and_rejects),
		cmocka_unit_test(ftpcmd__offset__decimal_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
