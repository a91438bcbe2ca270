/* Listings: LIST, NLST and MLSD lines, made safe, streamed from a folder. */
#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ftpcmd.h"
#include "ftplist.h"

#define FTPLIST_HALFYEAR	(182LL * 24 * 3600)

void
ftplist_time(time_t t, char *out)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, 15, "%Y%m%d%H%M%S", &tm) != 14)
		strcpy(out, "19700101000000");
}

static char
ftplist_type(mode_t m)
{
	if (S_ISDIR(m))
		return 'd';
	if (S_ISLNK(m))
		return 'l';
	if (S_ISFIFO(m))
		return 'p';
	if (S_ISCHR(m))
		return 'c';
	if (S_ISBLK(m))
		return 'b';
	if (S_ISSOCK(m))
		return 's';
	return '-';
}

/* "drwxr-xr-x" for mode m into out (11 bytes). */
static void
ftplist_modestr(mode_t m, char *out)
{
	static const char rwx[] = "rwxrwxrwx";
	int i;

	out[0] = ftplist_type(m);
	for (i = 0; i < 9; i++)
		out[i + 1] = m & (0400 >> i) ? rwx[i] : '-';
	out[10] = '\0';
}

/* ls -l's date: "Nov 30 07:54" within half a year, else "Nov 30  2025".
 * Owners are not shown: "ftp ftp", as vsftpd does. */
static size_t
ftplist_long(const char *safe, const struct stat *st, time_t now, char *out)
{
	char mode[11], date[16];
	struct tm tm;
	time_t t = st->st_mtime;

	ftplist_modestr(st->st_mode, mode);
	if (gmtime_r(&t, &tm) == NULL)
		strcpy(date, "Jan  1  1970");
	else if (t > now + 3600 || (long long)now - t > FTPLIST_HALFYEAR)
		strftime(date, sizeof(date), "%b %e  %Y", &tm);
	else
		strftime(date, sizeof(date), "%b %e %H:%M", &tm);
	return (size_t)snprintf(out, FTPLIST_LINE_MAX,
	    "%s %3ju ftp      ftp      %12jd %s %s\r\n", mode,
	    (uintmax_t)st->st_nlink, (intmax_t)st->st_size, date, safe);
}

size_t
ftplist_facts(const struct stat *st, char *out, size_t outlen)
{
	char t[15];
	int n;

	ftplist_time(st->st_mtime, t);
	if (S_ISREG(st->st_mode))
		n = snprintf(out, outlen, "type=file;size=%jd;modify=%s;"
		    "perm=r;", (intmax_t)st->st_size, t);
	else if (S_ISDIR(st->st_mode))
		n = snprintf(out, outlen, "type=dir;modify=%s;perm=el;", t);
	else	/* a link or special file: shown, never opened */
		n = snprintf(out, outlen, "type=OS.unix=%s;modify=%s;perm=;",
		    S_ISLNK(st->st_mode) ? "symlink" : "special", t);
	return n < 0 ? 0 : (size_t)n >= outlen ? outlen - 1 : (size_t)n;
}

size_t
ftplist_line(enum ftplist_mode mode, const char *name,
    const struct stat *st, time_t now, char *out)
{
	char safe[NAME_MAX + 1];
	size_t n;

	ftpcmd_safe(name, safe, sizeof(safe), 0);
	switch (mode) {
	case FTPLIST_LONG:
		return ftplist_long(safe, st, now, out);
	case FTPLIST_FACTS:
		n = ftplist_facts(st, out, FTPLIST_LINE_MAX);
		return n + (size_t)snprintf(out + n, FTPLIST_LINE_MAX - n,
		    " %s\r\n", safe);
	case FTPLIST_NAMES:
	default:
		return (size_t)snprintf(out, FTPLIST_LINE_MAX, "%s\r\n", safe);
	}
}

int
ftplist_open(struct ftplist *l, int fd, enum ftplist_mode mode)
{
	if ((l->dir = fdopendir(fd)) == NULL) {
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	l->mode = mode;
	l->now = time(NULL);
	return 0;
}

size_t
ftplist_fill(struct ftplist *l, char *out, size_t cap)
{
	struct dirent *de;
	struct stat st;
	size_t n = 0;

	while (l->dir != NULL && cap - n >= FTPLIST_LINE_MAX) {
		if ((de = readdir(l->dir)) == NULL)
			break;
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		/* An entry that vanished since readdir is left out. */
		if (fstatat(dirfd(l->dir), de->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) == -1)
			continue;
		n += ftplist_line(l->mode, de->d_name, &st, l->now, out + n);
	}
	return n;
}

void
ftplist_close(struct ftplist *l)
{
	if (l->dir != NULL)
		closedir(l->dir);
	l->dir = NULL;
}
