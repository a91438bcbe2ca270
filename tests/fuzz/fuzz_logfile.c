/*
 * server/logfile.c: a --log file of any content replays without harm.
 * Every record handed over is a MSG or ME with a time, a room and a nick
 * that are non-empty and inside the line, no TAB in them, and text of
 * the length said; afterwards the file ends at its last "\n" (a torn
 * last line is cut off) and what was before is untouched. Each line also
 * goes through logfile_parse alone, which must agree.
 *
 * Input: the file's bytes.
 */
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "server/logfile.h"
#include "log.h"
#include "fuzz.h"

struct seen {
	size_t	recs;
};

static void
on_rec(const struct logrec *r, void *arg)
{
	struct seen *s = arg;

	FUZZ_CHECK(r->kind == HIST_MSG || r->kind == HIST_ME);
	FUZZ_CHECK(r->ts >= 0);
	FUZZ_CHECK(r->room[0] != '\0' && r->nick[0] != '\0');
	FUZZ_CHECK(strchr(r->room, '\t') == NULL &&
	    strchr(r->nick, '\t') == NULL);
	FUZZ_CHECK(strlen(r->text) == r->textlen);
	s->recs++;
}

/* logfile_parse on each complete line: how many records it finds. */
static size_t
parse_lines(const char *p, size_t n)
{
	struct logrec r;
	const char *nl;
	char *line;
	size_t len, recs = 0;
	int rc;

	while ((nl = memchr(p, '\n', n)) != NULL) {
		len = nl - p;
		if ((line = malloc(len + 1)) == NULL)
			abort();
		memcpy(line, p, len);
		line[len] = '\0';
		rc = logfile_parse(line, &r);
		FUZZ_CHECK(rc >= -1 && rc <= 1);
		if (rc == 1) {
			on_rec(&r, &(struct seen){ 0 });
			recs++;
		}
		free(line);
		n -= len + 1;
		p = nl + 1;
	}
	return recs;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	static int fd = -1;
	struct seen seen = { 0 };
	char err[256], *back;
	const char *last;
	size_t keep;
	off_t end;

	if (fd == -1) {
		/* no "lines skipped" on stderr */
		log_init("fuzz_logfile", LOG_QUIET);
		/* one file in memory, opened again by name, as --log does */
		if ((fd = memfd_create("fuzz-log", 0)) == -1)
			abort();
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) == -1 || pwrite(fd, data, size, 0) !=
	    (ssize_t)size)
		abort();
	FUZZ_CHECK(logfile_open(path, on_rec, &seen, err, sizeof(err)) == 0);
	FUZZ_CHECK(logfile_active());
	logfile_close();
	last = size > 0 ? memrchr(data, '\n', size) : NULL;
	keep = last == NULL ? 0 : (size_t)(last - (const char *)data) + 1;
	end = lseek(fd, 0, SEEK_END);
	FUZZ_CHECK(end == (off_t)keep);
	if ((back = malloc(keep + 1)) == NULL)
		abort();
	FUZZ_CHECK(pread(fd, back, keep, 0) == (ssize_t)keep);
	FUZZ_CHECK(keep == 0 || memcmp(back, data, keep) == 0);
	free(back);
	FUZZ_CHECK(parse_lines((const char *)data, keep) == seen.recs);
	return 0;
}
