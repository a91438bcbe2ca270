/* A worker: one taskd connection, and its output (queue, flush, close).
 * Its input is wconn.c. */
#ifndef WORKER_H
#define WORKER_H

#include <stddef.h>
#include <stdint.h>

#include "framer.h"
#include "net.h"
#include "outq.h"
#include "taskd.h"

struct addrlim;
struct addrlim_conn;
struct loop;
struct task;

/* A task this worker was given but that timed out: its answer, if it
 * comes, is recorded as late. */
struct late {
	uint64_t	 id;
	long long	 n;
	int64_t		 sent;		/* monotonic ns it was sent to us */
};

/* What one worker did, printed on SIGUSR1 and at exit. */
struct wstats {
	uint64_t	 tasks;		/* tasks sent to it */
	uint64_t	 answers;	/* right answers in time */
	uint64_t	 wrong;
	uint64_t	 late;
	uint64_t	 messages;
	uint64_t	 refused;	/* messages over the rate */
	int64_t		 lat_sum;	/* ns, over right answers in time */
	int64_t		 lat_max;
};

struct worker {
	int		 fd;
	int		 closing;	/* closed at the end of this pass */
	char		 addr[NET_ADDRSTRLEN];
	struct framer	 fr;
	struct outq	 q;
	struct addrlim	*lim;		/* al is released into this */
	struct addrlim_conn *al;	/* its count per address */
	struct task	*task;		/* being worked on, or NULL: idle */
	size_t		 idx;		/* in the dispatcher's list of all */
	size_t		 iidx;		/* in its idle list, or SIZE_MAX */
	struct late	 late[TASKD_LATE_MAX];
	unsigned	 nlate, latepos;
	struct wstats	 st;
	double		 tokens;	/* messages it may still send now */
	int64_t		 tokens_at;	/* monotonic ns of the last refill */
};

/* Once at start: the loop, and what to do when a worker is closed (give
 * its task back to the dispatcher). A callback, so that this output half
 * never calls up into the dispatcher that sends through it. */
void	worker_init(struct loop *, void (*gone)(struct worker *));
/* Queue len bytes and try to send them now; a worker whose queue passes
 * TASKD_QUEUE_MAX is closed. */
void	worker_send(struct worker *, const char *, size_t);
/* Queue a shared chunk, as worker_send(). */
void	worker_push(struct worker *, struct chunk *);
/* Send what is queued (the socket is writable); closed on an error. */
void	worker_flush(struct worker *);
/* Close at the end of this pass (reason logged); its task goes back to
 * the dispatcher at once, through the callback given to worker_init. */
void	worker_close(struct worker *, const char *reason);

#endif
