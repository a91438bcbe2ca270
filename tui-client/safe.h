/* Making untrusted server text safe to draw in a terminal. */
#ifndef SAFE_H
#define SAFE_H

#include <stddef.h>

/* A NUL-terminated, sanitised copy of s[0..n): text_clean(), then every
 * code point wcwidth() calls unprintable becomes '?'. */
char	*safe_dup(const char *s, size_t n);
/* safe_dup() of a NUL-terminated string. */
char	*safe_str(const char *s);

#endif
