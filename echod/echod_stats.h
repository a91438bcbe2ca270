/* The counters every model keeps, safe to update from threads and from
 * processes sharing one mapping: C11 atomics, one per counter. */
#ifndef ECHOD_STATS_H
#define ECHOD_STATS_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Each counter is exact on its own; a snapshot reads them one by one, so
 * it is not one instant across all five (no invariant ties them, so no
 * lock is needed to keep one).
 */
struct echod_stats {
	atomic_uint_fast64_t	now;		/* clients connected */
	atomic_uint_fast64_t	served;		/* connections that ended */
	atomic_uint_fast64_t	refused;	/* over a limit */
	atomic_uint_fast64_t	lines;		/* lines echoed */
	atomic_uint_fast64_t	bytes;		/* bytes echoed */
};

/* A plain copy of the counters at one time. */
struct echod_counts {
	uint64_t	now, served, refused, lines, bytes;
};

/* Zeroed counters in memory the caller owns (threads, one process). */
void	echod_stats_init(struct echod_stats *);
/* Zeroed counters in an anonymous shared mapping that forked children
 * update too; NULL with errno if mmap fails or 64-bit atomics would need
 * a lock (a lock could be left held by a child that dies). */
struct echod_stats *echod_stats_shared(void);
/* Unmap what echod_stats_shared() gave. */
void	echod_stats_unshare(struct echod_stats *);

/* A client was admitted. */
void	echod_stats_connect(struct echod_stats *);
/* An admitted client went away (its connection is served). */
void	echod_stats_disconnect(struct echod_stats *);
/* An admitted client was turned away after all: undo the connect (the
 * refusal is counted by echod_stats_refuse()). */
void	echod_stats_unconnect(struct echod_stats *);
/* A client was refused. */
void	echod_stats_refuse(struct echod_stats *);
/* One line of n bytes was echoed. */
void	echod_stats_echo(struct echod_stats *, size_t n);
/* Bytes of a line written so far (the line counts once it is whole). */
void	echod_stats_bytes(struct echod_stats *, size_t n);

/* Read the counters. */
void	echod_stats_read(struct echod_stats *, struct echod_counts *);
/* "clients=1 served=2 refused=0 lines=3 bytes=4" into buf; returns buf. */
char	*echod_stats_format(const struct echod_counts *, char *buf,
	    size_t len);

#endif
