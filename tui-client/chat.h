/* The chat itself: server events into lines and state, typed lines into
 * commands; knows nothing of curses or sockets. */
#ifndef CHAT_H
#define CHAT_H

#include <stddef.h>
#include <stdint.h>

#include "dedup.h"
#include "people.h"
#include "sb.h"

/* What the chat needs from the program around it. */
struct chat_io {
	/* Send one line (no "\n") to the server; -1 when not connected. */
	int	(*send)(void *arg, const char *line);
	/* Show a line. */
	void	(*show)(void *arg, const struct sbline *);
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
	/* Extra /help lines (keys), or NULL. */
	const char *const *keys_help;
};

struct chat {
	const struct chat_io	*io;
	void			*arg;
	char			*me;	/* our accepted name, or NULL */
	char			*want_nick; /* name to take (again), or NULL */
	char			*room;	/* where we are, or NULL */
	char			*want_room; /* where to be, or NULL */
	char			*skip_room; /* leaving it: drop its replay */
	struct people		 people;
	struct dedup		 seen;
	int			 hello;	/* HELLO came on this connection */
	int			 welcomed; /* WELCOME came on this connection */
	int			 tried;	/* want_nick sent on this connection */
	int			 naming; /* asking the user for a name */
	int			 awaiting; /* a name sent, no answer yet */
	int			 ever;	/* welcomed before: this is a return */
	int			 quiet;	/* the next loss was asked for */
	char			*held;	/* a NOTICE not shown yet */
	int64_t			 held_ts;
	char			*bye;	/* why the server said BYE, or NULL */
};

/* A chat that will take nick (or ask, if NULL) and go to room (or stay
 * in the server's default, if NULL), remembering dedup messages. */
void	chat_init(struct chat *, const struct chat_io *, void *arg,
	    const char *nick, const char *room, size_t dedup);
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
/* One line the user typed. */
void	chat_input(struct chat *, const char *line);
/* Send text as a message even if it starts with '/' (pastes). */
void	chat_say(struct chat *, const char *text);
/* Show a notice from the client itself. */
void	chat_notice(struct chat *, int kind, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* Bytes of clean s that fit in cols columns, never half a character:
 * the precision for "%.*s". */
int	chat_cut(const char *s, int cols);
/* Whether text names nick as a word (ASCII case ignored). */
int	chat_mentions(const char *text, const char *nick);

#endif
