/* Text: UTF-8 decoding, sanitising untrusted text, display width. */
#ifndef TEXT_H
#define TEXT_H

#include <stddef.h>
#include <stdint.h>

#define TEXT_REPLACEMENT	0xFFFD

/* Decode one code point from s (n > 0 bytes); the bytes used (1..4), or
 * -1 for an invalid, overlong, surrogate or truncated sequence (then one
 * byte should be skipped). */
int	utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encode cp into out (4 bytes room); the bytes written. */
int	utf8_encode(uint32_t cp, char *out);
/* Whether cp must never reach a terminal: C0, DEL, C1, bidi controls. */
int	text_is_unsafe(uint32_t cp);

/* Bytes text_clean() may write for n input bytes. */
#define TEXT_CLEAN_MAX(n)	((n) * 3)
/* Sanitise untrusted bytes into out (TEXT_CLEAN_MAX(n) room): invalid
 * UTF-8 becomes U+FFFD, a tab a space, C0/DEL/C1 controls and bidi
 * overrides and isolates are removed. Returns the bytes written; out is
 * not NUL terminated. */
size_t	text_clean(const char *in, size_t n, char *out);
/* Bytes of the longest prefix of s[0..n] of at most max bytes that does
 * not end inside a UTF-8 sequence: cut text there and it stays valid.
 * Also drops an incomplete last sequence of s itself, so a buffer that
 * snprintf() cut can be repaired with text_cut(buf, len, len). */
size_t	text_cut(const char *s, size_t n, size_t max);
/* Trim ASCII spaces at both ends of s[0..*n]; returns the new start. */
char	*text_trim(char *s, size_t *n);

/* Display columns of UTF-8 s (wcwidth, so the locale must be UTF-8);
 * non-printable code points count 0. */
int	text_width(const char *s, size_t n);
/* Bytes of the longest prefix of s that fits in cols columns without
 * splitting a character; its width goes in *used if not NULL. */
size_t	text_fit(const char *s, size_t n, int cols, int *used);

#endif
