/* The structured presentation's codec: TAB-separated fields per line. */
#ifndef PROTO_H
#define PROTO_H

#include <stddef.h>

#define PROTO_FIELDS_MAX	64

/* Split line (NUL-terminated, modified in place) at TABs into at most max
 * fields; the last field keeps any further TABs. Returns the count. */
int	proto_split(char *line, char **fields, int max);

#endif
