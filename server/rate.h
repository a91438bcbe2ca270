/* A token bucket for input lines, and finding where k lines end. */
#ifndef RATE_H
#define RATE_H

#include <stddef.h>
#include <stdint.h>

/* --line-rate and --line-burst: a token every interval nanoseconds, at
 * most burst of them; interval 0 means no limit. */
struct rate {
	int64_t		 interval;
	int64_t		 burst;
};

/* The bucket for rate lines a second (0: none) and burst at once. */
void	 rate_init(struct rate *, int64_t rate, int64_t burst);
/* A bucket is one time, when it was (or will be) empty: tokens accrue
 * from it. This one is full at now. */
int64_t	 rate_full(const struct rate *, int64_t now);
/* Whole tokens in the bucket empty at empty, at now (at most burst). */
int64_t	 rate_tokens(const struct rate *, int64_t empty, int64_t now);
/* Take n tokens at now (n no more than rate_tokens()). */
void	 rate_take(const struct rate *, int64_t *empty, int64_t now,
	    int64_t n);
/* When the bucket will next hold a whole token. */
int64_t	 rate_due(const struct rate *, int64_t empty);
/* Bytes of p[0..n) up to and including the k-th "\n" (all n if fewer);
 * the number of "\n" in them goes to *lines. */
size_t	 rate_span(const char *p, size_t n, int64_t k, int64_t *lines);

#endif
