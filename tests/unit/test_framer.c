/* Unit tests for common/framer.c: lines out of arbitrary chunks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "framer.h"

#define LINES_MAX	16

/* What the callbacks saw. */
struct seen {
	char	*line[LINES_MAX];
	size_t	 len[LINES_MAX];
	int	 nlines;
	int	 nlong;
	int	 stop_after;	/* -1 after this many events; 0: never */
	const char *chunk;	/* the buffer being fed, to spot zero-copy */
	size_t	 chunklen;
	int	 inplace;	/* lines that pointed into chunk */
};

static int
seen_stop(struct seen *s)
{
	return s->stop_after > 0 && s->nlines + s->nlong >= s->stop_after ?
	    -1 : 0;
}

static int
on_line(void *arg, char *line, size_t len)
{
	struct seen *s = arg;

	assert_true(s->nlines < LINES_MAX);
	if (s->chunk != NULL && line >= s->chunk &&
	    line < s->chunk + s->chunklen)
		s->inplace++;
	/* The line is writable: scribble over it after copying it. */
	s->line[s->nlines] = malloc(len + 1);
	memcpy(s->line[s->nlines], line, len);
	s->line[s->nlines][len] = '\0';
	memset(line, '#', len);
	s->len[s->nlines++] = len;
	return seen_stop(s);
}

static int
on_long(void *arg)
{
	struct seen *s = arg;

	s->nlong++;
	return seen_stop(s);
}

static void
seen_free(struct seen *s)
{
	int	i;

	for (i = 0; i < s->nlines; i++)
		free(s->line[i]);
	memset(s, 0, sizeof(*s));
}

/* Feeds a copy of the string (the framer may hand out writable lines). */
static int
feed(struct framer *f, struct seen *s, const char *str, size_t n)
{
	char	*buf = malloc(n ? n : 1);
	int	 r;

	memcpy(buf, str, n);
	s->chunk = buf;
	s->chunklen = n;
	r = framer_feed(f, buf, n, on_line, on_long, s);
	s->chunk = NULL;
	free(buf);
	return r;
}

#define FEED(f, s, lit)	feed(f, s, lit, sizeof(lit) - 1)

static void
framer__feed__passes_whole_lines_without_copying(void **state)
{
	struct framer	f;
	struct seen	s = { 0 };

	(void)state;
	framer_init(&f, 64);
	assert_int_equal(FEED(&f, &s, "one\ntwo\n\nthree\n"), 0);
	assert_int_equal(s.nlines, 4);
	assert_string_equal(s.line[0], "one");
	assert_string_equal(s.line[1], "two");
	assert_string_equal(s.line[2], "");
	assert_string_equal(s.line[3], "three");
	assert_int_equal(s.inplace, 4);
	assert_null(f.part);
	assert_int_equal(framer_pending(&f), 0);
	seen_free(&s);
}

static void
framer__feed__joins_a_line_fed_byte_by_byte(void **state)
{
	static const char msg[] = "hello, world\r\nnext\n";
	struct framer	f;
	struct seen	s = { 0 };
	size_t		i;

	(void)state;
	framer_init(&f, 64);
	for (i = 0; i < sizeof(msg) - 1; i++)
		assert_int_equal(feed(&f, &s, msg + i, 1), 0);
	assert_int_equal(s.nlines, 2);
	assert_string_equal(s.line[0], "hello, world");
	assert_string_equal(s.line[1], "next");
	assert_int_equal(s.nlong, 0);
	assert_null(f.part);
	seen_free(&s);
}

static void
framer__feed__allocates_only_for_an_unfinished_line(void **state)
{
	struct framer	f;
	struct seen	s = { 0 };

	(void)state;
	framer_init(&f, 4096);
	FEED(&f, &s, "done\npart");
	assert_non_null(f.part);
	assert_int_equal(framer_pending(&f), 4);
	assert_true(f.cap <= 4096);
	FEED(&f, &s, "ial\n");
	assert_int_equal(s.nlines, 2);
	assert_string_equal(s.line[1], "partial");
	/* The partial buffer went away with the line it held. */
	assert_null(f.part);
	assert_int_equal(f.cap, 0);
	seen_free(&s);
}

static void
framer__feed__strips_crlf_once(void **state)
{
	struct framer	f;
	struct seen	s = { 0 };

	(void)state;
	framer_init(&f, 64);
	FEED(&f, &s, "a\r\nb\r\r\n\r\n");
	assert_int_equal(s.nlines, 3);
	assert_string_equal(s.line[0], "a");
	assert_int_equal(s.len[1], 2);
	assert_string_equal(s.line[1], "b\r");
	assert_string_equal(s.line[2], "");
	seen_free(&s);
}

static void
framer__feed__keeps_a_bare_cr_inside_a_line(void **state)
{
	struct framer	f;
	struct seen	s = { 0 };

	(void)state;
	framer_init(&f, 64);
	FEED(&f, &s, "a\rb\n");
	/* A "\r" at the end of one feed that is not followed by "\n". */
	FEED(&f, &s, "c\r");
	assert_int_equal(framer_pending(&f), 2);
	FEED(&f, &s, "d\n");
	FEED(&f, &s, "e\r");
	FEED(&f, &s, "\r");
	FEED(&f, &s, "\n");
	assert_int_equal(s.nlines, 3);
	assert_string_equal(s.line[0], "a\rb");
	assert_string_equal(s.line[1], "c\rd");
	assert_string_equal(s.line[2], "e\r");
	seen_free(&s);
}

static void
framer__feed__accepts_a_line_of_exactly_max(void **state)
{
	char		line[18];
	struct framer	f;
	struct seen	s = { 0 };
	size_t		i;

	(void)state;
	memset(line, 'x', 16);
	line[16] = '\r';
	line[17] = '\n';
	framer_init(&f, 16);
	/* In one feed, with "\n" and with "\r\n". */
	feed(&f, &s, line, 16);
	assert_int_equal(framer_pending(&f), 16);
	assert_true(f.cap <= 16);
	feed(&f, &s, "\n", 1);
	feed(&f, &s, line, 18);
	/* Over many feeds, the "\r" alone at the end of one. */
	for (i = 0; i < 18; i++) {
		feed(&f, &s, line + i, 1);
		assert_true(f.cap <= 16);
	}
	assert_int_equal(s.nlong, 0);
	assert_int_equal(s.nlines, 3);
	for (i = 0; i < 3; i++)
		assert_int_equal(s.len[i], 16);
	assert_true(f.cap <= 16);
	seen_free(&s);
}

static void
framer__feed__rejects_a_line_one_past_max(void **state)
{
	char		line[18];
	struct framer	f;
	struct seen	s = { 0 };

	(void)state;
	memset(line, 'x', 17);
	line[17] = '\n';
	framer_init(&f, 16);
	assert_int_equal(feed(&f, &s, line, 18), 0);
	assert_int_equal(s.nlong, 1);
	assert_int_equal(s.nlines, 0);
	FEED(&f, &s, "ok\n");
	assert_int_equal(s.nlines, 1);
	assert_string_equal(s.line[0], "ok");
	/* 16 bytes, then a "\r" that turns out to be text: 17. */
	feed(&f, &s, line, 16);
	FEED(&f, &s, "\r");
	FEED(&f, &s, "\rz\n");
	assert_int_equal(s.nlong, 2);
	assert_int_equal(s.nlines, 1);
	seen_free(&s);
}

static void
framer__feed__drops_an_overlong_line_over_many_feeds(void **state)
{
	char		big[1000];
	struct framer	f;
	struct seen	s = { 0 };
	int		i;

	(void)state;
	memset(big, 'y', sizeof(big));
	framer_init(&f, 100);
	FEED(&f, &s, "before\nstart:");
	for (i = 0; i < 50; i++) {
		feed(&f, &s, big, sizeof(big));
		/* Memory stays bounded while the flood goes on. */
		assert_true(f.cap <= 100);
		assert_true(framer_pending(&f) <= 100);
	}
	assert_int_equal(s.nlong, 1);
	FEED(&f, &s, "yyy\r\nafter\n");
	assert_int_equal(s.nlong, 1);
	assert_int_equal(s.nlines, 2);
	assert_string_equal(s.line[0], "before");
	assert_string_equal(s.line[1], "after");
	assert_null(f.part);
	seen_free(&s);
}

static void
framer__feed__reports_each_overlong_line_once(void **state)
{
	struct framer	f;
	struct seen	s = { 0 };
	int		i;

	(void)state;
	framer_init(&f, 3);
	FEED(&f, &s, "abcd\nabc\nabcdefgh");
	for (i = 0; i < 10; i++)
		FEED(&f, &s, "zzzz");
	FEED(&f, &s, "\nxyzw\n\n");
	assert_int_equal(s.nlong, 3);
	assert_int_equal(s.nlines, 2);
	assert_string_equal(s.line[0], "abc");
	assert_string_equal(s.line[1], "");
	seen_free(&s);
}

static void
framer__feed__stops_when_a_callback_says_so(void **state)
{
	struct framer	f;
	struct seen	s = { 0 };

	(void)state;
	framer_init(&f, 8);
	s.stop_after = 2;
	assert_int_equal(FEED(&f, &s, "a\nb\nc\nd\n"), -1);
	assert_int_equal(s.nlines, 2);
	seen_free(&s);

	s.stop_after = 1;
	assert_int_equal(FEED(&f, &s, "much too long\nnot seen\n"), -1);
	assert_int_equal(s.nlong, 1);
	assert_int_equal(s.nlines, 0);
	seen_free(&s);

	/* A stop from a line completed out of the partial buffer. */
	framer_init(&f, 8);
	s.stop_after = 1;
	assert_int_equal(FEED(&f, &s, "pa"), 0);
	assert_int_equal(FEED(&f, &s, "rt\nnext\n"), -1);
	assert_int_equal(s.nlines, 1);
	assert_string_equal(s.line[0], "part");
	assert_null(f.part);
	seen_free(&s);
}

/* A callback that ends the connection: frees the framer's owner. */
static int
on_line_free(void *arg, char *line, size_t len)
{
	(void)line;
	(void)len;
	framer_reset(arg);
	free(arg);
	return -1;
}

static void
framer__feed__touches_nothing_after_a_stop(void **state)
{
	struct framer	*f;
	char		 buf[] = "x\ny\n";

	(void)state;
	/* Under ASan, any use of *f after the callback is caught. */
	f = malloc(sizeof(*f));
	framer_init(f, 8);
	assert_int_equal(framer_feed(f, buf, 4, on_line_free, on_long, f), -1);
	f = malloc(sizeof(*f));
	framer_init(f, 8);
	assert_int_equal(framer_feed(f, "ab", 2, on_line_free, on_long, f), 0);
	assert_int_equal(framer_feed(f, buf + 1, 3, on_line_free, on_long, f),
	    -1);
}

static void
framer__reset__forgets_the_partial_line(void **state)
{
	struct framer	f;
	struct seen	s = { 0 };

	(void)state;
	framer_init(&f, 8);
	FEED(&f, &s, "half");
	assert_int_equal(framer_pending(&f), 4);
	framer_reset(&f);
	assert_null(f.part);
	assert_int_equal(framer_pending(&f), 0);
	FEED(&f, &s, "toolongline");
	framer_reset(&f);
	FEED(&f, &s, "new\n");
	assert_int_equal(s.nlong, 1);
	assert_int_equal(s.nlines, 1);
	assert_string_equal(s.line[0], "new");
	seen_free(&s);
}

static void
framer__feed__passes_nul_bytes_through(void **state)
{
	struct framer	f;
	struct seen	s = { 0 };

	(void)state;
	framer_init(&f, 8);
	FEED(&f, &s, "a\0b\nc\0");
	FEED(&f, &s, "\0d\n");
	assert_int_equal(s.nlines, 2);
	assert_int_equal(s.len[0], 3);
	assert_memory_equal(s.line[0], "a\0b", 3);
	assert_int_equal(s.len[1], 4);
	assert_memory_equal(s.line[1], "c\0\0d", 4);
	seen_free(&s);
}

static void
framer__init__allows_a_zero_limit(void **state)
{
	struct framer	f;
	struct seen	s = { 0 };

	(void)state;
	framer_init(&f, 0);
	FEED(&f, &s, "\n\r\nx\n");
	assert_int_equal(s.nlines, 2);
	assert_int_equal(s.nlong, 1);
	assert_null(f.part);
	seen_free(&s);
}

/* Events as text: each line then "|", each over-long line "#|". */
struct trace {
	char	buf[4096];
	size_t	len;
};

static int
trace_line(void *arg, char *line, size_t len)
{
	struct trace *t = arg;

	assert_true(t->len + len + 1 <= sizeof(t->buf));
	memcpy(t->buf + t->len, line, len);
	t->len += len;
	t->buf[t->len++] = '|';
	return 0;
}

static int
trace_long(void *arg)
{
	struct trace *t = arg;

	assert_true(t->len + 2 <= sizeof(t->buf));
	memcpy(t->buf + t->len, "#|", 2);
	t->len += 2;
	return 0;
}

/* The framer's rules, the slow and obvious way, over the whole input. */
static void
trace_model(struct trace *t, const char *in, size_t n, size_t max)
{
	size_t	start = 0, i, len;

	for (i = 0; i < n; i++) {
		if (in[i] != '\n')
			continue;
		len = i - start;
		if (len > 0 && in[i - 1] == '\r')
			len--;
		if (len > max)
			trace_long(t);
		else
			trace_line(t, (char *)in + start, len);
		start = i + 1;
	}
	/* An unfinished line is reported long as soon as it passes max. */
	if (n - start > max && !(n - start == max + 1 && in[n - 1] == '\r'))
		trace_long(t);
}

static uint32_t
rnd(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

static void
framer__feed__matches_a_model_under_random_chunking(void **state)
{
	static const char alpha[] = "aab\r\n";
	struct framer	f;
	struct trace	got, want;
	char		in[300];
	uint32_t	x = 2463534242u;
	size_t		n, i, max, chunk;
	int		round;

	(void)state;
	for (round = 0; round < 2000; round++) {
		n = rnd(&x) % sizeof(in);
		for (i = 0; i < n; i++)
			in[i] = alpha[rnd(&x) % (sizeof(alpha) - 1)];
		max = rnd(&x) % 12;
		memset(&want, 0, sizeof(want));
		trace_model(&want, in, n, max);
		memset(&got, 0, sizeof(got));
		framer_init(&f, max);
		for (i = 0; i < n; i += chunk) {
			chunk = 1 + rnd(&x) % 7;
			if (chunk > n - i)
				chunk = n - i;
			framer_feed(&f, in + i, chunk, trace_line,
			    trace_long, &got);
			assert_true(f.cap <= max);
		}
		assert_int_equal(got.len, want.len);
		assert_memory_equal(got.buf, want.buf, got.len);
		framer_reset(&f);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(framer__feed__accepts_a_line_of_exactly_max),
		cmocka_unit_test(
		    framer__feed__allocates_only_for_an_unfinished_line),
		cmocka_unit_test(
		    framer__feed__drops_an_overlong_line_over_many_feeds),
		cmocka_unit_test(framer__feed__joins_a_line_fed_byte_by_byte),
		cmocka_unit_test(framer__feed__keeps_a_bare_cr_inside_a_line),
		cmocka_unit_test(
		    framer__feed__matches_a_model_under_random_chunking),
		cmocka_unit_test(framer__feed__passes_nul_bytes_through),
		cmocka_unit_test(
		    framer__feed__passes_whole_lines_without_copying),
		cmocka_unit_test(framer__feed__rejects_a_line_one_past_max),
		cmocka_unit_test(framer__feed__reports_each_overlong_line_once),
		cmocka_unit_test(framer__feed__stops_when_a_callback_says_so),
		cmocka_unit_test(framer__feed__strips_crlf_once),
		cmocka_unit_test(framer__feed__touches_nothing_after_a_stop),
		cmocka_unit_test(framer__init__allows_a_zero_limit),
		cmocka_unit_test(framer__reset__forgets_the_partial_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
