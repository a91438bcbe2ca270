/* The connection to the server: non-blocking connect over every address,
 * line framing, an output queue, reconnecting with backoff. */
#ifndef CONN_H
#define CONN_H

#include <stddef.h>
#include <stdint.h>

struct loop;
struct conn;

enum conn_state {
	CONN_CONNECTING,	/* resolving or connecting */
	CONN_UP,		/* connected */
	CONN_WAIT,		/* waiting to reconnect */
	CONN_OFF		/* given up, or closed on purpose */
};

struct conn_cb {
	/* Connected: the place to say hello. */
	void	(*up)(void *arg);
	/* One line from the server, without "\n"; writable, NUL after. */
	void	(*line)(void *arg, char *line, size_t len);
	/* Lost, or could not connect, for why ("Connection refused"). */
	void	(*down)(void *arg, const char *why);
};

/* A connection to host port that reconnects with backoff if retry, else
 * stays CONN_OFF after the first failure. Starts connecting at once. */
struct conn	*conn_new(struct loop *, const char *host, const char *port,
		    int retry, const struct conn_cb *, void *arg);
/* Close and free. */
void		 conn_free(struct conn *);
/* Queue line plus "\n"; 0, or -1 when not connected. */
int		 conn_send(struct conn *, const char *line);
/* Write what the socket takes now; the bytes still queued. */
size_t		 conn_flush(struct conn *);
/* Bytes queued and not yet written. */
size_t		 conn_queued(const struct conn *);
/* The server accepted us: the next loss starts backoff from the top. */
void		 conn_online(struct conn *);
/* Close now (no reconnect); the state becomes CONN_OFF. */
void		 conn_close(struct conn *);
/* The state. */
enum conn_state	 conn_state(const struct conn *);
/* Milliseconds until the next try while CONN_WAIT, else 0. */
int64_t		 conn_retry_ms(const struct conn *);
/* The delay before try number attempt (0-based): 1, 2, 4 ... 30 s. */
int64_t		 conn_backoff_ms(int attempt);

#endif
