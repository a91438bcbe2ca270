/* Numbers from untrusted text: strtonum(3) for every program. */
#include <errno.h>
#include <stdlib.h>

#include "num.h"

/* strtoll() alone takes leading spaces, a '+' and an empty string; the
 * first character is checked here so none of those pass. */
int
num_parse(const char *s, long long lo, long long hi, long long *out,
    const char **why)
{
	const char *d = s;
	char *end;
	long long v;

	if (s != NULL && *d == '-' && lo < 0)
		d++;
	if (s == NULL || *d < '0' || *d > '9') {
		/* "-1" where negatives are not allowed is too small. */
		*why = s != NULL && *s == '-' && s[1] >= '0' && s[1] <= '9' ?
		    "too small" : "invalid";
		return -1;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0') {
		*why = "invalid";
		return -1;
	}
	if ((errno == ERANGE && v > 0) || v > hi) {
		*why = "too large";
		return -1;
	}
	if (errno == ERANGE || v < lo) {
		*why = "too small";
		return -1;
	}
	*why = NULL;
	*out = v;
	return 0;
}
