/* The command line, parsed: what tcpchat was asked to do. */
#ifndef OPTS_H
#define OPTS_H

#include <stddef.h>

#include "tcpchat.h"

struct opts {
	const char	*host;	/* the first server */
	const char	*port;
	const char	*hosts[SERVERS_MAX]; /* every server, in order */
	const char	*ports[SERVERS_MAX];
	size_t		 nservers;
	const char	*nick;	/* NULL: ask */
	const char	*room;	/* NULL: the server's default */
	int		 color;
	int		 plain;	/* --plain (the terminal decides too) */
	size_t		 scrollback;
	const char	*config; /* the config file, or NULL */
	const char	*log_dir; /* --log-dir, or NULL: no logs */
	char *const	*rooms;	/* the config's further rooms (protocol 2) */
	size_t		 nrooms;
	char *const	*ignores; /* from the config */
	size_t		 nignores;
};

/* The full-screen client; returns the exit status. */
int	tui_run(const struct opts *);
/* The line client for scripts; returns the exit status. */
int	plain_run(const struct opts *);

#endif
