/* taskc's connection to taskd: connecting, lines both ways, reconnecting. */
#ifndef TCSESS_H
#define TCSESS_H

#include <stddef.h>

struct loop;

/* What the session tells its owner. */
struct tcsess_cb {
	/* A line from taskd (without "\n"; not NUL terminated). */
	void	(*on_line)(char *line, size_t len, void *arg);
	/* Connected (to the address given). */
	void	(*on_up)(const char *addr, void *arg);
	/* The connection is gone or could not be made (why); the next
	 * try is in ms milliseconds. */
	void	(*on_down)(const char *why, long ms, void *arg);
	void	*arg;
};

/* Connect to host:port, again with backoff whenever it fails or drops.
 * Names are resolved on each attempt. */
void	tcsess_start(struct loop *, const char *host, const char *port,
	    const struct tcsess_cb *);
/* Whether a connection is up. */
int	tcsess_up(void);
/* Queue a line (len bytes; "\n" is added) and send what the socket
 * takes; 0, or -1 when not connected. */
int	tcsess_send(const char *line, size_t len);
/* Bytes not yet sent. */
size_t	tcsess_pending(void);
/* Close (no reconnect) and free. */
void	tcsess_stop(void);

#endif
