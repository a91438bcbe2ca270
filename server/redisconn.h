/* One connection to Redis on the event loop: hiredis's asynchronous API
 * attached to common/loop.c, with our own connect timeout, PING deadline
 * and reconnection with backoff (hiredis 0.14 has no timeouts). */
#ifndef REDISCONN_H
#define REDISCONN_H

#include <hiredis/hiredis.h>
#include <hiredis/async.h>

#include "redisurl.h"

#define REDISCONN_TIMEOUT_MS	5000	/* connect + handshake, and a
					 * PING's answer */
#define REDISCONN_BACKOFF_MIN_MS 100	/* first retry */
#define REDISCONN_BACKOFF_MAX_MS 5000	/* retries settle at this */

struct loop;
struct redisconn;

/* Told when the connection is ready (handshake done: AUTH, SELECT). */
typedef void	redisconn_up_fn(struct redisconn *, void *arg);
/* Told once when a ready connection is lost (it is retried), or when a
 * connection attempt failed; up says whether it had been ready. */
typedef void	redisconn_down_fn(struct redisconn *, int up,
		    const char *why, void *arg);
/* Told when Redis refused the credentials or the database: retrying
 * cannot help (the caller decides whether to exit). */
typedef void	redisconn_fatal_fn(struct redisconn *, const char *why,
		    void *arg);

struct redisconn_cb {
	redisconn_up_fn		*up;
	redisconn_down_fn	*down;
	redisconn_fatal_fn	*fatal;
	void			*arg;
};

struct redisconn_opts {
	int	timeout_ms;	/* connect and PING deadline */
	int	ping_ms;	/* PING this often while up; 0: never (a
				 * subscribed connection) */
	int	backoff_min_ms, backoff_max_ms;
};

/* A connection to u named name (for logs), not yet connecting. */
struct redisconn *redisconn_new(struct loop *, const struct redisurl *u,
		    const char *name, const struct redisconn_opts *,
		    const struct redisconn_cb *);
/* Start connecting (now); later losses reconnect by themselves. */
void		 redisconn_start(struct redisconn *);
/* Whether the handshake is done and the connection not lost since. */
int		 redisconn_up(const struct redisconn *);
/* The hiredis context while up, else NULL: for commands with callbacks.
 * Each callback is called exactly once, with a NULL reply when the
 * connection is lost first. */
redisAsyncContext *redisconn_ctx(const struct redisconn *);
/* Send argv with fn(ctx, reply, priv) for its answer; 0, or -1 when not
 * up (fn is then never called). */
int		 redisconn_command(struct redisconn *, redisCallbackFn *fn,
		    void *priv, int argc, const char **argv,
		    const size_t *lens);
/* Drop the connection as if it was lost (for a deadline the caller keeps)
 * and reconnect with backoff. Not from inside a hiredis callback. */
void		 redisconn_drop(struct redisconn *, const char *why);
/* Close and free; pending callbacks get NULL replies first. */
void		 redisconn_free(struct redisconn *);

#endif
