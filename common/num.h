/* Numbers from untrusted text: strtonum(3) for every program. */
#ifndef NUM_H
#define NUM_H

/* Parse s as a decimal integer in [lo, hi]: digits only, an optional '-'
 * when lo < 0, nothing else. Stores it in *out and returns 0, or returns
 * -1 with *why set to "invalid", "too small" or "too large". */
int	num_parse(const char *s, long long lo, long long hi, long long *out,
	    const char **why);

#endif
