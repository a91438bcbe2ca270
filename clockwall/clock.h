/* Clocks: what each clock is doing, as a state machine without I/O. */
#ifndef CLOCK_H
#define CLOCK_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "args.h"
#include "clockwall.h"
#include "framer.h"

enum clock_state {
	CLOCK_CONNECTING,	/* resolving or connect() in progress */
	CLOCK_TICKING,		/* a line came within CLOCKWALL_STALE_MS */
	CLOCK_STALE,		/* connected, but no line for a while */
	CLOCK_DOWN		/* failed for reason; retried after backoff */
};

enum clock_reason {
	REASON_NONE,
	REASON_CLOSED,
	REASON_GARBAGE,
	REASON_REFUSED,
	REASON_RESET,
	REASON_TIMEOUT,
	REASON_UNKNOWN_HOST,
	REASON_UNREACHABLE,
	REASON_ERROR
};

struct timer;
struct addrinfo;

struct clock {
	struct clockspec	 spec;
	enum clock_state	 state;
	enum clock_reason	 reason;
	char			 text[CLOCKWALL_TEXT_MAX]; /* last line */
	int			 sod;		/* its time of day, or -1 */
	int			 dated;		/* the line gave a date too */
	long			 day;		/* if so: days since 1970 */
	time_t			 utc;		/* our UTC time when it came */
	int64_t			 last_ns;	/* monotonic, when it came */
	int			 answered;	/* some line ever came */
	int			 linked;	/* connected, on this try */
	int			 backoff;	/* seconds to the next try */
	int64_t			 good_ns;	/* first line of this
						 * connection, or -1 */
	int			 changed;	/* worth a redraw */

	/* Owned by conn.c. */
	int			 fd;
	struct framer		 fr;
	struct timer		*timer;		/* connect timeout or retry */
	struct addrinfo		*ai;		/* the host's addresses */
	struct addrinfo		*aicur;		/* the one being tried */
	struct resolve		*resolving;	/* lookup in flight, or NULL */
	int64_t			 conn_ns;	/* monotonic, when connected */
	int64_t			 lines;		/* lines since then */
	int			 connected;
};

/* A clock for spec, about to connect. */
void		 clock_init(struct clock *, const struct clockspec *);
/* A connection attempt starts. */
void		 clock_connecting(struct clock *);
/* It connected: the cell says "connected" until a line comes. */
void		 clock_connected(struct clock *);
/* A line arrived at monotonic now_ns, UTC time utc: kept sanitised, and
 * parsed for a time of day. Lines for CLOCKWALL_BEHAVED_MS on one
 * connection reset the backoff (one line does not: a clock that floods
 * garbage would be retried every second for ever). */
void		 clock_line(struct clock *, const char *line, size_t len,
		    int64_t now_ns, time_t utc);
/* The connection failed or ended for reason; returns the milliseconds to
 * wait before the next try (1, 2, 4 ... CLOCKWALL_BACKOFF_MAX s). */
int64_t		 clock_down(struct clock *, enum clock_reason);
/* Ticking, but nothing since CLOCKWALL_STALE_MS before now_ns: stale.
 * Returns whether the state changed. */
int		 clock_check_stale(struct clock *, int64_t now_ns);
/* One word for reason: "refused", "timeout", ... (no spaces: the plain
 * line separates clocks with them). */
const char	*clock_reason_str(enum clock_reason);
/* The reason an errno from connect() or read() stands for. */
enum clock_reason clock_reason_errno(int err);
/* What its cell says in one word: the time or line, "connecting",
 * "connected" (and silent so far), "down(refused)"; into buf, NUL
 * terminated; returns buf. */
char		*clock_cell(const struct clock *, char *buf, size_t len);

#endif
