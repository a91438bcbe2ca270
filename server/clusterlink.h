/* A cluster node's two connections to Redis: one for commands, with the
 * cluster's Lua script loaded on each connect, and one subscribed to every
 * room's channel and to this node's own, whose pushes it decodes. */
#ifndef CLUSTERLINK_H
#define CLUSTERLINK_H

#include <stdint.h>

#include <hiredis/async.h>

#include "clusterdecode.h"
#include "redisurl.h"

struct loop;
struct clusterlink;

struct clusterlink_cb {
	/* Commands can go, the script is loaded (after every connect). */
	void	(*cmd_up)(void *arg);
	/* The command connection was lost: what was sent is unanswered
	 * (its callbacks get NULL replies). */
	void	(*cmd_down)(void *arg);
	/* Both subscriptions are confirmed (after every connect). */
	void	(*sub_up)(void *arg);
	/* The subscribed connection was lost: pushes were missed. */
	void	(*sub_down)(void *arg);
	/* A room event pushed on roomkey's channel (its room folds to
	 * roomkey), with the epoch it names. Keep *ev (then zero it) or
	 * leave it: it is freed after. */
	void	(*push)(void *arg, const char *roomkey,
		    struct cluster_event *ev, const char *epoch);
	/* A private message for a person on this node. */
	void	(*priv)(void *arg, const struct cluster_event *ev);
	/* This node's heartbeat echo, with its count. */
	void	(*beat)(void *arg, uint64_t count);
	/* Redis refused the credentials or the database. */
	void	(*fatal)(void *arg, const char *why);
	void	*arg;
};

/* Both connections for node, connecting now; timeout_ms bounds connects
 * and PING answers, ping_ms is how often the command one is PINGed. */
struct clusterlink *clusterlink_new(struct loop *, const struct redisurl *,
		    const char *node, int timeout_ms, int ping_ms,
		    const struct clusterlink_cb *);
/* Close both; pending command callbacks get NULL replies first. */
void		 clusterlink_free(struct clusterlink *);
/* Whether commands can go now (connected, script loaded). */
int		 clusterlink_ready(const struct clusterlink *);
/* Whether both subscriptions are confirmed. */
int		 clusterlink_subscribed(const struct clusterlink *);
/* The script's SHA1 for EVALSHA ("" until first loaded). */
const char	*clusterlink_sha(const struct clusterlink *);
/* Monotonic ns when the command connection last came up. */
int64_t		 clusterlink_up_since(const struct clusterlink *);
/* Send argv on the command connection with fn(ctx, reply, priv); 0, or
 * -1 when it is down (fn is then never called). */
int		 clusterlink_command(struct clusterlink *, redisCallbackFn *fn,
		    void *priv, int argc, const char **argv,
		    const size_t *lens);
/* Load the script again ahead of what is sent next (SCRIPT FLUSH). */
void		 clusterlink_reload(struct clusterlink *);
/* Drop the subscribed connection (its echo stopped) to reconnect it. */
void		 clusterlink_drop_sub(struct clusterlink *, const char *why);
/* Drop the command connection (an answer made no sense). */
void		 clusterlink_drop_cmd(struct clusterlink *, const char *why);

#endif
