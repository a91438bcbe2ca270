/* Name rules for nicks and rooms: allowed characters, length, case folding. */
#include <langinfo.h>
#include <locale.h>
#include <string.h>
#include <wctype.h>

#include "tcpchatd.h"
#include "names.h"
#include "text.h"

int
names_locale(void)
{
	if (setlocale(LC_CTYPE, "") != NULL &&
	    strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		return 0;
	if (setlocale(LC_CTYPE, "C.UTF-8") != NULL)
		return 0;
	return -1;
}

/* Letters and digits of every script, and the three ASCII marks. */
static int
names_allowed(uint32_t cp)
{
	if (cp == '-' || cp == '_' || cp == '.')
		return 1;
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		    (cp >= 'A' && cp <= 'Z');
	return iswalnum((wint_t)cp) != 0;
}

int
names_check(const char *s, size_t n, char *key, const char **why)
{
	size_t i = 0, k = 0, chars = 0;
	uint32_t cp;
	int len;

	*key = '\0';
	if (n == 0) {
		*why = "a name cannot be empty";
		return -1;
	}
	while (i < n) {
		if ((len = utf8_decode(s + i, n - i, &cp)) < 0 ||
		    !names_allowed(cp)) {
			*why = "a name may hold only letters, digits, "
			    "'-', '_' and '.'";
			return -1;
		}
		if (++chars > NAME_CHARS_MAX) {
			*why = "a name may be at most 32 characters long";
			return -1;
		}
		i += len;
		k += utf8_encode((uint32_t)towlower((wint_t)cp), key + k);
	}
	key[k] = '\0';
	if (strcmp(key, "server") == 0) {
		*why = "the name \"server\" is reserved";
		return -1;
	}
	return 0;
}
