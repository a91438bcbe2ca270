/* The counters every model keeps: relaxed C11 atomics, shareable by fork. */
#include <sys/mman.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "echod_stats.h"

/*
 * Why atomics, not a mutex: the counters are independent, so each update
 * needs only to be indivisible, which one lock-free fetch-add is; no
 * thread ever sleeps for it.  The same struct works unchanged in memory
 * shared with forked children, where a mutex would have to be
 * PTHREAD_PROCESS_SHARED and robust against a child dying while holding
 * it.  Relaxed order suffices: nothing else is published through them.
 */

void
echod_stats_init(struct echod_stats *s)
{
	atomic_init(&s->now, 0);
	atomic_init(&s->served, 0);
	atomic_init(&s->refused, 0);
	atomic_init(&s->lines, 0);
	atomic_init(&s->bytes, 0);
}

struct echod_stats *
echod_stats_shared(void)
{
	struct echod_stats *s;
	atomic_uint_fast64_t probe;

	atomic_init(&probe, 0);
	if (!atomic_is_lock_free(&probe)) {
		errno = ENOTSUP;
		return NULL;
	}
	s = mmap(NULL, sizeof(*s), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s == MAP_FAILED)
		return NULL;
	echod_stats_init(s);
	return s;
}

void
echod_stats_unshare(struct echod_stats *s)
{
	if (s != NULL)
		munmap(s, sizeof(*s));
}

static void
echod_stats_add(atomic_uint_fast64_t *c, uint64_t n)
{
	atomic_fetch_add_explicit(c, n, memory_order_relaxed);
}

void
echod_stats_connect(struct echod_stats *s)
{
	echod_stats_add(&s->now, 1);
}

void
echod_stats_disconnect(struct echod_stats *s)
{
	atomic_fetch_sub_explicit(&s->now, 1, memory_order_relaxed);
	echod_stats_add(&s->served, 1);
}

void
echod_stats_unconnect(struct echod_stats *s)
{
	atomic_fetch_sub_explicit(&s->now, 1, memory_order_relaxed);
}

void
echod_stats_refuse(struct echod_stats *s)
{
	echod_stats_add(&s->refused, 1);
}

void
echod_stats_echo(struct echod_stats *s, size_t n)
{
	echod_stats_add(&s->lines, 1);
	echod_stats_add(&s->bytes, n);
}

void
echod_stats_bytes(struct echod_stats *s, size_t n)
{
	echod_stats_add(&s->bytes, n);
}

void
echod_stats_read(struct echod_stats *s, struct echod_counts *c)
{
	c->now = atomic_load_explicit(&s->now, memory_order_relaxed);
	c->served = atomic_load_explicit(&s->served, memory_order_relaxed);
	c->refused = atomic_load_explicit(&s->refused, memory_order_relaxed);
	c->lines = atomic_load_explicit(&s->lines, memory_order_relaxed);
	c->bytes = atomic_load_explicit(&s->bytes, memory_order_relaxed);
}

char *
echod_stats_format(const struct echod_counts *c, char *buf, size_t len)
{
	snprintf(buf, len, "clients=%" PRIu64 " served=%" PRIu64
	    " refused=%" PRIu64 " lines=%" PRIu64 " bytes=%" PRIu64,
	    c->now, c->served, c->refused, c->lines, c->bytes);
	return buf;
}
