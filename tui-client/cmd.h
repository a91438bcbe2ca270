/* The client's commands: one sorted table, local and server ones. */
#ifndef CMD_H
#define CMD_H

#include <stddef.h>

struct chat;
struct cmd;

/* Run a command; args are the words after its name, trimmed. */
typedef void	cmd_fn(struct chat *, const struct cmd *, const char *args);

struct cmd {
	const char	*name;	/* without the '/' */
	int		 min;	/* words of arguments at least */
	int		 max;	/* at most; -1: the last one is free text */
	cmd_fn		*fn;
	const char	*usage;	/* "/msg NICK TEXT" */
	const char	*help;	/* what it does, one line */
};

/* The command called name[0..len) (exact), or NULL. */
const struct cmd *cmd_find(const char *name, size_t len);
/* The table: *n entries, sorted by name. */
const struct cmd *cmd_table(size_t *n);
/* Whether args fit the command's arity. */
int	cmd_arity_ok(const struct cmd *, const char *args);

/* Handlers, in chat.c. */
cmd_fn	cmd_clear;
cmd_fn	cmd_help;
cmd_fn	cmd_quit;
cmd_fn	cmd_server;

#endif
