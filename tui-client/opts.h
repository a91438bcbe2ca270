/* The command line, parsed: what tcpchat was asked to do. */
#ifndef OPTS_H
#define OPTS_H

#include <stddef.h>

struct opts {
	const char	*host;
	const char	*port;
	const char	*nick;	/* NULL: ask */
	const char	*room;	/* NULL: the server's default */
	int		 color;
	int		 plain;	/* --plain (the terminal decides too) */
	size_t		 scrollback;
};

/* The full-screen client; returns the exit status. */
int	tui_run(const struct opts *);
/* The line client for scripts; returns the exit status. */
int	plain_run(const struct opts *);

#endif
