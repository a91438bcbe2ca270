/* The client's commands: one sorted table, local and server ones. */
#ifndef COMMAND_H
#define COMMAND_H

#include <stddef.h>

struct chat;
struct command;

/* Run a command; args are the words after its name, trimmed. */
typedef void	command_fn(struct chat *, const struct command *,
		    const char *args);

struct command {
	const char	*name;	/* without the '/' */
	int		 min;	/* words of arguments at least */
	int		 max;	/* at most; -1: the last one is free text */
	command_fn		*fn;
	const char	*usage;	/* "/msg NICK TEXT" */
	const char	*help;	/* what it does, one line */
};

/* The command called name[0..len) (any ASCII case), or NULL. */
const struct command *command_find(const char *name, size_t len);
/* The table: *n entries, sorted by name. */
const struct command *command_table(size_t *n);
/* Whether args fit the command's arity. */
int	command_arity_ok(const struct command *, const char *args);

/* One line the user typed: a command, a name asked for, or a message. */
void	command_input(struct chat *, const char *line);

#endif
