/* Tests for tcpftpd/ftppath.c: virtual paths and the jail beneath root. */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tcpftpd/ftppath.h"

/* join(cwd, arg) as a string, or "ERR" with errno. */
static const char *
join(const char *cwd, const char *arg)
{
	static char out[FTPPATH_MAX];

	if (ftppath_join(cwd, arg, out, sizeof(out)) == -1)
		return "ERR";
	return out;
}

static void
ftppath__join__normalises(void **state)
{
	(void)state;
	assert_string_equal(join("/", ""), "/");
	assert_string_equal(join("/", "a"), "/a");
	assert_string_equal(join("/a", "b/c"), "/a/b/c");
	assert_string_equal(join("/a", "./b//c/"), "/a/b/c");
	assert_string_equal(join("/a/b", ".."), "/a");
	assert_string_equal(join("/a/b", "../../.."), "/");
	assert_string_equal(join("/a", "../../etc/passwd"), "/etc/passwd");
	assert_string_equal(join("/a", "/etc/passwd"), "/etc/passwd");
	assert_string_equal(join("/a", "/../../x"), "/x");
	assert_string_equal(join("/a", "..."), "/a/...");
	assert_string_equal(join("/a", "..x/.x"), "/a/..x/.x");
	assert_string_equal(join("/", "a\\..\\b"), "/a\\..\\b");
	assert_string_equal(ftppath_base("/a/b"), "b");
	assert_string_equal(ftppath_base("/"), "");
}

static void
ftppath__join__bounds(void **state)
{
	char name[300], out[16];

	(void)state;
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_string_equal(join("/", name), "ERR");
	assert_int_equal(errno, ENAMETOOLONG);
	assert_int_equal(ftppath_join("/", "abcdefghijklmno", out,
	    sizeof(out)), -1);
	assert_int_equal(ftppath_join("/", "abcdefghijklmn", out,
	    sizeof(out)), 0);
	assert_string_equal(join("relative", "x"), "ERR");
	assert_int_equal(errno, EINVAL);
}

struct tree {
	char	 top[64];	/* holds root/ and outside/ */
	int	 root;
};

static void
mk(const char *top, const char *rel, const char *data)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", top, rel);
	assert_non_null(f = fopen(p, "w"));
	fputs(data, f);
	fclose(f);
}

static void
ln(const char *top, const char *target, const char *rel)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", top, rel);
	assert_int_equal(symlink(target, p), 0);
}

static int
tree_setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));
	char p[256];

	snprintf(t->top, sizeof(t->top), "/tmp/test_ftppath.XXXXXX");
	assert_non_null(mkdtemp(t->top));
	snprintf(p, sizeof(p), "%s/root", t->top);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/root/d", t->top);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/outside", t->top);
	assert_int_equal(mkdir(p, 0755), 0);
	mk(t->top, "outside/secret", "secret");
	mk(t->top, "root/f", "file");
	mk(t->top, "root/d/g", "deep");
	ln(t->top, "../outside/secret", "root/up");
	ln(t->top, "/etc", "root/abs");
	ln(t->top, "f", "root/inside");
	ln(t->top, "../outside", "root/d/updir");
	snprintf(p, sizeof(p), "%s/root/fifo", t->top);
	assert_int_equal(mkfifo(p, 0644), 0);
	snprintf(p, sizeof(p), "%s/root", t->top);
	assert_true((t->root = open(p, O_RDONLY | O_DIRECTORY)) >= 0);
	*state = t;
	return 0;
}

static int
tree_teardown(void **state)
{
	struct tree *t = *state;
	char cmd[128];

	close(t->root);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->top);
	assert_int_equal(system(cmd), 0);
	ftppath_force_walk(0);
	free(t);
	return 0;
}

/* open(vpath) for want: the errno (0 when it opened; the content read
 * must then be data, if data is not NULL). */
static int
try_open(int root, const char *vpath, enum ftppath_want want,
    const char *data)
{
	struct stat st;
	char buf[64];
	ssize_t n;
	int fd;

	if ((fd = ftppath_open(root, vpath, want, &st)) == -1)
		return errno;
	if (data != NULL) {
		n = read(fd, buf, sizeof(buf) - 1);
		assert_true(n >= 0);
		buf[n] = '\0';
		assert_string_equal(buf, data);
		assert_int_equal(st.st_size, strlen(data));
	}
	close(fd);
	return 0;
}

static void
check_jail(int root)
{
	struct stat st;

	assert_int_equal(try_open(root, "/f", FTPPATH_FILE, "file"), 0);
	assert_int_equal(try_open(root, "/d/g", FTPPATH_FILE, "deep"), 0);
	assert_int_equal(try_open(root, "/", FTPPATH_DIR, NULL), 0);
	assert_int_equal(try_open(root, "/d", FTPPATH_DIR, NULL), 0);
	assert_int_equal(try_open(root, "/", FTPPATH_FILE, NULL), EISDIR);
	assert_int_equal(try_open(root, "/d", FTPPATH_FILE, NULL), EISDIR);
	assert_int_equal(try_open(root, "/f", FTPPATH_DIR, NULL), ENOTDIR);
	assert_int_equal(try_open(root, "/f/x", FTPPATH_FILE, NULL), ENOTDIR);
	assert_int_equal(try_open(root, "/nope", FTPPATH_FILE, NULL), ENOENT);
	assert_int_equal(try_open(root, "/up", FTPPATH_FILE, NULL), ELOOP);
	assert_int_equal(try_open(root, "/abs", FTPPATH_DIR, NULL), ELOOP);
	assert_int_equal(try_open(root, "/abs/passwd", FTPPATH_FILE, NULL),
	    ELOOP);
	assert_int_equal(try_open(root, "/inside", FTPPATH_FILE, NULL),
	    ELOOP);
	assert_int_equal(try_open(root, "/d/updir/secret", FTPPATH_FILE,
	    NULL), ELOOP);
	assert_int_equal(try_open(root, "/fifo", FTPPATH_FILE, NULL), EPERM);
	assert_int_equal(try_open(root, "/fifo", FTPPATH_DIR, NULL), ENOTDIR);
	assert_int_equal(try_open(root, "relative", FTPPATH_FILE, NULL),
	    EINVAL);
	/* stat never follows the last link and never opens. */
	assert_int_equal(ftppath_stat(root, "/up", &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(ftppath_stat(root, "/fifo", &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	assert_int_equal(ftppath_stat(root, "/abs/passwd", &st), -1);
	assert_int_equal(errno, ELOOP);
}

static void
ftppath__open__kernel_resolver_keeps_the_jail(void **state)
{
	struct tree *t = *state;

	ftppath_force_walk(0);
	check_jail(t->root);
}

static void
ftppath__open__nofollow_walk_keeps_the_jail(void **state)
{
	struct tree *t = *state;

	ftppath_force_walk(1);
	check_jail(t->root);
}

static void
ftppath__open__never_opens_a_device(void **state)
{
	struct tree *t = *state;
	char p[256];

	snprintf(p, sizeof(p), "%s/root/null", t->top);
	if (mknod(p, S_IFCHR | 0666, makedev(1, 3)) == -1) {
		/* No CAP_MKNOD in this container: nothing to check. */
		skip();
	}
	assert_int_equal(try_open(t->root, "/null", FTPPATH_FILE, NULL),
	    EPERM);
	unlink(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ftppath__join__normalises),
		cmocka_unit_test(ftppath__join__bounds),
		cmocka_unit_test_setup_teardown(
		    ftppath__open__kernel_resolver_keeps_the_jail,
		    tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(
		    ftppath__open__nofollow_walk_keeps_the_jail,
		    tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(
		    ftppath__open__never_opens_a_device,
		    tree_setup, tree_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
