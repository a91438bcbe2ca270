/* Limits of the tcpchat client, each beside the option that overrides it. */
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
#define PASTE_ASK_LINES		3	/* longer pastes ask before sending */
#define PASTE_MAX		(64 * 1024) /* bytes of one paste kept */
#define HISTORY_MAX		1000	/* input history lines kept */
#define PEOPLE_MIN_COLS		60	/* narrower terminals hide the list */
#define PLAIN_QUIT_MS		5000	/* --plain: wait for the close */
#define USERS_MAX		4096	/* names taken from one USERS event */
#define DEFAULT_HOST		"localhost"
#define DEFAULT_PORT		"8989"
#define DEFAULT_ROOM		"general"

#endif
