/* Parsing one line of the structured presentation into an event. */
#ifndef WIRE_H
#define WIRE_H

#include <stdint.h>

enum ev_type {
	EV_BYE,
	EV_ERR,
	EV_HELLO,
	EV_HIST,
	EV_HISTEND,
	EV_HISTME,
	EV_JOIN,
	EV_ME,
	EV_MSG,
	EV_NAME,
	EV_NICK,
	EV_NOTICE,
	EV_PART,
	EV_PRIV,
	EV_ROOMS,
	EV_USERS,
	EV_WELCOME
};

/* Fields point into the parsed line; absent ones are "" (list: none). */
struct event {
	enum ev_type	  type;
	int64_t		  ts;	/* Unix seconds, 0 when the event has none */
	const char	 *code;	/* ERR code, HELLO version */
	const char	 *room;
	const char	 *nick;	/* nick, PRIV sender, NICK old name */
	const char	 *nick2; /* PRIV recipient, NICK new name */
	const char	 *text;	/* message, reason, notice, server name */
	char		**list;	/* USERS names, ROOMS room:count items */
	int		  nlist;
};

/* Parse line (NUL-terminated, split in place) into ev; USERS and ROOMS
 * items go into items (max of them, the rest dropped). 0, or -1 for an
 * unknown event or one with missing or malformed fields. */
int	wire_parse(char *line, struct event *ev, char **items, int max);
/* The event's name on the wire ("MSG"). */
const char *wire_name(enum ev_type);

#endif
