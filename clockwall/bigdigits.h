/* Big digits: a time drawn in glyphs five rows high, like an office wall. */
#ifndef BIGDIGITS_H
#define BIGDIGITS_H

#include <stddef.h>

#define BIG_HEIGHT	5

/* Columns the big rendering of s takes: 4 per digit, 2 per colon, 4 for
 * anything else (drawn blank), one less at the end for the last gap. */
int	bigdigits_width(const char *s);
/* Row r (0..BIG_HEIGHT-1) of s into buf as '#' (lit) and ' ' (dark),
 * NUL terminated, cut to len - 1; returns the bytes written. */
size_t	bigdigits_row(const char *s, int r, char *buf, size_t len);

#endif
