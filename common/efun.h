/* Allocation that cannot fail: running out of memory is fatal (exit 71). */
#ifndef EFUN_H
#define EFUN_H

#include <stddef.h>

/* malloc(n), or exit 71 with a message on failure. */
void	*emalloc(size_t);
/* calloc(n, size), or exit 71. */
void	*ecalloc(size_t, size_t);
/* realloc(p, n), or exit 71. */
void	*erealloc(void *, size_t);
/* realloc(p, n * size) with overflow check, or exit 71. */
void	*ereallocarray(void *, size_t, size_t);
/* strdup(s), or exit 71. */
char	*estrdup(const char *);
/* A NUL-terminated copy of the first n bytes of s, or exit 71. */
char	*estrndup(const char *, size_t);

#endif
