/* Line framing: whole lines out of arbitrary read() chunks, bounded. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "framer.h"
#include "efun.h"

#define FRAMER_CAP_MIN	128	/* first buffer for a partial line */

/*
 * Callbacks may free the connection that owns the framer and then return
 * -1, so every function below leaves *f consistent before it calls one and
 * never touches f after a callback said -1.
 */

void
framer_init(struct framer *f, size_t max)
{
	memset(f, 0, sizeof(*f));
	f->max = max > UINT32_MAX ? UINT32_MAX : (uint32_t)max;
}

size_t
framer_pending(const struct framer *f)
{
	return (size_t)f->len + f->cr;
}

void
framer_reset(struct framer *f)
{
	free(f->part);
	f->part = NULL;
	f->len = f->cap = 0;
	f->cr = 0;
	f->discarding = 0;
}

/* The line in progress is too long: forget it and drop up to "\n". */
static int
framer_overflow(struct framer *f, int newline_seen, framer_long_fn *on_long,
    void *arg)
{
	framer_reset(f);
	f->discarding = !newline_seen;
	return on_long(arg);
}

/* Room for need bytes in part, doubling but never past max. */
static void
framer_reserve(struct framer *f, size_t need)
{
	size_t	cap = f->cap;

	if (need <= cap)
		return;
	if (cap == 0)
		cap = FRAMER_CAP_MIN;
	while (cap < need)
		cap *= 2;
	if (cap > f->max)
		cap = f->max;
	f->part = erealloc(f->part, cap);
	f->cap = cap;
}

/* Appends the held "\r" (it did not end a line after all) and p[0..n]. */
static void
framer_append(struct framer *f, const char *p, size_t n)
{
	framer_reserve(f, (size_t)f->len + f->cr + n);
	if (f->cr) {
		f->part[f->len++] = '\r';
		f->cr = 0;
	}
	if (n > 0) {
		memcpy(f->part + f->len, p, n);
		f->len += n;
	}
}

/* The tail of a feed, with no "\n" in it: keep it for the next feed. */
static int
framer_keep(struct framer *f, const char *p, size_t n,
    framer_long_fn *on_long, void *arg)
{
	int	cr = p[n - 1] == '\r';

	if ((size_t)f->len + f->cr + n - cr > f->max)
		return framer_overflow(f, 0, on_long, arg);
	framer_append(f, p, n - cr);
	f->cr = cr;
	return 0;
}

/* A line ends at p[n] (a "\n"): pass it whole, straight from p when no
 * earlier feed left a part of it behind. */
static int
framer_line(struct framer *f, const char *p, size_t n,
    framer_line_fn *on_line, framer_long_fn *on_long, void *arg)
{
	char	*line;
	size_t	 len;
	int	 r;

	if (n > 0 && p[n - 1] == '\r')
		n--;
	else if (n == 0 && f->cr)
		f->cr = 0;	/* the held "\r" was the one before "\n" */
	if ((size_t)f->len + f->cr + n > f->max)
		return framer_overflow(f, 1, on_long, arg);
	if (f->len == 0 && f->cr == 0)
		/* Like strchr(3): the line is the caller's own memory. */
		return on_line(arg, (char *)(uintptr_t)p, n);
	framer_append(f, p, n);
	line = f->part;
	len = f->len;
	f->part = NULL;
	f->len = f->cap = 0;
	r = on_line(arg, line, len);
	free(line);
	return r;
}

int
framer_feed(struct framer *f, const char *p, size_t n,
    framer_line_fn *on_line, framer_long_fn *on_long, void *arg)
{
	const char	*nl;
	size_t		 seg;

	while (n > 0) {
		nl = memchr(p, '\n', n);
		if (f->discarding) {
			if (nl == NULL)
				return 0;
			f->discarding = 0;
		} else if (nl == NULL)
			return framer_keep(f, p, n, on_long, arg) == -1 ?
			    -1 : 0;
		else if (framer_line(f, p, nl - p, on_line, on_long, arg) == -1)
			return -1;
		seg = nl - p + 1;
		p += seg;
		n -= seg;
	}
	return 0;
}
