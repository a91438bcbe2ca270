/* clockd's defaults (*_DEFAULT) and bounds (*_MAX), each with the option
 * or reason behind it. */
#ifndef CLOCKD_H
#define CLOCKD_H

#define CLOCKD_PORT_DEFAULT	"8000"
#define CLOCKD_FORMAT_DEFAULT	"%H:%M:%S"
#define CLOCKD_TZ_DIR_DEFAULT	"/usr/share/zoneinfo" /* zones, unless the
					 * caller names a folder */
#define CLOCKD_PER_ADDR_DEFAULT	64	/* --max-per-addr: clients from one
					 * address, an IPv6 /64 (0: no limit) */
#define CLOCKD_PER_ADDR_MAX	1000000	/* largest --max-per-addr */
#define CLOCKD_LINE_MAX		256	/* one formatted tick, "\n" included */
#define CLOCKD_QUEUE_TICKS_MAX	8	/* ticks a client may fall behind */
#define CLOCKD_QUEUE_BYTES_MAX	(64 * 1024)	/* and bytes queued */
#define CLOCKD_ACCEPT_MAX	512	/* accepts a pass: others get a turn */
#define CLOCKD_LISTEN_MAX	8	/* listening sockets (v4 + v6 + ...) */
#define CLOCKD_BACKLOG		4096
#define CLOCKD_PREWAKE_NS	5000000LL	/* wake early, then aim */

#endif
