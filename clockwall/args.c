/* Arguments: strict NAME=HOST:PORT clock specifications. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "num.h"
#include "net.h"
#include "text.h"

/* A name goes to the terminal as it is: valid UTF-8, nothing unsafe, no
 * spaces (the plain output separates clocks with them). */
static int
args_name_ok(const char *s, size_t n)
{
	uint32_t cp;
	int k;

	if (n == 0 || n > CLOCKWALL_NAME_MAX)
		return 0;
	while (n > 0) {
		if ((k = utf8_decode(s, n, &cp)) < 0 || text_is_unsafe(cp) ||
		    cp == ' ' || cp == 0xA0 || cp == 0x3000)
			return 0;
		s += k;
		n -= k;
	}
	return 1;
}

int
args_parse_clock(const char *arg, struct clockspec *cs, char *err,
    size_t errlen)
{
	const char *eq, *why;
	size_t n;

	memset(cs, 0, sizeof(*cs));
	if ((eq = strchr(arg, '=')) == NULL || strchr(eq + 1, '=') != NULL) {
		snprintf(err, errlen, "\"%s\": want NAME=HOST:PORT", arg);
		return -1;
	}
	n = eq - arg;
	if (!args_name_ok(arg, n)) {
		snprintf(err, errlen, "\"%s\": name must be 1 to %d printable "
		    "bytes without spaces", arg, CLOCKWALL_NAME_MAX);
		return -1;
	}
	memcpy(cs->name, arg, n);
	if (net_splithostport(eq + 1, cs->host, sizeof(cs->host), cs->port,
	    sizeof(cs->port)) == -1 || cs->host[0] == '\0') {
		snprintf(err, errlen, "\"%s\": want HOST:PORT or [V6ADDR]:PORT "
		    "after \"=\"", arg);
		return -1;
	}
	if (net_port(cs->port, 0, &why) == -1) {
		snprintf(err, errlen, "\"%s\": port \"%s\": %s", arg, cs->port,
		    why);
		return -1;
	}
	return 0;
}

int
args_parse_timeout(const char *s)
{
	const char *why;
	long long v;

	if (num_parse(s, 1, 3600, &v, &why) == -1)
		return -1;
	return (int)v;
}
