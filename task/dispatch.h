/* taskd's dispatcher: workers, tasks each tick, answers, timeouts, stats. */
#ifndef DISPATCH_H
#define DISPATCH_H

#include <stddef.h>
#include <stdint.h>

struct loop;
struct worker;

/* A task handed out: kept until answered right or abandoned. */
struct task {
	uint64_t	 id;
	long long	 n;
	int64_t		 sent;		/* monotonic ns of the current send */
	struct worker	*owner;		/* NULL while waiting for a worker */
	struct timer	*deadline;
	unsigned	 tries;		/* times sent */
};

/* Totals over every worker that ever connected. */
struct dispatch_totals {
	uint64_t	 workers, tasks, sent, answers, wrong, late, unknown;
	uint64_t	 redispatched, abandoned, messages, ticks;
};

/* Start: tasks every every_s seconds on the wall clock, re-sent after
 * timeout_s seconds without an answer. */
void	dispatch_init(struct loop *, int every_s, int timeout_s);
/* A new worker: idle until the next tick or a waiting task. */
void	dispatch_add(struct worker *);
/* The worker is going: its task, if any, goes to another worker. */
void	dispatch_remove(struct worker *);
/* A "RESULT id value" from w: checked, logged, recorded. */
void	dispatch_result(struct worker *, uint64_t id, long long value);
/* Hand out tasks now (what each tick does). */
void	dispatch_tick(void);
/* Count one message (the totals outlive the workers). */
void	dispatch_message(void);
/* Print each worker's counts and the totals on stderr (SIGUSR1, exit). */
void	dispatch_stats(void);
/* The workers connected, and their list. */
size_t	dispatch_workers(struct worker ***);
/* Totals so far. */
const struct dispatch_totals *dispatch_totals(void);
/* Free every task and the lists (the workers belong to worker.c). */
void	dispatch_free(void);

#endif
