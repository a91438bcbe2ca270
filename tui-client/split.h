/* Splitting a message too long for the server into pieces it takes. */
#ifndef SPLIT_H
#define SPLIT_H

#include <stddef.h>

/* The first piece of s[0..n) of at most max bytes (max >= 4): the bytes
 * up to the last space that fits, when there is one past the piece's
 * first quarter, else up to the last whole character that fits. *next
 * gets where the following piece starts (spaces at the cut skipped);
 * returns the piece's length. Takes everything when n <= max. */
size_t	split_next(const char *s, size_t n, size_t max, size_t *next);
/* How many pieces of at most max bytes split_next() makes of s[0..n). */
size_t	split_count(const char *s, size_t n, size_t max);

#endif
