/* What every harness shares: the libFuzzer entry point, invariant checks. */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "text.h"

/* One input: run the parser, check its invariants; always returns 0. */
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A broken invariant: say which and abort, so that libFuzzer keeps the
 * input as a crash and the corpus driver fails. */
#define FUZZ_CHECK(cond)	do {					\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: invariant broken: %s\n",	\
		    __FILE__, __LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

/* Whether s[0..n] is valid UTF-8. */
static inline int
fuzz_utf8_ok(const char *s, size_t n)
{
	uint32_t	cp;
	size_t		i = 0;
	int		len;

	while (i < n) {
		if ((len = utf8_decode(s + i, n - i, &cp)) < 0)
			return 0;
		i += len;
	}
	return 1;
}

/* Whether s[0..n] is valid UTF-8 with nothing a terminal acts on (C0,
 * DEL, C1, bidi controls) except the bytes in allow (e.g. "\n\t"). */
static inline int
fuzz_text_ok(const char *s, size_t n, const char *allow)
{
	uint32_t	cp;
	size_t		i = 0;
	const char	*a;
	int		len;

	while (i < n) {
		if ((len = utf8_decode(s + i, n - i, &cp)) < 0)
			return 0;
		if (text_is_unsafe(cp)) {
			for (a = allow; *a != '\0' && (uint32_t)*a != cp; a++)
				;
			if (*a == '\0')
				return 0;
		}
		i += len;
	}
	return 1;
}

/* Whether NUL-terminated s is clean text (no control at all). */
static inline int
fuzz_str_ok(const char *s)
{
	size_t	n = 0;

	while (s[n] != '\0')
		n++;
	return fuzz_text_ok(s, n, "");
}

#endif
