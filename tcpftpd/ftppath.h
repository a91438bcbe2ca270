/* Paths: FTP arguments made into virtual paths, opened beneath a root. */
#ifndef FTPPATH_H
#define FTPPATH_H

#include <sys/types.h>
#include <sys/stat.h>
#include <stddef.h>

#define FTPPATH_MAX	4096	/* a virtual path, NUL included */

enum ftppath_want {
	FTPPATH_FILE,		/* a regular file, opened for reading */
	FTPPATH_DIR		/* a directory, opened for reading */
};

/*
 * Join arg onto the current folder cwd (a virtual path, "/" or "/a/b")
 * into out: an absolute virtual path with no "", "." or ".." component
 * and no trailing "/", where ".." at the top stays at the top. Returns 0,
 * or -1 with errno ENAMETOOLONG (out is outlen bytes) or EINVAL (cwd is
 * not a virtual path).
 */
int	ftppath_join(const char *cwd, const char *arg, char *out,
	    size_t outlen);
/* The last component of virtual path vpath ("" for "/"). */
const char *ftppath_base(const char *vpath);
/*
 * Open virtual path vpath beneath root (a directory fd) without following
 * any symbolic link: openat2(RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS) where
 * the kernel has it, else a walk with O_NOFOLLOW. A FIFO, device or
 * socket is never opened. Fills *st; the fd, or -1 with errno: ENOENT,
 * ELOOP (a symbolic link on the way), ENOTDIR, EISDIR (a folder where a
 * file was wanted), EPERM (not a regular file or folder), EACCES.
 */
int	ftppath_open(int root, const char *vpath, enum ftppath_want,
	    struct stat *st);
/* lstat(2) of vpath beneath root (the last component is not followed,
 * nothing is opened); 0, or -1 with errno as ftppath_open(). */
int	ftppath_stat(int root, const char *vpath, struct stat *st);
/* Resolve with the O_NOFOLLOW walk even where openat2(2) exists (on),
 * or let the kernel decide (off): both paths are tested. */
void	ftppath_force_walk(int on);

#endif
