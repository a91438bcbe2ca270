/* Wrapping text into rows by display width (wcwidth). */
#include <wchar.h>

#include "text.h"
#include "wrap.h"

int
wrap_cpwidth(unsigned int cp)
{
	int w;

	w = wcwidth((wchar_t)cp);
	return w < 0 ? 0 : w;
}

/* Decode at s, an invalid byte counting as one U+FFFD. */
static int
wrap_decode(const char *s, size_t n, unsigned int *cp)
{
	uint32_t c;
	int len;

	if ((len = utf8_decode(s, n, &c)) <= 0) {
		*cp = TEXT_REPLACEMENT;
		return 1;
	}
	*cp = c;
	return len;
}

size_t
wrap_row(const char *s, size_t n, int cols, size_t *next)
{
	size_t i, space;
	unsigned int cp;
	int w, cw, len;

	i = space = 0;
	w = 0;
	while (i < n) {
		len = wrap_decode(s + i, n - i, &cp);
		cw = wrap_cpwidth(cp);
		if (w + cw > cols) {
			if (cp == ' ') {
				*next = i + 1;
				return i;
			}
			if (space > 0) {
				*next = space + 1;
				return space;
			}
			if (i == 0)
				i = len;
			*next = i;
			return i;
		}
		if (cp == ' ')
			space = i;
		w += cw;
		i += len;
	}
	*next = n;
	return n;
}

int
wrap_rows(const char *s, size_t n, int first, int rest)
{
	size_t off, next;
	int rows, cols;

	rows = 0;
	off = 0;
	cols = first;
	do {
		wrap_row(s + off, n - off, cols < 1 ? 1 : cols, &next);
		off += next;
		rows++;
		cols = rest;
	} while (off < n);
	return rows;
}

size_t
wrap_tail(const char *s, size_t n, int cols)
{
	size_t i, off;
	unsigned int cp;
	int w, len;

	w = 0;
	for (i = 0; i < n; i += len) {
		len = wrap_decode(s + i, n - i, &cp);
		w += wrap_cpwidth(cp);
	}
	/* Drop whole characters from the front, and the combining marks
	 * that follow them, until the rest fits. */
	off = 0;
	while (off < n && w > cols) {
		len = wrap_decode(s + off, n - off, &cp);
		w -= wrap_cpwidth(cp);
		off += len;
		while (off < n) {
			len = wrap_decode(s + off, n - off, &cp);
			if (wrap_cpwidth(cp) != 0)
				break;
			off += len;
		}
	}
	return off;
}

int
wrap_cursor(const char *s, size_t point, int cols, size_t *start)
{
	size_t i;
	unsigned int cp;
	int w, len;

	*start = wrap_tail(s, point, cols > 1 ? cols - 1 : 0);
	w = 0;
	for (i = *start; i < point; i += len) {
		len = wrap_decode(s + i, point - i, &cp);
		w += wrap_cpwidth(cp);
	}
	return w;
}
