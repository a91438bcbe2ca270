/* tcpchatd nodes as one chat through Redis: room events in one order per
 * room, names unique across nodes, presence with node expiry, shared
 * history, and an outage buffer. The server calls in with what its people
 * do and is called back with events, never the other way round. */
#ifndef CLUSTER_H
#define CLUSTER_H

#include <stddef.h>
#include <stdint.h>

#include "clusterdecode.h"

#define CLUSTER_HEARTBEAT_MS	3000	/* refresh the node's key */
#define CLUSTER_EXPIRY_MS	10000	/* a node silent this long is lost */
#define CLUSTER_TIMEOUT_MS	5000	/* connect and PING deadline */
#define CLUSTER_BUFFER_MAX	10000	/* events held while Redis is away */
#define CLUSTER_BUFFER_BYTES	(8 << 20) /* ... and their bytes */
#define CLUSTER_FILL_BATCH	512	/* entries per XRANGE */

struct loop;
struct cluster;

/* What cluster_say() did with an event. */
enum cluster_sent {
	CLUSTER_SENT,		/* to Redis: it comes back through event()
				 * in the room's order; show it then */
	CLUSTER_HELD,		/* Redis is away: show it now; it is relayed
				 * later and does not come back */
	CLUSTER_DROPPED,	/* away and the buffer is full: show it now;
				 * never relayed (notice() said so) */
	CLUSTER_NOSUCH		/* cluster_priv(): no such nick elsewhere */
};

struct cluster_cb {
	/* A room event in the room's one order, said on any node; own: on
	 * this node, sent with CLUSTER_SENT. Remote presence is already
	 * updated when it is called. */
	void	(*event)(void *arg, const struct cluster_event *, int own);
	/* A private message (CLUSTER_PRIV) for a person on this node. */
	void	(*priv)(void *arg, const struct cluster_event *);
	/* A room's kept messages (MSG, ME), oldest first, before any live
	 * event of that room: at start, and for a room this node first
	 * hears of after an outage (nobody here is in it). */
	void	(*history)(void *arg, const char *room,
		    const struct cluster_event *, size_t n);
	/* The answer to cluster_claim(): ok 1 when the name is this node's
	 * (provisionally while Redis is away), 0 when another node has it. */
	void	(*claimed)(void *arg, uint64_t cookie, const char *nick,
		    int ok);
	/* A local person's name went to someone on another node while this
	 * node was cut off: they must go (or rename). */
	void	(*lost)(void *arg, const char *nick);
	/* Redis lost its data: the shared history is gone. Tell every local
	 * person once ("history was reset"); drop kept history if wanted.
	 * What was said since comes through event() as usual. */
	void	(*reset)(void *arg);
	/* A line to tell every local person once (held messages dropped). */
	void	(*notice)(void *arg, const char *text);
	/* Redis refused the credentials or database, or a live node holds
	 * this node's name: a configuration error (exit 78). */
	void	(*fatal)(void *arg, const char *why);
	void	*arg;
};

struct cluster_config {
	const char	*url;		/* redis://... or unix:/path */
	const char	*node;		/* unique node name */
	size_t		 history;	/* entries kept per room */
	size_t		 history_bytes;	/* bytes kept per room */
	int		 heartbeat_ms;	/* 0: CLUSTER_HEARTBEAT_MS */
	int		 expiry_ms;	/* 0: CLUSTER_EXPIRY_MS */
	int		 timeout_ms;	/* 0: CLUSTER_TIMEOUT_MS */
	size_t		 buffer_max;	/* 0: CLUSTER_BUFFER_MAX */
	size_t		 buffer_bytes;	/* 0: CLUSTER_BUFFER_BYTES */
};

/* Check cfg (URL, node name) and start connecting; NULL with a reason in
 * err for a bad URL or node name (a configuration error). Unreachable
 * Redis is not an error: it is retried with backoff and logged. */
struct cluster	*cluster_start(struct loop *, const struct cluster_config *,
		    const struct cluster_cb *, char *err, size_t errlen);
/* At shutdown, before the last loop passes: this node's people leave
 * ("server shutting down") and its names and key are freed at once, not
 * after the expiry. Best effort; nothing is answered. */
void		 cluster_leave(struct cluster *);
/* Close the connections and free everything (pending callbacks are
 * dropped, never called). Not from inside one of its callbacks. */
void		 cluster_stop(struct cluster *);

/* Ask whether nick may be this node's; claimed(cookie) answers, always
 * later from the loop, never from inside this call. */
void		 cluster_claim(struct cluster *, const char *nick,
		    uint64_t cookie);
/* nick is free again (its person quit, or never joined, or renamed:
 * cluster_say(NICK) releases the old name itself). */
void		 cluster_release(struct cluster *, const char *nick);
/* A room event by a local person: MSG and ME (text), JOIN, PART (arg:
 * the reason), NICK (nick: old, arg: new, whose claim succeeded). JOIN
 * adds room to nick's rooms for presence, PART takes it away; NICK is
 * said once, in any one of the rooms, and renames in all of them (other
 * nodes tell everyone sharing a room with the person once). */
enum cluster_sent cluster_say(struct cluster *, enum cluster_kind,
		    const char *room, const char *nick, const char *arg,
		    const char *text, size_t textlen, int64_t ts);
/* A private message to a person on another node; CLUSTER_NOSUCH when no
 * other node has that nick. */
enum cluster_sent cluster_priv(struct cluster *, const char *from,
		    const char *to, const char *text, size_t textlen,
		    int64_t ts);

/* Whether the node is in step with Redis (synced, nothing held). */
int		 cluster_ready(const struct cluster *);
/* This node's name. */
const char	*cluster_node(const struct cluster *);
/* People on other nodes in room (NULL: every person once). */
size_t		 cluster_count(const struct cluster *, const char *room);
/* Call fn for each person on another node in room (NULL: for each room
 * of each person). */
void		 cluster_each(const struct cluster *, const char *room,
		    void (*fn)(void *arg, const char *nick, const char *room,
		    const char *node), void *arg);
/* Whether nick is on another node and in room there. */
int		 cluster_in(const struct cluster *, const char *nick,
		    const char *room);
/* The node that has nick, if another one does; else NULL. */
const char	*cluster_where(const struct cluster *, const char *nick);

#endif
