/* taskc's defaults and bounds, beside the options that override them. */
#ifndef TASKC_H
#define TASKC_H

#define TASKC_HOST_DEFAULT	"localhost"
#define TASKC_PORT_DEFAULT	"8080"
#define TASKC_COUNT_MAX		1000000000LL	/* --count */
#define TASKC_LINE_MAX		4096	/* longest line read from taskd */
#define TASKC_BACKOFF_MIN_MS	250	/* first reconnect delay */
#define TASKC_BACKOFF_MAX_MS	16000	/* the delay doubles up to this */
#define TASKC_QUEUE_MAX		(256 * 1024)	/* unsent bytes kept */

#endif
