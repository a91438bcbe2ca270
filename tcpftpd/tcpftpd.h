/* tcpftpd: defaults and bounds, each beside the option that overrides it. */
#ifndef TCPFTPD_H
#define TCPFTPD_H

#define TCPFTPD_PORT_DEFAULT	"2121"	/* -p, --port */
#define TCPFTPD_CLIENTS_DEFAULT	256	/* --max-clients */
#define TCPFTPD_CLIENTS_MAX	100000
#define TCPFTPD_PER_ADDR_DEFAULT 16	/* --max-per-addr (--max-per-ip) */
					/* --max-pending: --max-clients / 2 */
#define TCPFTPD_IDLE_DEFAULT	300	/* --idle-timeout, seconds */
#define TCPFTPD_DATA_DEFAULT	60	/* --data-timeout, seconds */
#define TCPFTPD_TIMEOUT_MAX	86400

#define TCPFTPD_LISTEN_MAX	8	/* listening sockets (v4, v6, ...) */
#define TCPFTPD_BACKLOG		511
#define TCPFTPD_ACCEPT_MAX	64	/* accepts per readiness */
#define TCPFTPD_LINE_MAX	4200	/* a command: verb, space, path */
#define TCPFTPD_REPLY_MAX	16384	/* unsent replies, bytes */
#define TCPFTPD_REPLY_PAUSE	8192	/* stop reading above this */
#define TCPFTPD_LIST_CHUNK	32768	/* listing built at a time */
#define TCPFTPD_SEND_MAX	(4 << 20) /* bytes per sendfile(2) call */

#endif
