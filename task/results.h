/* --results FILE: one JSON line per answer, written and fsync'd in batches. */
#ifndef RESULTS_H
#define RESULTS_H

#include <stddef.h>
#include <stdint.h>

#define RESULTS_BUF_MAX	(4 * 1024 * 1024)	/* unwritten bytes kept */

/* One answer as it goes into the file. */
struct results_rec {
	int64_t		 ts_ms;		/* Unix time of the answer, ms */
	const char	*worker;	/* the worker's address (ours, safe) */
	uint64_t	 id;
	long long	 n;
	long long	 value;
	const char	*status;	/* "ok", "wrong" or "late" */
	int		 correct;
	double		 latency_ms;
};

/* Open path for appending, creating it 0644; 0, or -1 with errno. */
int	results_open(const char *path);
/* Whether a file is open. */
int	results_active(void);
/* Format one JSON line into buf; the length (snprintf's). */
int	results_format(const struct results_rec *, char *buf, size_t len);
/* Queue one line for the next results_sync(); lines past RESULTS_BUF_MAX
 * unwritten bytes are dropped and counted. */
void	results_add(const struct results_rec *);
/* Write what is queued and fdatasync once; 0 (also when idle), or -1
 * with errno (what was not written stays queued). */
int	results_sync(void);
/* Lines dropped because the file could not keep up. */
uint64_t results_dropped(void);
/* Sync and close. */
void	results_close(void);

#endif
