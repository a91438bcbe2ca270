/* echod's defaults and limits, each beside the option that overrides it. */
#ifndef ECHOD_H
#define ECHOD_H

#define ECHOD_PORT_DEFAULT	"7007"
#define ECHOD_DELAY_MAX		60000	/* --delay, milliseconds */
#define ECHOD_LINE_DEFAULT	4096	/* --max-line, bytes, "\n" included */
#define ECHOD_LINE_MAX		(1024 * 1024)
#define ECHOD_CLIENTS_DEFAULT	1024	/* --max-clients */
#define ECHOD_CLIENTS_MAX	100000
/* --max-per-addr: clients at once from one address (an IPv6 /64); 0: no
 * limit. A LAN behind one NAT router fits; one host cannot take every
 * place. */
#define ECHOD_PER_ADDR_DEFAULT	64
#define ECHOD_PER_ADDR_MAX	1000000
#define ECHOD_IDLE_DEFAULT	300	/* --idle-timeout, seconds; 0: never */
#define ECHOD_IDLE_MAX		86400
#define ECHOD_THREADS_PER_CORE	4	/* --threads default: 4 x cores */
#define ECHOD_THREADS_MAX	10000	/* --threads */
#define ECHOD_THREAD_STACK	(256 * 1024)	/* a worker's stack */
/* Echoes waiting for their delay or for the client to read them; past
 * this the connection stops reading until they drain (backpressure). */
#define ECHOD_PENDING_MAX	(256 * 1024)
#define ECHOD_READ_MAX		16384	/* one read() */
#define ECHOD_ACCEPT_MAX	256	/* accepts a pass: others get a turn */
#define ECHOD_LISTEN_MAX	8	/* listening sockets (v4 + v6 + ...) */
#define ECHOD_BACKLOG		4096

#define ECHOD_REFUSAL	"echod: too many clients, try again later\n"

#endif
