/* The connection to the server: non-blocking connect over every address,
 * line framing, an output queue, reconnecting with backoff. */
#ifndef SESSION_H
#define SESSION_H

#include <stddef.h>
#include <stdint.h>

struct loop;
struct session;

enum session_state {
	SESSION_CONNECTING,	/* resolving or connecting */
	SESSION_UP,		/* connected */
	SESSION_WAIT,		/* waiting to reconnect */
	SESSION_OFF		/* given up, or closed on purpose */
};

struct session_cb {
	/* Connected: the place to say hello. */
	void	(*up)(void *arg);
	/* One line from the server, without "\n"; writable, NUL after. */
	void	(*line)(void *arg, char *line, size_t len);
	/* Lost, or could not connect, for why ("Connection refused"). */
	void	(*down)(void *arg, const char *why);
};

/* A connection to the first of n servers (hosts[i] port ports[i]) that
 * reconnects with backoff if retry, to the next server each time one
 * fails (round), else stays SESSION_OFF after the first failure. Starts
 * connecting at once. */
struct session	*session_new(struct loop *, const char *const *hosts,
		    const char *const *ports, size_t n, int retry,
		    const struct session_cb *, void *arg);
/* The server being tried or used: its host and its port. */
const char	*session_host(const struct session *);
const char	*session_port(const struct session *);
/* Close and free. */
void		 session_free(struct session *);
/* Queue line plus "\n"; 0, or -1 when not connected. */
int		 session_send(struct session *, const char *line);
/* Write what the socket takes now; the bytes still queued. */
size_t		 session_flush(struct session *);
/* Bytes queued and not yet written. */
size_t		 session_queued(const struct session *);
/* The server accepted us: if this lasts STABLE_MS, the next loss starts
 * the delays from the top again. */
void		 session_online(struct session *);
/* Give up on this connection for why, as if it were lost (so retry
 * with backoff if the session retries). */
void		 session_fail(struct session *, const char *why);
/* The server said goodbye (a clean shutdown): when this connection
 * ends, the delays start from the top again. */
void		 session_clean(struct session *);
/* Drop the connection (telling the owner, as a loss) and connect again
 * at once, the delays from the top. */
void		 session_restart(struct session *);
/* Close now (no reconnect); the state becomes SESSION_OFF. */
void		 session_close(struct session *);
/* The state. */
enum session_state	 session_state(const struct session *);
/* Milliseconds until the next try while SESSION_WAIT, else 0. */
int64_t		 session_retry_ms(const struct session *);
/* The delay before try number attempt (0-based): 1, 2, 4 ... 30 s. */
int64_t		 session_backoff_ms(int attempt);

#endif
