/* Slash commands: one sorted table (name, arity, usage, handler). */
#ifndef CMD_H
#define CMD_H

#include <stddef.h>

struct client;

/* Handlers get the words after the command; the last holds the rest of
 * the line. */
typedef void	cmd_fn(struct client *, int argc, char **argv);

struct cmd {
	const char	*name;
	int		 minargs;
	int		 maxargs;
	int		 anytime;	/* allowed before a name is chosen */
	const char	*usage;
	const char	*help;
	cmd_fn		*fn;
	int		 v2;		/* protocol 2 only (else unknown) */
	const char	*help2;		/* its help in protocol 2, if other */
};

/* The table, sorted by name; its length in *n. */
const struct cmd	*cmd_table(size_t *n);
/* The command called name, or NULL. */
const struct cmd	*cmd_find(const char *name);
/* Run line (sanitised, NUL-terminated, starting with "/") for c; errors
 * (unknown, usage) go to c only. */
void			 cmd_run(struct client *, char *line, size_t n);

#endif
