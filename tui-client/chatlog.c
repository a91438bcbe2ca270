/* --log-dir: each window's lines appended to a file of its own, one
 * plain line each, opened for each line (a chat's pace), so a log moved
 * away or deleted is simply started again. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatlog.h"
#include "fmt.h"
#include "efun.h"

#define CHATLOG_NAME_MAX	64	/* bytes of a name in a file name */

void
chatlog_name(int room, const char *name, char *buf, size_t len)
{
	size_t i, at;
	unsigned char ch;

	if (len == 0)
		return;
	at = 0;
	if (room && at + 1 < len)
		buf[at++] = '#';
	for (i = 0; name[i] != '\0' && i < CHATLOG_NAME_MAX && at + 1 < len;
	    i++) {
		ch = (unsigned char)name[i];
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' ||
		    (ch == '.' && i > 0))
			buf[at++] = (char)ch;
		else
			buf[at++] = '_';
	}
	buf[at] = '\0';
}

int
chatlog_write(const char *dir, int room, const char *name,
    const struct sbline *l)
{
	char file[CHATLOG_NAME_MAX + 8], line[8192], *path, *big;
	int fd, n, err;
	ssize_t w;

	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		return -1;
	chatlog_name(room, name, file, sizeof(file));
	path = emalloc(strlen(dir) + strlen(file) + 8);
	sprintf(path, "%s/%s.log", dir, file);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	free(path);
	if (fd == -1)
		return -1;
	big = NULL;
	n = fmt_plain(l, line, sizeof(line) - 1);
	if (n >= 0 && (size_t)n >= sizeof(line) - 1) {
		big = emalloc((size_t)n + 2);
		fmt_plain(l, big, (size_t)n + 1);
	}
	if (n < 0) {
		(void)close(fd);	/* nothing was written to lose */
		errno = EINVAL;
		return -1;
	}
	(big != NULL ? big : line)[n] = '\n';
	w = write(fd, big != NULL ? big : line, (size_t)n + 1);
	err = errno;
	free(big);
	if (close(fd) == -1 && w != -1)
		return -1;
	if (w != -1 && w != (ssize_t)n + 1)
		err = EIO;		/* a short write: the disk is full */
	errno = err;
	return w == (ssize_t)n + 1 ? 0 : -1;
}
