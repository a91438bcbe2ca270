/* Chat events, each formatted at most once per presentation into a chunk. */
#ifndef EVENT_H
#define EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "outq.h"

enum ev_kind {
	EV_MSG,		/* room nick text */
	EV_ME,		/* room nick text */
	EV_HIST,	/* room nick text: replay of a MSG */
	EV_HISTME,	/* room nick text: replay of a ME */
	EV_JOIN,	/* room nick */
	EV_PART,	/* room nick arg=reason */
	EV_NICK,	/* nick=old arg=new */
	EV_PRIV,	/* nick=from arg=to text */
	EV_NOTICE	/* text */
};

/* Fill the fields a kind uses; the chunks are made on first use. */
struct ev {
	enum ev_kind	 kind;
	int64_t		 ts;		/* Unix seconds */
	const char	*room;
	const char	*nick;
	const char	*arg;
	const char	*text;
	size_t		 textlen;
	struct chunk	*tc;		/* text presentation, or NULL */
	struct chunk	*sc;		/* structured presentation, or NULL */
};

/* The event as a text-presentation line ("...\n"), made once. */
struct chunk	*event_text(struct ev *);
/* The event as a structured line ("KIND\t...\n"), made once. */
struct chunk	*event_struct(struct ev *);
/* Drop the chunks made for the event. */
void		 event_release(struct ev *);
/* "YYYY-MM-DD HH:MM:SS" for ts in the local zone; the string stays valid
 * until the next call with another second. */
const char	*event_stamp(int64_t ts);

#endif
