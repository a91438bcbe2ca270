/* Splitting a bracketed paste into the lines it holds. */
#ifndef PASTE_H
#define PASTE_H

#include <stddef.h>

/* Lines in p[0..n): parts ended by "\n", "\r" or "\r\n"; a last part
 * without an end counts too, nothing after a final end does. */
int	paste_count(const char *p, size_t n);
/* The line of p[0..n) starting at *off with its length in *len, *off
 * moved past its end; NULL when none is left. */
const char *paste_next(const char *p, size_t n, size_t *off, size_t *len);

#endif
