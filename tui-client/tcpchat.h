/* Limits and defaults of the tcpchat client, each beside the option that
 * overrides it: defaults are *_DEFAULT, bounds *_MAX. */
#ifndef TCPCHAT_H
#define TCPCHAT_H

#define SCROLLBACK_DEFAULT	10000	/* --scrollback: lines kept */
#define SCROLLBACK_MAX		1000000	/* largest --scrollback accepted */
#define SERVER_LINE_MAX		(1 << 20) /* longest server line read */
#define SEND_LINE_MAX		4096	/* the server's default --max-line */
#define BACKOFF_FIRST_MS	1000	/* first reconnect delay */
#define BACKOFF_MAX_MS		30000	/* reconnect delays double up to this */
#define STABLE_MS		10000	/* up this long: delays start over */
#define HELLO_WAIT_MS		10000	/* no HELLO by then: not a tcpchatd */
#define RETAKE_MAX		6	/* back after a loss, our name refused:
					 * connections tried again for it (a
					 * cluster node's expiry) */
#define PASTE_ASK_LINES		3	/* longer pastes ask before sending */
#define PASTE_MAX		(64 * 1024) /* bytes of one paste kept */
#define HISTORY_DEFAULT		1000	/* input history lines kept */
#define PEOPLE_MIN_COLS		60	/* narrower terminals hide the list */
#define PLAIN_QUIT_MS		5000	/* --plain: wait for the close */
#define PLAIN_QUEUE_MAX		1024	/* --plain: lines read ahead */
#define USERS_MAX		4096	/* names taken from one USERS event */
#define RECENT_MAX		64	/* latest speakers kept for Tab */
#define ROOMS_KNOWN_MAX		1024	/* rooms heard of, kept for Tab */
#define CHAT_ROOMS_MAX		16	/* rooms to be in at once: the
					 * server's cap (protocol 2) */
#define WINDOWS_MAX		64	/* windows open at once */
#define CONFIG_MAX		(64 * 1024) /* bytes of the config file read */
#define SERVERS_MAX		16	/* servers to fail over between */
#define HOST_DEFAULT		"localhost"	/* host argument */
#define PORT_DEFAULT		"8989"		/* port argument */

#endif
