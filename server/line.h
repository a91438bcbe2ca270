/* Line handling: each input line of a connection, cleaned, is a /hello,
 * a name, a command or something said to the room. */
#ifndef LINE_H
#define LINE_H

#include <stddef.h>

/* A framer line callback (arg: the client): handle one line; -1 once the
 * client is closing (stop feeding it). */
int	line_input(void *arg, char *line, size_t len);
/* A framer callback for a line over --max-line: answered, then skipped. */
int	line_toolong(void *arg);

#endif
