/* Windows: one per room and one per private conversation, each with its
 * own scrollback and view, and the activity the status line lists. */
#ifndef WINS_H
#define WINS_H

#include <stddef.h>
#include <stdint.h>

#include "sb.h"

enum win_kind {
	WIN_ROOM,		/* a room's messages, joins and leaves */
	WIN_QUERY		/* a private conversation with one nick */
};

enum win_activity {
	WIN_QUIET,		/* nothing new since last seen */
	WIN_NEW,		/* new messages: '*' */
	WIN_HOT			/* a mention or a private message: '!' */
};

/* What a window shows: its lines and where its view is scrolled to. */
struct win_view {
	struct sb	 sb;
	int		 scrolled;	/* 0: following the newest line */
	uint64_t	 anchor;	/* bottom line shown while scrolled */
	int		 skip;		/* its rows hidden below the view */
	int64_t		 day;		/* local day of the last line */
};

struct win {
	enum win_kind		 kind;
	char			*name;	/* room (no '#') or nick; NULL: none
					 * yet (the room before WELCOME) */
	enum win_activity	 activity;
	struct win_view		 view;
};

struct wins {
	struct win	**list;
	size_t		  n;
	size_t		  cap;
	size_t		  cur;		/* the window shown */
	size_t		  lines;	/* scrollback per window */
};

/* Windows keeping lines lines each, with one room window, unnamed. */
void	wins_init(struct wins *, size_t lines);
/* Free every window. */
void	wins_free(struct wins *);
/* The window shown. */
struct win *wins_current(const struct wins *);
/* The index of the kind window called name (any case), or -1. */
int	wins_find(const struct wins *, enum win_kind, const char *name);
/* The index of the kind window called name, made (last) if absent;
 * when WINDOWS_MAX are open, the first window stands in (a server that
 * sends private messages from ever new names opens no more). */
size_t	wins_open(struct wins *, enum win_kind, const char *name);
/* Close window i; -1 (nothing done) for the last room window. The
 * window shown moves to the one before when it was i. */
int	wins_close(struct wins *, size_t i);
/* Show window i (ignored when out of range); its activity is seen. */
void	wins_select(struct wins *, size_t i);
/* The next window after the one shown with a mention or private message,
 * else with new messages, round from the first; the one shown if none. */
size_t	wins_next_active(const struct wins *);
/* Something of level arrived in window i: remembered unless shown. */
void	wins_mark(struct wins *, size_t i, enum win_activity);
/* Window i is now called name (the room after a /join). */
void	wins_rename(struct wins *, size_t i, const char *name);
/* "[1:#general 2:#dev* 3:bob!]" into buf (names cut to 16 columns),
 * NUL-terminated; its length. */
size_t	wins_status(const struct wins *, char *buf, size_t len);

#endif
