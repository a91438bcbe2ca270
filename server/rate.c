/* A token bucket for input lines, and finding where k lines end. */
#include <string.h>

#include "rate.h"

void
rate_init(struct rate *r, int64_t rate, int64_t burst)
{
	r->interval = rate > 0 ? 1000000000LL / rate : 0;
	r->burst = burst;
}

int64_t
rate_full(const struct rate *r, int64_t now)
{
	return now - r->burst * r->interval;
}

int64_t
rate_tokens(const struct rate *r, int64_t empty, int64_t now)
{
	int64_t n;

	if (now <= empty)
		return 0;
	n = (now - empty) / r->interval;
	return n < r->burst ? n : r->burst;
}

/* Tokens past burst were never there: the bucket starts from full. */
void
rate_take(const struct rate *r, int64_t *empty, int64_t now, int64_t n)
{
	int64_t full = rate_full(r, now);

	if (*empty < full)
		*empty = full;
	*empty += n * r->interval;
}

int64_t
rate_due(const struct rate *r, int64_t empty)
{
	return empty + r->interval;
}

size_t
rate_span(const char *p, size_t n, int64_t k, int64_t *lines)
{
	const char *nl, *q = p, *end = p + n;

	*lines = 0;
	while (*lines < k && q < end &&
	    (nl = memchr(q, '\n', (size_t)(end - q))) != NULL) {
		q = nl + 1;
		(*lines)++;
	}
	return *lines < k ? n : (size_t)(q - p);
}
