/* Paths: FTP arguments made into virtual paths, opened beneath a root. */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/openat2.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "ftppath.h"

static int	ftppath_walk_only;	/* tests: never try openat2 */
static int	ftppath_no_openat2;	/* the kernel said ENOSYS once */

void
ftppath_force_walk(int on)
{
	ftppath_walk_only = on;
}

/* Apply the components of p to the virtual path out[0..*n]. */
static int
ftppath_apply(const char *p, char *out, size_t outlen, size_t *n)
{
	size_t len;

	while (*p != '\0') {
		p += strspn(p, "/");
		len = strcspn(p, "/");
		if (len == 0 || (len == 1 && p[0] == '.')) {
			p += len;
			continue;
		}
		if (len == 2 && p[0] == '.' && p[1] == '.') {
			/* ".." at the top stays at the top, as in "/..". */
			while (*n > 0 && out[--*n] != '/')
				;
			p += len;
			continue;
		}
		if (len > NAME_MAX || *n + 1 + len >= outlen) {
			errno = ENAMETOOLONG;
			return -1;
		}
		out[(*n)++] = '/';
		memcpy(out + *n, p, len);
		*n += len;
		p += len;
	}
	return 0;
}

int
ftppath_join(const char *cwd, const char *arg, char *out, size_t outlen)
{
	size_t n = 0;

	if (cwd[0] != '/' || outlen < 2) {
		errno = EINVAL;
		return -1;
	}
	if (arg[0] != '/' && ftppath_apply(cwd, out, outlen, &n) == -1)
		return -1;
	if (ftppath_apply(arg, out, outlen, &n) == -1)
		return -1;
	if (n == 0)
		out[n++] = '/';
	out[n] = '\0';
	return 0;
}

const char *
ftppath_base(const char *vpath)
{
	return strrchr(vpath, '/') + 1;
}

/* The folder "a/b" beneath root through openat2(2); an O_PATH fd, or -1
 * with errno (ENOSYS where the kernel is older than 5.6). */
static int
ftppath_openat2(int root, const char *rel)
{
	struct open_how how;
	int fd;

	memset(&how, 0, sizeof(how));
	how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
	    RESOLVE_NO_MAGICLINKS;
	do
		fd = syscall(SYS_openat2, root, rel, &how, sizeof(how));
	while (fd == -1 && errno == EAGAIN);
	if (fd == -1 && errno == EXDEV)
		errno = EACCES;		/* cannot happen: ".." is gone */
	return fd;
}

/* Why openat(O_NOFOLLOW|O_DIRECTORY) of name failed: a symbolic link is
 * ELOOP whatever the kernel said. */
static int
ftppath_why(int dir, const char *name, int err)
{
	struct stat st;

	if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(st.st_mode))
		return ELOOP;
	return err;
}

/* The folder "a/b" beneath root, one component at a time, never
 * following a link; an O_PATH fd, or -1 with errno. */
static int
ftppath_walk(int root, char *rel)
{
	char *comp, *next;
	int dir = root, fd, err;

	for (comp = rel; comp != NULL; comp = next) {
		if ((next = strchr(comp, '/')) != NULL)
			*next++ = '\0';
		fd = openat(dir, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		err = fd == -1 ? ftppath_why(dir, comp, errno) : 0;
		if (dir != root)
			close(dir);
		if (fd == -1) {
			errno = err;
			return -1;
		}
		dir = fd;
	}
	return dir;
}

/* The folder holding vpath's last component, and that component in
 * *last. The fd may be root itself (then *owned is 0); -1 with errno. */
static int
ftppath_parent(int root, const char *vpath, const char **last, int *owned)
{
	char rel[FTPPATH_MAX];
	size_t n;
	int fd;

	*last = ftppath_base(vpath);
	*owned = 0;
	n = *last - vpath - 1;	/* "/a/b/c": 4, "a/b" is 3 bytes */
	if (n == 0)
		return root;
	if (n >= sizeof(rel)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(rel, vpath + 1, n - 1);
	rel[n - 1] = '\0';
	fd = -1;
	if (!ftppath_walk_only && !ftppath_no_openat2) {
		fd = ftppath_openat2(root, rel);
		/* No kernel support, or a seccomp filter: walk. */
		if (fd == -1 && (errno == ENOSYS || errno == EPERM))
			ftppath_no_openat2 = 1;
		else if (fd == -1)
			return -1;
	}
	if (fd == -1 && (fd = ftppath_walk(root, rel)) == -1)
		return -1;
	*owned = 1;
	return fd;
}

int
ftppath_stat(int root, const char *vpath, struct stat *st)
{
	const char *last;
	int dir, owned, rc, err;

	if (vpath[0] != '/') {
		errno = EINVAL;
		return -1;
	}
	if (vpath[1] == '\0')
		return fstat(root, st);
	if ((dir = ftppath_parent(root, vpath, &last, &owned)) == -1)
		return -1;
	rc = fstatat(dir, last, st, AT_SYMLINK_NOFOLLOW);
	err = errno;
	if (owned)
		close(dir);
	errno = err;
	return rc;
}

/* Whether st is what want asks for; if not, errno says why. */
static int
ftppath_fits(const struct stat *st, enum ftppath_want want)
{
	if (S_ISLNK(st->st_mode))
		errno = ELOOP;
	else if (want == FTPPATH_DIR && !S_ISDIR(st->st_mode))
		errno = ENOTDIR;
	else if (want == FTPPATH_FILE && S_ISDIR(st->st_mode))
		errno = EISDIR;
	else if (want == FTPPATH_FILE && !S_ISREG(st->st_mode))
		errno = EPERM;
	else
		return 1;
	return 0;
}

int
ftppath_open(int root, const char *vpath, enum ftppath_want want,
    struct stat *st)
{
	struct stat st2;
	const char *last;
	int dir, owned, fd, flags, err;

	if (ftppath_stat(root, vpath, st) == -1 || !ftppath_fits(st, want))
		return -1;
	/* The type was checked before the open, so a FIFO or a device is
	 * never opened; O_NONBLOCK and the check after it cover a swap in
	 * between by someone with write access to the root. */
	flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
	if (want == FTPPATH_DIR)
		flags |= O_DIRECTORY;
	if (vpath[1] == '\0')
		return openat(root, ".", flags);
	if ((dir = ftppath_parent(root, vpath, &last, &owned)) == -1)
		return -1;
	fd = openat(dir, last, flags);
	err = fd == -1 ? ftppath_why(dir, last, errno) : 0;
	if (owned)
		close(dir);
	if (fd == -1) {
		errno = err;
		return -1;
	}
	if (fstat(fd, &st2) == -1 || st2.st_ino != st->st_ino ||
	    st2.st_dev != st->st_dev || !ftppath_fits(&st2, want)) {
		close(fd);
		errno = EPERM;
		return -1;
	}
	*st = st2;
	return fd;
}
