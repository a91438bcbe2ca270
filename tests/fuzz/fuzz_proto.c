/*
 * common/proto.c and common/num.c: proto_split gives at most max fields
 * that, joined again with TABs, are the line it was given, with TABs
 * only in the last; num_parse agrees with a reference parser on every
 * field (accept or refuse, the value, and why), for bounds taken from
 * the input.
 *
 * Input: 1 byte of max fields, 2 bytes choosing the bounds, then the
 * line.
 */
#include <limits.h>
#include <string.h>

#include "num.h"
#include "proto.h"
#include "fuzz.h"

static const long long bounds[] = {
	LLONG_MIN, -1000000, -65536, -1, 0, 1, 59, 60, 65535, 65536,
	86399, 1000000, INT_MAX, LLONG_MAX
};
#define NBOUNDS	(sizeof(bounds) / sizeof(bounds[0]))

/* The reference: "-"? digits, nothing else; 0 and *v, or the reason. */
static const char *
ref_parse(const char *s, long long lo, long long hi, long long *v)
{
	const char *d = s;
	int neg = 0;
	unsigned long long mag = 0, lim;

	if (*d == '-' && lo < 0) {
		neg = 1;
		d++;
	}
	if (*d < '0' || *d > '9')
		return *s == '-' && s[1] >= '0' && s[1] <= '9' ? "too small" :
		    "invalid";
	lim = neg ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;
	for (; *d >= '0' && *d <= '9'; d++) {
		if (mag > (lim - (unsigned)(*d - '0')) / 10)
			mag = lim + 1;	/* saturated: out of range */
		else
			mag = mag * 10 + (unsigned)(*d - '0');
	}
	if (*d != '\0')
		return "invalid";
	if (mag > lim)
		return neg ? "too small" : "too large";
	*v = neg ? (mag == lim ? LLONG_MIN : -(long long)mag) :
	    (long long)mag;
	if (*v > hi)
		return "too large";
	if (*v < lo)
		return "too small";
	return NULL;
}

static void
check_num(const char *s, long long lo, long long hi)
{
	const char *why = "unset", *rwhy;
	long long v = 0, rv = 0;
	int rc;

	rc = num_parse(s, lo, hi, &v, &why);
	rwhy = ref_parse(s, lo, hi, &rv);
	if (rwhy == NULL) {
		FUZZ_CHECK(rc == 0 && why == NULL && v == rv);
		FUZZ_CHECK(v >= lo && v <= hi);
	} else {
		FUZZ_CHECK(rc == -1 && why != NULL);
		FUZZ_CHECK(strcmp(why, rwhy) == 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line, *copy, *fields[PROTO_FIELDS_MAX];
	size_t n, off = 0;
	long long lo, hi;
	int max, got, i;

	if (size < 3)
		return 0;
	max = data[0] % (PROTO_FIELDS_MAX + 1);
	lo = bounds[data[1] % NBOUNDS];
	hi = bounds[data[2] % NBOUNDS];
	if (lo > hi) {
		long long t = lo;
		lo = hi;
		hi = t;
	}
	n = size - 3;
	if ((line = malloc(n + 1)) == NULL || (copy = malloc(n + 1)) == NULL)
		abort();
	memcpy(line, data + 3, n);
	line[n] = '\0';
	memcpy(copy, line, n + 1);
	got = proto_split(line, fields, max);
	FUZZ_CHECK(got >= (max > 0 ? 1 : 0) && got <= max);
	/* the fields, rejoined, are the line up to its first NUL */
	for (i = 0; i < got; i++) {
		size_t len = strlen(fields[i]);

		FUZZ_CHECK(fields[i] == line + off);
		FUZZ_CHECK(memcmp(fields[i], copy + off, len) == 0);
		off += len;
		if (i < got - 1) {
			FUZZ_CHECK(strchr(fields[i], '\t') == NULL);
			FUZZ_CHECK(copy[off] == '\t');
			off++;
		} else
			FUZZ_CHECK(copy[off] == '\0');
		check_num(fields[i], lo, hi);
	}
	check_num(copy, lo, hi);
	free(line);
	free(copy);
	return 0;
}
