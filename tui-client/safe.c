/* Making untrusted server text safe to draw in a terminal. */
#include <string.h>
#include <wchar.h>

#include "safe.h"
#include "text.h"
#include "efun.h"

/* Removes what a terminal might still act on or draw at a width other
 * than wcwidth's; shrinks in place. */
static size_t
safe_printable(char *s, size_t n)
{
	size_t i, o;
	uint32_t cp;
	int len;

	for (i = o = 0; i < n; i += len) {
		len = utf8_decode(s + i, n - i, &cp);
		if (len <= 0 || (cp >= 0x80 && wcwidth((wchar_t)cp) < 0)) {
			s[o++] = '?';
			if (len <= 0)
				len = 1;
			continue;
		}
		memmove(s + o, s + i, (size_t)len);
		o += len;
	}
	return o;
}

char *
safe_dup(const char *s, size_t n)
{
	char *out;
	size_t len;

	out = emalloc(TEXT_CLEAN_MAX(n) + 1);
	len = text_clean(s, n, out);
	len = safe_printable(out, len);
	out[len] = '\0';
	return out;
}

char *
safe_str(const char *s)
{
	return safe_dup(s, strlen(s));
}
