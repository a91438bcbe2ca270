/* Tests for tcpftpd/ftplist.c: listing lines, safe names, streaming. */
#include <sys/types.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "tcpftpd/ftplist.h"

static struct stat
file_stat(mode_t mode, off_t size, time_t mtime)
{
	struct stat st;

	memset(&st, 0, sizeof(st));
	st.st_mode = mode;
	st.st_size = size;
	st.st_mtime = mtime;
	st.st_nlink = 1;
	return st;
}

static void
ftplist__line__long_names_and_facts(void **state)
{
	struct stat st = file_stat(S_IFREG | 0644, 1234, 1700000000);
	char out[FTPLIST_LINE_MAX];

	(void)state;
	ftplist_line(FTPLIST_LONG, "a.txt", &st, 1700000000 + 3600, out);
	assert_string_equal(out, "-rw-r--r--   1 ftp      ftp      "
	    "        1234 Nov 14 22:13 a.txt\r\n");
	/* Older than half a year: the year instead of the time. */
	ftplist_line(FTPLIST_LONG, "a.txt", &st, 1800000000, out);
	assert_non_null(strstr(out, " Nov 14  2023 a.txt\r\n"));
	ftplist_line(FTPLIST_NAMES, "a.txt", &st, 0, out);
	assert_string_equal(out, "a.txt\r\n");
	ftplist_line(FTPLIST_FACTS, "a.txt", &st, 0, out);
	assert_string_equal(out, "type=file;size=1234;modify=20231114221320;"
	    "perm=r; a.txt\r\n");
	st = file_stat(S_IFDIR | 0755, 4096, 0);
	ftplist_line(FTPLIST_FACTS, "d", &st, 0, out);
	assert_string_equal(out, "type=dir;modify=19700101000000;perm=el; "
	    "d\r\n");
	st = file_stat(S_IFLNK | 0777, 4, 0);
	ftplist_line(FTPLIST_LONG, "l", &st, 0, out);
	assert_int_equal(out[0], 'l');
	st = file_stat(S_IFIFO | 0644, 0, 0);
	ftplist_line(FTPLIST_FACTS, "p", &st, 0, out);
	assert_non_null(strstr(out, "type=OS.unix=special;"));
}

static void
ftplist__line__control_bytes_never_reach_the_client(void **state)
{
	struct stat st = file_stat(S_IFREG | 0644, 1, 0);
	char out[FTPLIST_LINE_MAX], name[256];
	enum ftplist_mode m;
	size_t n, i;

	(void)state;
	for (i = 0; i < sizeof(name) - 1; i++)
		name[i] = (char)(i % 40 == 0 ? '\n' : 1 + i % 255);
	name[sizeof(name) - 1] = '\0';
	for (m = FTPLIST_LONG; m <= FTPLIST_FACTS; m++) {
		n = ftplist_line(m, name, &st, 0, out);
		assert_int_equal(n, strlen(out));
		assert_true(n < FTPLIST_LINE_MAX);
		assert_memory_equal(out + n - 2, "\r\n", 2);
		for (i = 0; i < n - 2; i++)
			assert_false((unsigned char)out[i] < 0x20 ||
			    out[i] == 0x7f);
	}
	n = ftplist_line(FTPLIST_NAMES, "x\r\n226 ok", &st, 0, out);
	assert_string_equal(out, "x??226 ok\r\n");
}

static void
ftplist__fill__streams_a_folder_in_whole_lines(void **state)
{
	char top[] = "/tmp/test_ftplist.XXXXXX", p[128];
	char out[FTPLIST_LINE_MAX * 2];
	struct ftplist l;
	size_t n, total = 0, lines = 0, i;
	int fd;

	(void)state;
	assert_non_null(mkdtemp(top));
	for (i = 0; i < 50; i++) {
		snprintf(p, sizeof(p), "%s/file%02zu", top, i);
		assert_true((fd = open(p, O_CREAT | O_WRONLY, 0644)) >= 0);
		close(fd);
	}
	assert_true((fd = open(top, O_RDONLY | O_DIRECTORY)) >= 0);
	assert_int_equal(ftplist_open(&l, fd, FTPLIST_LONG), 0);
	while ((n = ftplist_fill(&l, out, sizeof(out))) > 0) {
		/* Room for two lines at most: never a cut line. */
		assert_memory_equal(out + n - 2, "\r\n", 2);
		for (i = 0; i < n; i++)
			lines += out[i] == '\n';
		total += n;
	}
	assert_int_equal(lines, 50);
	assert_true(total > 50 * 40);
	ftplist_close(&l);
	ftplist_close(&l);
	snprintf(p, sizeof(p), "rm -rf '%s'", top);
	assert_int_equal(system(p), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ftplist__line__long_names_and_facts),
		cmocka_unit_test(
		    ftplist__line__control_bytes_never_reach_the_client),
		cmocka_unit_test(
		    ftplist__fill__streams_a_folder_in_whole_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
