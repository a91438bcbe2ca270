/* Rooms: membership as dense arrays, history, and the fan-out of events.
 * A room holds its members in one array; each member holds, in its
 * client_in slots, the rooms it is in and its index in each array. */
#ifndef ROOM_H
#define ROOM_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "hist.h"

struct client;

struct room {
	char		 *name;
	char		 *key;		/* folded name */
	struct client	**members;
	uint32_t	  n, cap;
	struct history	  hist;
	struct chunk	 *replay[2];	/* hist formatted, text and structured:
					 * made on a join, dropped on change */
};

/* cluster (mesh.c): while set, room_send() and room_rename() send and log
 * nothing (the event comes back from Redis to be shown in the room's
 * order). */
extern int	 room_mute;
/* cluster (mesh.c): how room_enter() lists the room to a structured
 * joiner (NULL: room_who(), the people here only). */
extern void	(*room_who_fn)(struct client *, struct room *);

/* The room called name (checked with the name rules; a leading '#' is
 * dropped), made if create and fewer than ROOMS_MAX exist. NULL with a
 * reason in *why. */
struct room	*room_find(const char *name, size_t n, int create,
		    const char **why);
/* Put c in r: its history replay, USERS, and the join notice to the
 * others. moved: c came from another room with /join. */
void		 room_enter(struct room *, struct client *, int moved);
/* Whether c is in r. */
int		 room_has(struct client *, const struct room *r);
/* Take c out of r (if in it) with a reason; the others get the leave
 * notice, and so does c if it speaks protocol 2 and stays. */
void		 room_part(struct room *r, struct client *, const char *reason);
/* room_part() of c's current room, if any. */
void		 room_leave(struct client *, const char *reason);
/* room_part() of every room c is in. */
void		 room_leave_all(struct client *, const char *reason);
/* c says text (EV_MSG or EV_ME) in r: kept, logged, sent to the room. */
void		 room_say_in(struct room *r, struct client *, enum ev_kind,
		    const char *text, size_t len);
/* room_say_in() c's current room (which must not be NULL). */
void		 room_say(struct client *, enum ev_kind, const char *text,
		    size_t len);
/* c is now known as nick (key: its folded form); c and everyone in its
 * rooms is told once. */
void		 room_rename(struct client *, const char *nick,
		    const char *key);
/* Log e (a NICK) and send it once to c and to everyone sharing one of
 * its rooms. */
void		 room_tell_rename(struct client *, struct ev *);
/* Send e to every member but skip_text (text presentation) and
 * skip_struct (structured); logs MSG, ME, JOIN, PART and NICK first. */
void		 room_send(struct room *, struct ev *, struct client *skip_text,
		    struct client *skip_struct);
/* Send c the members of r (USERS, or a text line). */
void		 room_who(struct client *, struct room *r);
/* Send c every room and its size (ROOMS, or a text line). */
void		 room_list(struct client *);
/* The history pool took h's oldest entry (h is a room's hist): its
 * replay is stale, and the room goes if nothing is left in it. */
void		 room_evicted(struct history *h);
/* Keep a message read back from the log. */
void		 room_restore(const char *room, int64_t ts, enum hist_kind,
		    const char *nick, const char *text, size_t len);

#endif
