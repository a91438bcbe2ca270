/* clockwall's limits, each with the option or reason that bounds it. */
#ifndef CLOCKWALL_H
#define CLOCKWALL_H

#define CLOCKWALL_CLOCKS_MAX	1024	/* clocks on the command line */
#define CLOCKWALL_NAME_MAX	32	/* bytes of a clock's name */
#define CLOCKWALL_HOST_MAX	256	/* bytes of a host name or address */
#define CLOCKWALL_PORT_MAX	16	/* bytes of a port */
#define CLOCKWALL_LINE_MAX	256	/* a longer line is garbage */
#define CLOCKWALL_LINES_MAX	10	/* lines beyond 2 a second: garbage */
#define CLOCKWALL_TEXT_MAX	64	/* bytes of a line kept for display */
#define CLOCKWALL_STALE_MS	2000	/* no tick for longer: stale */
#define CLOCKWALL_CONNECT_MS	5000	/* connect() longer: timed out */
#define CLOCKWALL_SILENT_MS	10000	/* connected, no line: timed out */
#define CLOCKWALL_BACKOFF_MAX	30	/* seconds between retries, at most */
#define CLOCKWALL_BEHAVED_MS	10000	/* lines this long: backoff over */
#define CLOCKWALL_TIMEOUT_DEFAULT 5	/* --timeout, seconds */
#define CLOCKWALL_TIMEOUT_MAX	3600	/* largest --timeout */

#endif
