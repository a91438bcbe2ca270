/* tcpchatd's limits and defaults, each with the option that overrides it. */
#ifndef TCPCHATD_H
#define TCPCHATD_H

/* Defaults are *_DEFAULT, bounds *_MAX. */
#define PORT_DEFAULT		"8989"	/* -p, --port, or the PORT operand */
#define CLIENTS_DEFAULT		10	/* -m, --max-clients */
#define CLIENTS_MAX		1000000	/* largest -m accepted */
#define UNNAMED_EXTRA_MAX	1024	/* unnamed connections beyond -m */
#define PER_ADDR_DEFAULT	64	/* --max-per-addr: connections from one
					 * address, an IPv6 /64 (0: no limit) */
#define UNNAMED_PER_ADDR_DEFAULT 16	/* --max-unnamed-per-addr: of those,
					 * still choosing a name (0: no
					 * limit) */
#define PER_ADDR_MAX		1000000	/* largest of those two accepted */
#define CHAT_FULL	"Chat is full (%lld/%lld), try again later."
#define HISTORY_DEFAULT		10000	/* --history: kept lines per room */
#define HISTORY_MAX		10000000 /* largest --history accepted */
#define HISTORY_BYTES_DEFAULT	(64LL << 20) /* --history-bytes: all rooms'
					 * history together */
#define HISTORY_BYTES_MAX	(1LL << 40) /* largest --history-bytes */
#define CHATLINE_DEFAULT	4096	/* --max-line: bytes per input line */
#define CHATLINE_MAX		(1 << 20) /* largest --max-line accepted */
#define QUEUE_DEFAULT		(1 << 20) /* --max-queue: bytes queued */
#define QUEUE_MAX		(1LL << 32) /* largest --max-queue accepted */
#define NAME_TIMEOUT_DEFAULT	60	/* --name-timeout: seconds */
#define STALL_TIMEOUT_DEFAULT	30	/* --stall-timeout: seconds */
#define TIMEOUT_MAX		86400	/* largest timeout accepted */
#define MOTD_MAX		4096	/* bytes of --motd FILE used */
#define LINE_RATE_DEFAULT	10	/* --line-rate: lines a second read
					 * from one client (0: no limit) */
#define LINE_BURST_DEFAULT	20	/* --line-burst: lines read at once */
#define LINE_RATE_MAX		1000000	/* largest --line-rate, --line-burst */

#define NAME_TRIES_MAX		5	/* failed names before goodbye */
#define NAME_CHARS_MAX		32	/* code points in a name */
#define NAME_KEY_MAX		512	/* folded key bytes: NFKD may
					 * triple a name (a base letter and
					 * its marks); more is refused */
#define NICKBUF_MAX		40	/* nick + key bytes kept inline */
#define CLIENT_POOL_BLOCK	512	/* clients allocated at once */
#define ROOMS_MAX		10000	/* rooms that may exist at once */
#define ROOMS_PER_CONN_MAX	16	/* rooms one connection may be in at
					 * once (protocol 2) */
#define PROTO_MAX		2	/* the newest protocol version */
#define ROOM_DEFAULT		"general"
#define LISTEN_MAX		8	/* listening sockets */
#define LISTEN_BACKLOG		1024
#define ACCEPT_PASS_MAX		256	/* accepts per loop pass */
#define ACCEPT_RETRY_MS		100	/* pause after EMFILE/ENFILE */
#define SHUTDOWN_FLUSH_MS	2000	/* flushing queues at shutdown */
#define TRIM_EVERY_S		1	/* malloc_trim() at most this often */
#define FLUSH_GAP_US_DEFAULT	1000	/* least time between flushes under
					 * load (no option) */
#define SCRATCH_MAX		65536	/* the shared read buffer */
#define LOGBUF_MAX		(16 << 20) /* unsynced log bytes kept */
#define LOGLINE_MAX		(3 * CHATLINE_MAX + 1024) /* a --log line
					 * read back: the longest message
					 * cleaned, and its other fields */
#define MALLOC_MMAP_MIN		(64 * 1024) /* blocks malloc'd by mmap */

#endif
