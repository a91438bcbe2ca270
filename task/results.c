/* --results FILE: one JSON line per answer, written and fsync'd in batches. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "efun.h"
#include "results.h"

static int	 resfd = -1;
static char	*resbuf;
static size_t	 reslen, rescap;
static uint64_t	 resdropped;

int
results_open(const char *path)
{
	if ((resfd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0644)) == -1)
		return -1;
	return 0;
}

int
results_active(void)
{
	return resfd != -1;
}

int
results_format(const struct results_rec *r, char *buf, size_t len)
{
	/* Every field is a number or a string of ours (an address, a
	 * status word): nothing here needs JSON escaping. */
	return snprintf(buf, len, "{\"ts\":%" PRId64 ".%03d,\"worker\":\"%s\","
	    "\"id\":%" PRIu64 ",\"n\":%lld,\"value\":%lld,\"status\":\"%s\","
	    "\"correct\":%s,\"latency_ms\":%.3f}\n", r->ts_ms / 1000,
	    (int)(r->ts_ms % 1000), r->worker, r->id, r->n, r->value,
	    r->status, r->correct ? "true" : "false", r->latency_ms);
}

void
results_add(const struct results_rec *r)
{
	char line[512];
	int n;

	if (resfd == -1)
		return;
	n = results_format(r, line, sizeof(line));
	if (n < 0 || (size_t)n >= sizeof(line) ||
	    reslen + (size_t)n > RESULTS_BUF_MAX) {
		resdropped++;
		return;
	}
	if (reslen + (size_t)n > rescap) {
		rescap = rescap == 0 ? 8192 : rescap * 2;
		while (rescap < reslen + (size_t)n)
			rescap *= 2;
		resbuf = erealloc(resbuf, rescap);
	}
	memcpy(resbuf + reslen, line, (size_t)n);
	reslen += (size_t)n;
}

int
results_sync(void)
{
	size_t off = 0;
	ssize_t n;
	int rc = 0;

	if (resfd == -1 || reslen == 0)
		return 0;
	while (off < reslen) {
		if ((n = write(resfd, resbuf + off, reslen - off)) == -1) {
			if (errno == EINTR)
				continue;
			rc = -1;
			break;
		}
		off += (size_t)n;
	}
	memmove(resbuf, resbuf + off, reslen - off);
	reslen -= off;
	if (off > 0 && fdatasync(resfd) == -1)
		rc = -1;
	return rc;
}

uint64_t
results_dropped(void)
{
	return resdropped;
}

void
results_close(void)
{
	if (resfd == -1)
		return;
	results_sync();
	close(resfd);
	resfd = -1;
	free(resbuf);
	resbuf = NULL;
	reslen = rescap = 0;
}
