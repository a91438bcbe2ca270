/* What comes back from Redis for the cluster, decoded and checked: a
 * published room event, a stream entry, a message to this node, and the
 * state snapshot. Every byte is untrusted: names must pass names_check(),
 * text is cleaned by text_clean(), numbers are bounded. */
#ifndef CLUSTERDECODE_H
#define CLUSTERDECODE_H

#include <stddef.h>
#include <stdint.h>

#include <hiredis/hiredis.h>

#define CLUSTER_NODE_MAX	64	/* bytes of a node name */
#define CLUSTER_EPOCH_MAX	64	/* bytes of an epoch */
#define CLUSTER_REASON_MAX	256	/* bytes of a part reason */
#define CLUSTER_TEXT_MAX	(4 << 20) /* bytes of a message's text */
#define CLUSTER_SEQ_MAX		INT64_MAX

enum cluster_kind {
	CLUSTER_MSG,	/* room nick text */
	CLUSTER_ME,	/* room nick text */
	CLUSTER_JOIN,	/* room nick */
	CLUSTER_PART,	/* room nick arg=reason */
	CLUSTER_NICK,	/* room nick=old arg=new */
	CLUSTER_PRIV	/* nick=from arg=to text; no room, no seq */
};

/* One event; the strings point into buf, which the event owns. */
struct cluster_event {
	enum cluster_kind	 kind;
	uint64_t		 seq;		/* per room, from 1 */
	int64_t			 ts;		/* Unix seconds */
	uint64_t		 mid;		/* the origin node's own count */
	int			 shown;		/* origin showed it already */
	const char		*room;		/* "" for CLUSTER_PRIV */
	const char		*node;		/* origin */
	const char		*nick;
	const char		*arg;		/* "" when the kind has none */
	const char		*text;		/* cleaned UTF-8 */
	size_t			 textlen;
	char			*buf;
};

/* A heartbeat echo or a private message on this node's channel. */
enum cluster_note {
	CLUSTER_NOTE_BEAT,
	CLUSTER_NOTE_PRIV
};

/* The names of a kind ("msg", ...) and back; -1 for an unknown word. */
const char	*clusterdecode_kindname(enum cluster_kind);
int		 clusterdecode_kind(const char *s, size_t n);
/* Whether s is an acceptable node name: 1..CLUSTER_NODE_MAX bytes of
 * letters, digits and "-_.:[]" (host:port and [v6]:port fit). */
int		 clusterdecode_nodename(const char *s, size_t n);

/* A room event as published: "E\tepoch\tseq\tts\tnode\tmid\tshown\tkind\t
 * room\tnick\targ\ttext". Fills ev (free with clusterdecode_free) and the
 * epoch (CLUSTER_EPOCH_MAX + 1 bytes). 0, or -1 with *why; on -1, ev->seq
 * is still set when the sequence itself could be read (else 0), so the
 * caller can step over a bad event without asking for it again. */
int	clusterdecode_push(const char *s, size_t n, struct cluster_event *ev,
	    char *epoch, const char **why);
/* A stream entry [id, [field, value, ...]] of a room's log; room (the
 * key's, already checked) is used when the entry names none. Same
 * contract as clusterdecode_push. */
int	clusterdecode_entry(const redisReply *r, const char *room,
	    struct cluster_event *ev, const char **why);
/* A note on the node channel: "H\tcount" (a heartbeat echo; its count in
 * *beat) or "P\tts\tnode\tmid\tfrom\tto\ttext" (ev filled). The kind, or
 * -1 with *why. */
int	clusterdecode_note(const char *s, size_t n, struct cluster_event *ev,
	    uint64_t *beat, const char **why);
/* Free what an event owns (safe on a zeroed or failed one). */
void	clusterdecode_free(struct cluster_event *);

/* The state snapshot answered to "sync": epoch, whether this call made
 * it, the rooms with their last sequence, and the people of live nodes. */
struct cluster_sync_room {
	const char	*room;
	uint64_t	 seq;
};
struct cluster_sync_person {
	const char	*node, *roomkey, *room, *nick;
};
struct cluster_sync {
	char				 epoch[CLUSTER_EPOCH_MAX + 1];
	int				 created;
	int				 taken;	/* node name held elsewhere */
	struct cluster_sync_room	*rooms;
	size_t				 nrooms;
	struct cluster_sync_person	*people;
	size_t				 npeople;
	size_t				 nbad;	/* entries skipped */
};
/* Decode r: [epoch, created, taken, [roomkey, seq, ...], [node, nickkey,
 * "roomkey\troom\tnick", ...]]. Strings point into r (keep it until
 * done), but a person's roomkey, room and nick are copies. 0, or
 * -1 with *why; free with clusterdecode_sync_free. Bad rooms or people
 * are skipped and counted, not fatal. */
int	clusterdecode_sync(const redisReply *r, struct cluster_sync *,
	    const char **why);
void	clusterdecode_sync_free(struct cluster_sync *);

#endif
