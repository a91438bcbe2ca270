/* The chat itself: server events into lines and state, typed lines into
 * commands; knows nothing of curses or sockets. */
#ifndef CHAT_H
#define CHAT_H

#include <stddef.h>
#include <stdint.h>

#include "dedup.h"
#include "people.h"
#include "sb.h"
#include "tcpchat.h"

/* Where a line shown belongs. */
enum chat_where {
	CHAT_HERE,		/* wherever the user is looking */
	CHAT_ROOM,		/* the room named */
	CHAT_QUERY		/* the private conversation with the nick */
};

/* Window operations the user (or, for rooms, the server) asks for. */
enum chat_winop {
	CHAT_WIN_QUERY,		/* open (or go to) a query with name */
	CHAT_WIN_CLOSE,		/* close the window shown */
	CHAT_WIN_GOTO,		/* go to window number name */
	CHAT_WIN_ROOM,		/* go to room name's window (joined) */
	CHAT_WIN_PART		/* close room name's window (left) */
};

/* A room we are in and its people. */
struct chat_in {
	char		*room;
	struct people	 people;
};

/* What the chat needs from the program around it. */
struct chat_io {
	/* Send one line (no "\n") to the server; -1 when not connected. */
	int	(*send)(void *arg, const char *line);
	/* Show a line where it belongs (name: the room or nick). */
	void	(*show)(void *arg, enum chat_where, const char *name,
		    const struct sbline *);
	/* Nick, room, people or connection state changed (HELLO came). */
	void	(*update)(void *arg);
	/* The server accepted our name: the connection is good. */
	void	(*online)(void *arg);
	/* Start (1) or stop (0) asking the user for a name. */
	void	(*ask_name)(void *arg, int asking);
	/* Someone named us. */
	void	(*bell)(void *arg);
	/* The user wants to leave. */
	void	(*quit)(void *arg);
	/* The user wants an empty message area. */
	void	(*clear)(void *arg);
	/* The user wants a new connection now, or NULL: cannot. */
	void	(*reconnect)(void *arg);
	/* Keep (on) or drop nick in the config file's ignore list: 0, or
	 * -1 with errno; NULL: no config file to write. */
	int	(*save_ignore)(void *arg, const char *nick, int on);
	/* The user asks for a window operation, or NULL: no windows. */
	void	(*window)(void *arg, enum chat_winop, const char *name);
	/* Extra /help lines (keys), or NULL. */
	const char *const *keys_help;
};

struct chat {
	const struct chat_io	*io;
	void			*arg;
	char			*me;	/* our accepted name, or NULL */
	char			*want_nick; /* name to take (again), or NULL */
	char			*room;	/* where we are (protocol 2: the room
					 * shown, where lines go), or NULL */
	char			*want_room; /* where to be (2: first), or NULL */
	struct people		 wanted; /* protocol 2: every room to be in */
	struct chat_in		 in[CHAT_ROOMS_MAX]; /* rooms we are in */
	size_t			 nin;
	char			*asked;	/* a room /join'ed: show it on JOIN */
	int			 v2;	/* the server speaks protocol 2 */
	int			 v1only; /* it knew no version 2: ask for 1 */
	int			 prejoin; /* /join sent before the name: its
					 * ERR (an older server) is dropped */
	char			*skip_room; /* leaving it: drop its replay */
	struct people		 rooms;	/* rooms heard of, for Tab */
	struct people		 ignored; /* whose messages are not shown */
	char			*recent[RECENT_MAX]; /* speakers, latest
						 * first, for Tab */
	size_t			 nrecent;
	struct dedup		 seen;
	int			 hello;	/* HELLO came on this connection */
	int			 welcomed; /* WELCOME came on this connection */
	int			 tried;	/* want_nick sent on this connection */
	int			 naming; /* asking the user for a name */
	int			 awaiting; /* a name sent, no answer yet */
	int			 ever;	/* welcomed before: this is a return */
	int			 quiet;	/* the next loss was asked for */
	int			 retake; /* drop this connection: our name is
					 * still held (the session we lost) */
	int			 retakes; /* such drops since the last welcome */
	int			 fold;	/* NOTICE, BYE and the loss: one line
					 * (else each shown, as a transcript) */
	char			*held;	/* a NOTICE not shown yet */
	int64_t			 held_ts;
	char			*bye;	/* why the server said BYE, or NULL */
	enum chat_where		 to;	/* where lines go now */
	const char		*to_name;
};

/* A chat that will take nick (or ask, if NULL) and go to room (or stay
 * in the server's default, if NULL), remembering dedup messages. */
void	chat_init(struct chat *, const struct chat_io *, void *arg,
	    const char *nick, const char *room, size_t dedup);
/* Protocol 2: be in room too (the config's further rooms). */
void	chat_want(struct chat *, const char *room);
/* Protocol 2: lines typed go to room now (the window shown). */
void	chat_focus(struct chat *, const char *room);
/* The people of room (empty if we are not in it). */
const struct people *chat_people(const struct chat *, const char *room);
/* Whether we are in room. */
int	chat_in_room(const struct chat *, const char *room);
/* Free everything the chat holds. */
void	chat_free(struct chat *);
/* Show a server notice held back (to see if BYE follows and says the
 * same): once per loop pass, after the reads. */
void	chat_flush(struct chat *);
/* A connection is up: say hello. */
void	chat_connected(struct chat *);
/* The connection is gone, for why. */
void	chat_disconnected(struct chat *, const char *why);
/* One line from the server (without "\n"; untrusted; modified). */
void	chat_server_line(struct chat *, char *line, size_t len);
/* Send one line formatted (never cut); -1 when not connected. */
int	chat_sendf(struct chat *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Send head + text, split at words into lines the server takes, with a
 * warning when it takes several. */
void	chat_send_split(struct chat *, const char *head, const char *text);
/* Take the name the user typed and ask the server for it. */
void	chat_name(struct chat *, const char *name);
/* Send text as a message even if it starts with '/' (pastes). */
void	chat_say(struct chat *, const char *text);
/* Send text to nick only (a line typed in a query window). */
void	chat_say_to(struct chat *, const char *nick, const char *text);
/* Show nothing nick says from now on (the config's ignore list). */
void	chat_ignore(struct chat *, const char *nick);
/* Show a notice from the client itself. */
void	chat_notice(struct chat *, int kind, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* Bytes of clean s that fit in cols columns, never half a character:
 * the precision for "%.*s". */
int	chat_cut(const char *s, int cols);
/* Whether text names nick as a word (ASCII case ignored). */
int	chat_mentions(const char *text, const char *nick);

#endif
