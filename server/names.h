/* Name rules for nicks and rooms: allowed characters, length, case folding. */
#ifndef NAMES_H
#define NAMES_H

#include <stddef.h>

/* Check name s[0..n] (already trimmed): 1..NAME_CHARS_MAX code points, each
 * a letter or digit of any script (iswalnum) or one of "-_.", and not the
 * reserved "server". Writes the key names are compared by (look-alikes of
 * Latin letters mapped to them, Unicode case folding with NFKD; NUL-
 * terminated, at most NAME_KEY_MAX bytes) into key. 0, or -1 with a
 * one-line reason in *why and key empty. Needs a UTF-8 LC_CTYPE for
 * non-ASCII letters. */
int	names_check(const char *s, size_t n, char *key, const char **why);
/* Make LC_CTYPE a UTF-8 one (the environment's, else C.UTF-8); 0, or -1
 * when none is available (then only ASCII names pass). */
int	names_locale(void);

#endif
