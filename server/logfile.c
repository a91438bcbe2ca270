/* The --log file: events appended as structured lines, replayed at start. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "tcpchatd.h"
#include "log.h"
#include "logfile.h"
#include "num.h"
#include "proto.h"
#include "efun.h"

static int	 logfd = -1;
static char	*logbuf;
static size_t	 loglen, logcap;
static int	 logwarned;

static int
logfile_ts(const char *s, int64_t *ts)
{
	const char *why;
	long long v;

	if (num_parse(s, 0, INT64_MAX, &v, &why) == -1)
		return -1;
	*ts = v;
	return 0;
}

int
logfile_parse(char *line, struct logrec *r)
{
	char *f[6];
	int n;

	n = proto_split(line, f, 6);
	if (n < 1)
		return -1;
	if (strcmp(f[0], "MSG") == 0 || strcmp(f[0], "ME") == 0) {
		if (n != 5 || logfile_ts(f[1], &r->ts) == -1 ||
		    *f[2] == '\0' || *f[3] == '\0')
			return -1;
		r->kind = f[0][1] == 'S' ? HIST_MSG : HIST_ME;
		r->room = f[2];
		r->nick = f[3];
		r->text = f[4];
		r->textlen = strlen(f[4]);
		return 1;
	}
	if ((strcmp(f[0], "JOIN") == 0 && n == 4) ||
	    (strcmp(f[0], "PART") == 0 && n == 5) ||
	    (strcmp(f[0], "NICK") == 0 && n == 4))
		return logfile_ts(f[1], &r->ts) == -1 ? -1 : 0;
	return -1;
}

/*
 * The next line of fp into line (NUL-terminated, without its "\n"); in
 * *n the bytes it took in the file. 1 for a line, 2 for one longer than
 * max (read to its end but not kept: a damaged file may hold gigabytes
 * without a newline, and memory must not grow with them), 0 at the end
 * of the file, -1 for a last line without "\n" (torn).
 */
static int
logfile_line(FILE *fp, char *line, size_t max, size_t *n)
{
	size_t len = 0;
	int ch;

	for (*n = 0; (ch = getc_unlocked(fp)) != '\n'; (*n)++) {
		if (ch == EOF)
			return *n == 0 ? 0 : -1;
		if (len < max)
			line[len] = (char)ch;
		len++;
	}
	(*n)++;
	if (len > max)
		return 2;
	line[len] = '\0';
	return 1;
}

/* Replay complete lines; returns the offset just past the last "\n". */
static off_t
logfile_replay(FILE *fp, logfile_rec_fn *fn, void *arg, size_t *bad,
    size_t *big)
{
	struct logrec r;
	char *line = emalloc(LOGLINE_MAX + 1);
	size_t n;
	off_t end = 0;
	int got;

	while ((got = logfile_line(fp, line, LOGLINE_MAX, &n)) > 0) {
		end += n;
		if (got == 2) {
			(*big)++;
			continue;
		}
		switch (logfile_parse(line, &r)) {
		case 1:
			fn(&r, arg);
			break;
		case -1:
			(*bad)++;
			break;
		}
	}
	free(line);
	return end;
}

int
logfile_open(const char *path, logfile_rec_fn *fn, void *arg, char *err,
    size_t errlen)
{
	FILE *fp;
	size_t bad = 0, big = 0;
	off_t end;
	int fd;

	fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
	if (fd == -1 || (fp = fdopen(dup(fd), "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	end = logfile_replay(fp, fn, arg, &bad, &big);
	if (ftello(fp) > end || !feof(fp)) {
		log_info("log %s: torn last line cut off at byte %lld", path,
		    (long long)end);
		if (ftruncate(fd, end) == -1) {
			snprintf(err, errlen, "%s: truncate: %s", path,
			    strerror(errno));
			fclose(fp);
			close(fd);
			return -1;
		}
	}
	if (bad > 0)
		log_info("log %s: %zu malformed lines skipped", path, bad);
	if (big > 0)
		log_info("log %s: %zu lines over %d bytes skipped", path, big,
		    LOGLINE_MAX);
	fclose(fp);
	logfd = fd;
	return 0;
}

int
logfile_active(void)
{
	return logfd != -1;
}

void
logfile_append(const void *p, size_t n)
{
	if (logfd == -1)
		return;
	if (loglen + n > LOGBUF_MAX) {
		if (!logwarned++)
			log_error("log: %zu bytes unwritten, dropping events",
			    loglen);
		return;
	}
	if (loglen + n > logcap) {
		logcap = (loglen + n) * 2;
		logbuf = erealloc(logbuf, logcap);
	}
	memcpy(logbuf + loglen, p, n);
	loglen += n;
}

int
logfile_sync(void)
{
	size_t off = 0;
	ssize_t n;

	if (logfd == -1 || loglen == 0)
		return 0;
	while (off < loglen) {
		n = write(logfd, logbuf + off, loglen - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += n;
	}
	memmove(logbuf, logbuf + off, loglen - off);
	loglen -= off;
	if (loglen > 0 || fdatasync(logfd) == -1) {
		if (!logwarned++)
			log_error("log: %s", strerror(errno));
		return -1;
	}
	logwarned = 0;
	return 0;
}

void
logfile_close(void)
{
	if (logfd == -1)
		return;
	logfile_sync();
	close(logfd);
	logfd = -1;
	free(logbuf);
	logbuf = NULL;
	loglen = logcap = 0;
}
