/* taskd's defaults and bounds, beside the options that override them. */
#ifndef TASKD_H
#define TASKD_H

#define TASKD_PORT_DEFAULT	"8080"
#define TASKD_EVERY_DEFAULT	5	/* --every: seconds between ticks */
#define TASKD_EVERY_MAX		3600
#define TASKD_TIMEOUT_DEFAULT	10	/* --timeout: seconds to answer */
#define TASKD_TIMEOUT_MAX	3600
#define TASKD_PER_ADDR_DEFAULT	64	/* --max-per-addr: workers from one
					 * address, an IPv6 /64 (0: no limit) */
#define TASKD_PER_ADDR_MAX	1000000	/* largest --max-per-addr */
#define TASKD_PREWAKE_NS	5000000LL	/* wake early, then aim */
#define TASKD_LINE_MAX		4096	/* longest line read from a client */
#define TASKD_QUEUE_MAX		(64 * 1024)	/* unsent bytes, then drop */
#define TASKD_PENDING_MAX	100000	/* tasks waiting for a worker */
#define TASKD_TRIES_MAX		5	/* sends of one task, then given up */
#define TASKD_LATE_MAX		4	/* timed-out tasks a worker remembers */
#define TASKD_LISTEN_MAX	8
#define TASKD_BACKLOG		4096
#define TASKD_ACCEPT_MAX	256	/* accepts per listener wake-up */
#define TASKD_MSG_RATE		20	/* messages a second shown per client */
#define TASKD_MSG_BURST		40	/* ... after a quiet spell */
#define TASKD_READ_MAX		(16 * 1024)	/* bytes read per wake-up */
#define TASKD_ACCEPT_RETRY_MS	1000	/* out of fds: wait this long */

#endif
