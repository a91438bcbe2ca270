/* Allocation that cannot fail: running out of memory is fatal (exit 71). */
#ifndef XMALLOC_H
#define XMALLOC_H

#include <stddef.h>

/* malloc(n), or exit 71 with a message on failure. */
void	*xmalloc(size_t);
/* calloc(n, size), or exit 71. */
void	*xcalloc(size_t, size_t);
/* realloc(p, n), or exit 71. */
void	*xrealloc(void *, size_t);
/* realloc(p, n * size) with overflow check, or exit 71. */
void	*xreallocarray(void *, size_t, size_t);
/* strdup(s), or exit 71. */
char	*xstrdup(const char *);
/* A NUL-terminated copy of the first n bytes of s, or exit 71. */
char	*xstrndup(const char *, size_t);

#endif
