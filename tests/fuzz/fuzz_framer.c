/*
 * common/framer.c: a byte stream fed in chunks of fuzzer-chosen sizes
 * must give exactly the lines and over-long marks that a reference model
 * of the whole stream gives (lines end at "\n", one "\r" before it goes,
 * a line over max bytes is reported once and dropped), whatever the read
 * boundaries; what is still pending at the end must match the model too.
 *
 * Input: 2 bytes of max (1..512), 1 byte seeding the chunk sizes, then
 * the stream.
 */
#include <string.h>

#include "framer.h"
#include "fuzz.h"

#define LONG_MARK	((size_t)-1)

/* What came out, in order: a line's bytes, or LONG_MARK. */
struct got {
	char	*bytes;		/* every line's bytes, end to end */
	size_t	 len, cap;
	size_t	*lens;		/* line lengths, or LONG_MARK */
	size_t	 n, ncap;
};

static void
got_add(struct got *g, const char *p, size_t len)
{
	if (g->n == g->ncap) {
		g->ncap = g->ncap ? g->ncap * 2 : 16;
		if ((g->lens = realloc(g->lens, g->ncap * sizeof(size_t))) ==
		    NULL)
			abort();
	}
	g->lens[g->n++] = len;
	if (len == LONG_MARK || len == 0)
		return;
	if (g->len + len > g->cap) {
		g->cap = (g->len + len) * 2 + 16;
		if ((g->bytes = realloc(g->bytes, g->cap)) == NULL)
			abort();
	}
	memcpy(g->bytes + g->len, p, len);
	g->len += len;
}

static int
on_line(void *arg, char *line, size_t len)
{
	got_add(arg, line, len);
	if (len > 0)
		memset(line, 'W', len);	/* the line is writable */
	return 0;
}

static int
on_long(void *arg)
{
	got_add(arg, NULL, LONG_MARK);
	return 0;
}

/* The model: the whole stream at once; returns what stays pending. */
static size_t
model(const char *p, size_t n, size_t max, struct got *want)
{
	const char *nl;
	size_t len;

	while ((nl = memchr(p, '\n', n)) != NULL) {
		len = nl - p;
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (len > max)
			got_add(want, NULL, LONG_MARK);
		else
			got_add(want, p, len);
		n -= nl - p + 1;
		p = nl + 1;
	}
	/* An unfinished line: a "\r" at its end may yet be the one before
	 * "\n", so it does not count against max. */
	len = n > 0 && p[n - 1] == '\r' ? n - 1 : n;
	if (len > max) {
		got_add(want, NULL, LONG_MARK);
		return 0;
	}
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct framer f;
	struct got got = { 0 }, want = { 0 };
	const char *p;
	char *buf;
	size_t max, n, chunk, pending, i, off;
	uint32_t seed;

	if (size < 3)
		return 0;
	max = 1 + ((size_t)data[0] | (size_t)data[1] << 8) % 512;
	seed = data[2] * 2654435761u + 1;
	p = (const char *)data + 3;
	n = size - 3;
	/* a read() buffer is writable, and on_line writes over lines that
	 * the framer hands out straight from it */
	if ((buf = malloc(n + 1)) == NULL)
		abort();
	memcpy(buf, p, n);
	framer_init(&f, max);
	for (off = 0; off < n; off += chunk) {
		seed ^= seed << 13;
		seed ^= seed >> 17;
		seed ^= seed << 5;
		/* mostly small chunks, sometimes one big one */
		chunk = seed % 8 == 0 ? 1 + seed % 4096 : 1 + seed % 9;
		if (chunk > n - off)
			chunk = n - off;
		FUZZ_CHECK(framer_feed(&f, buf + off, chunk, on_line, on_long,
		    &got) == 0);
		FUZZ_CHECK(framer_pending(&f) <= max + 1);
	}
	pending = model(p, n, max, &want);
	FUZZ_CHECK(got.n == want.n);
	for (i = 0; i < got.n; i++)
		FUZZ_CHECK(got.lens[i] == want.lens[i]);
	FUZZ_CHECK(got.len == want.len);
	FUZZ_CHECK(got.len == 0 || memcmp(got.bytes, want.bytes, got.len) ==
	    0);
	FUZZ_CHECK(framer_pending(&f) == pending);
	framer_reset(&f);
	FUZZ_CHECK(framer_pending(&f) == 0);
	free(buf);
	free(got.bytes);
	free(got.lens);
	free(want.bytes);
	free(want.lens);
	return 0;
}
