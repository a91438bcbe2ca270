/* libFuzzer harness for tcpftpd/ftppath.c: for any folder and argument,
 * the joined virtual path is normal (no "", ".", ".." component), and
 * whatever it opens beneath a test root lies inside that root, through
 * openat2(2) and through the O_NOFOLLOW walk alike. The input is
 * "CWD\0ARG" (no NUL: the folder is "/"). */
#include <sys/types.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tcpftpd/ftppath.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char	top[64];
static char	rootreal[PATH_MAX];
static int	rootfd = -1;

static void
mk(const char *rel, int dir)
{
	char p[256];
	int fd;

	snprintf(p, sizeof(p), "%s/%s", top, rel);
	if (dir)
		(void)mkdir(p, 0755);
	else if ((fd = open(p, O_CREAT | O_WRONLY, 0644)) != -1)
		close(fd);
}

static void
ln(const char *target, const char *rel)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", top, rel);
	(void)symlink(target, p);
}

static void
cleanup(void)
{
	char cmd[128];
	int rc;

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	rc = system(cmd);
	(void)rc;
}

/* A root with folders, files, a FIFO and links in and out; a sibling
 * folder outside holds what must never be reached. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char p[256];

	(void)argc;
	(void)argv;
	snprintf(top, sizeof(top), "/tmp/fuzz_ftppath.XXXXXX");
	if (mkdtemp(top) == NULL)
		abort();
	atexit(cleanup);
	mk("root", 1);
	mk("root/a", 1);
	mk("root/a/b", 1);
	mk("root/f", 0);
	mk("root/a/g", 0);
	mk("outside", 1);
	mk("outside/secret", 0);
	ln("../outside", "root/out");
	ln("../../outside/secret", "root/a/sec");
	ln("/", "root/slash");
	ln("b", "root/a/in");
	snprintf(p, sizeof(p), "%s/root/fifo", top);
	(void)mkfifo(p, 0644);
	snprintf(p, sizeof(p), "%s/root", top);
	if (realpath(p, rootreal) == NULL ||
	    (rootfd = open(p, O_RDONLY | O_DIRECTORY)) == -1)
		abort();
	return 0;
}

static void
check_normal(const char *v)
{
	const char *p;
	size_t len;

	if (v[0] != '/' || strlen(v) >= FTPPATH_MAX)
		abort();
	if (v[1] == '\0')
		return;
	for (p = v; *p == '/'; p += len) {
		p++;
		len = strcspn(p, "/");
		if (len == 0 || (len == 1 && p[0] == '.') ||
		    (len == 2 && p[0] == '.' && p[1] == '.'))
			abort();
	}
	if (*p != '\0')
		abort();
}

/* What fd is open on lies beneath the root. */
static void
check_inside(int fd)
{
	char link[64], real[PATH_MAX];
	ssize_t n;
	size_t rl = strlen(rootreal);

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	if ((n = readlink(link, real, sizeof(real) - 1)) == -1)
		return;		/* no /proc: nothing to compare */
	real[n] = '\0';
	if (strncmp(real, rootreal, rl) != 0 ||
	    (real[rl] != '\0' && real[rl] != '/'))
		abort();
}

static void
check_open(const char *v)
{
	struct stat st;
	int fd, walk;

	for (walk = 0; walk < 2; walk++) {
		ftppath_force_walk(walk);
		if ((fd = ftppath_open(rootfd, v, FTPPATH_FILE, &st)) != -1) {
			if (!S_ISREG(st.st_mode))
				abort();
			check_inside(fd);
			close(fd);
		}
		if ((fd = ftppath_open(rootfd, v, FTPPATH_DIR, &st)) != -1) {
			if (!S_ISDIR(st.st_mode))
				abort();
			check_inside(fd);
			close(fd);
		}
		(void)ftppath_stat(rootfd, v, &st);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf, *cwd, *arg, cwdv[FTPPATH_MAX], out[FTPPATH_MAX];
	char again[FTPPATH_MAX];
	size_t n;

	if (size > 3 * FTPPATH_MAX)
		return 0;
	buf = malloc(size + 2);
	memcpy(buf, data, size);
	buf[size] = buf[size + 1] = '\0';
	n = strlen(buf);
	cwd = n < size ? buf : NULL;
	arg = n < size ? buf + n + 1 : buf;
	/* The folder is always a joined path in the server. */
	if (ftppath_join("/", cwd != NULL ? cwd : "/", cwdv,
	    sizeof(cwdv)) == -1) {
		free(buf);
		return 0;
	}
	check_normal(cwdv);
	if (ftppath_join(cwdv, arg, out, sizeof(out)) == 0) {
		check_normal(out);
		/* Normal paths are fixed points. */
		if (ftppath_join("/", out, again, sizeof(again)) != 0 ||
		    strcmp(out, again) != 0)
			abort();
		check_open(out);
	}
	free(buf);
	return 0;
}
