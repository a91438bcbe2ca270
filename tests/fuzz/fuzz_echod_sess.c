/*
 * echod/echod_sess.c: whatever bytes a client sends, in whatever read()
 * chunks, the echo is exactly what a plain model says: every line of up
 * to max_line bytes (not counting its "\n") back as it came, in order,
 * an over-long one replaced by one error line, an unfinished last line
 * echoed at EOF; with --reverb each line three times, ASCII upper case,
 * as is, lower case. Nothing stays queued, and the counters agree.
 *
 * Input: flags (bit 0: reverb), max_line seed, chunking seed, then the
 * bytes the client sends.
 */
#include <sys/socket.h>

#include <ctype.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "echod/echod_args.h"
#include "echod/echod_sess.h"
#include "echod/echod_stats.h"

#define OUT_MAX	(1 << 20)

static size_t
model_put(char *out, size_t o, const char *p, size_t n, int fold)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[o + i] = fold == 0 || (unsigned char)p[i] >= 0x80 ? p[i] :
		    fold > 0 ? toupper((unsigned char)p[i]) :
		    tolower((unsigned char)p[i]);
	return o + n;
}

/* What echod must send back for p[0..n] then EOF; its length. */
static size_t
model(const char *p, size_t n, size_t max, int reverb, char *out,
    uint64_t *lines)
{
	char err[128];
	size_t o = 0, len, elen, start = 0, i;

	elen = (size_t)snprintf(err, sizeof(err), "echod: line longer than "
	    "%zu bytes dropped\n", max);
	*lines = 0;
	while (start < n) {
		for (i = start; i < n && p[i] != '\n'; i++)
			;
		len = i - start;
		if (len > max) {
			memcpy(out + o, err, elen);
			o += elen;
		} else {
			if (i < n)
				len++;		/* with its "\n" */
			if (reverb) {
				o = model_put(out, o, p + start, len, 1);
				o = model_put(out, o, p + start, len, 0);
			}
			o = model_put(out, o, p + start, len, reverb ? -1 : 0);
			(*lines)++;
		}
		start = i + 1;
	}
	return o;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char want[OUT_MAX], got[OUT_MAX];
	struct echod_conf conf;
	struct echod_stats st;
	struct echod_counts c;
	struct echod_sess s;
	const char *p;
	size_t n, off = 0, chunk, wlen, glen = 0;
	uint64_t lines;
	int64_t now = 0;
	ssize_t r;
	int sv[2], big = OUT_MAX, i = 0;

	if (size < 3 || size > 8192)
		return 0;
	memset(&conf, 0, sizeof(conf));
	conf.reverb = data[0] & 1;
	conf.max_line = 1 + data[1] % 64;
	conf.delay_ms = data[0] >> 4;
	p = (const char *)data + 3;
	n = size - 3;
	FUZZ_CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &big, sizeof(big));
	setsockopt(sv[1], SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	echod_stats_init(&st);
	echod_sess_init(&s, &conf, &st);
	while (off < n) {
		chunk = 1 + (size_t)(data[2] * ++i) % 23;
		if (chunk > n - off)
			chunk = n - off;
		echod_sess_feed(&s, p + off, chunk, now);
		off += chunk;
		now += 1000000;
		FUZZ_CHECK(echod_sess_flush(&s, sv[0], now) != -1);
		while ((r = read(sv[1], got + glen, OUT_MAX - glen)) > 0)
			glen += (size_t)r;
	}
	echod_sess_eof(&s, now);
	FUZZ_CHECK(!echod_sess_want_read(&s));
	FUZZ_CHECK(echod_sess_flush(&s, sv[0], INT64_MAX - 1) == 0);
	FUZZ_CHECK(echod_sess_done(&s) && s.pending == 0);
	while ((r = read(sv[1], got + glen, OUT_MAX - glen)) > 0)
		glen += (size_t)r;
	wlen = model(p, n, conf.max_line, conf.reverb, want, &lines);
	FUZZ_CHECK(glen == wlen && memcmp(got, want, wlen) == 0);
	echod_stats_read(&st, &c);
	FUZZ_CHECK(c.lines == lines);
	echod_sess_free(&s);
	close(sv[0]);
	close(sv[1]);
	return 0;
}
