/* Wrapping text into rows by display width (wcwidth). */
#ifndef WRAP_H
#define WRAP_H

#include <stddef.h>

/* Columns one code point takes: wcwidth, with unprintable ones 0. */
int	wrap_cpwidth(unsigned int cp);
/* The first row of s[0..n) in cols columns: returns the bytes drawn on
 * it and puts where the next row starts in *next. Breaks after the last
 * space that fits when a word would be cut (that space is dropped); cuts
 * a longer word between characters, never inside one, keeping combining
 * marks with their base; takes at least one character. */
size_t	wrap_row(const char *s, size_t n, int cols, size_t *next);
/* Rows s[0..n) takes: the first row first columns wide, the others rest
 * wide. At least 1. */
int	wrap_rows(const char *s, size_t n, int first, int rest);
/* The byte offset into s[0..n) from which the rest fits in cols columns
 * (never inside a character): where a line scrolled sideways starts so
 * that its end, the cursor, stays visible. */
size_t	wrap_tail(const char *s, size_t n, int cols);
/* The input line s with the cursor at byte point, in cols columns (one
 * kept free for the cursor at the end): the byte where the visible part
 * starts goes in *start; returns the cursor's column in that part. */
int	wrap_cursor(const char *s, size_t point, int cols, size_t *start);

#endif
