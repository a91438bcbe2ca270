/* Arguments: strict NAME=HOST:PORT clock specifications. */
#ifndef ARGS_H
#define ARGS_H

#include <stddef.h>

#include "clockwall.h"

struct clockspec {
	char	name[CLOCKWALL_NAME_MAX + 1];
	char	host[CLOCKWALL_HOST_MAX];
	char	port[CLOCKWALL_PORT_MAX];
};

/* Parse "NAME=HOST:PORT" ("[::1]:8010" for IPv6): exactly one "=", a
 * printable name of at most CLOCKWALL_NAME_MAX bytes, a host, a port
 * 1..65535. 0, or -1 with a reason naming the bad part in err. */
int	args_parse_clock(const char *arg, struct clockspec *, char *err,
	    size_t errlen);
/* Parse --timeout: whole seconds 1..3600; the value or -1. */
int	args_parse_timeout(const char *s);

#endif
