/* Connections: one non-blocking socket per clock, retried with backoff. */
#ifndef CONN_H
#define CONN_H

#include "clock.h"
#include "loop.h"

/* Look c's host up (a name off the loop, see resolve.h), then connect to
 * its first address; the outcome shows in c's state. */
void	conn_start(struct loop *, struct clock *);
/* Close c's connection (if any) and cancel its timer. */
void	conn_stop(struct loop *, struct clock *);
/* Called once a second: a connected clock silent for CLOCKWALL_SILENT_MS
 * is dropped as timed out and retried. */
void	conn_check_silent(struct loop *, struct clock *, int64_t now_ns);

#endif
