/* Arguments: strict NAME=HOST:PORT clock specifications. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "num.h"
#include "net.h"
#include "text.h"

#define ARGS_SHOW_MAX	200	/* bytes of an argument an error shows */

/* A name goes to the terminal as it is: valid UTF-8, nothing unsafe, no
 * spaces (the plain output separates clocks with them).  So must a host,
 * which log lines show. */
static int
args_word_ok(const char *s, size_t n, size_t max)
{
	uint32_t cp;
	int k;

	if (n == 0 || n > max)
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

/* The argument as an error message may show it: cleaned (no escape
 * sequence reaches the terminal) and cut. */
static const char *
args_show(const char *arg, char *buf, size_t len)
{
	size_t n = strlen(arg);

	if (n > ARGS_SHOW_MAX)
		n = ARGS_SHOW_MAX;
	n = text_clean(arg, n, buf);
	buf[n < len ? n : len - 1] = '\0';
	return buf;
}

int
args_parse_clock(const char *arg, struct clockspec *cs, char *err,
    size_t errlen)
{
	char shown[TEXT_CLEAN_MAX(ARGS_SHOW_MAX) + 1];
	const char *eq, *why;
	size_t n;

	memset(cs, 0, sizeof(*cs));
	args_show(arg, shown, sizeof(shown));
	if ((eq = strchr(arg, '=')) == NULL || strchr(eq + 1, '=') != NULL) {
		snprintf(err, errlen, "\"%s\": want NAME=HOST:PORT", shown);
		return -1;
	}
	n = eq - arg;
	if (!args_word_ok(arg, n, CLOCKWALL_NAME_MAX)) {
		snprintf(err, errlen, "\"%s\": name must be 1 to %d printable "
		    "bytes without spaces", shown, CLOCKWALL_NAME_MAX);
		return -1;
	}
	memcpy(cs->name, arg, n);
	if (net_splithostport(eq + 1, cs->host, sizeof(cs->host), cs->port,
	    sizeof(cs->port)) == -1 || cs->host[0] == '\0') {
		snprintf(err, errlen, "\"%s\": want HOST:PORT or [V6ADDR]:PORT "
		    "after \"=\"", shown);
		return -1;
	}
	if (!args_word_ok(cs->host, strlen(cs->host), sizeof(cs->host))) {
		snprintf(err, errlen, "\"%s\": host must be printable, without "
		    "spaces", shown);
		return -1;
	}
	if (eq[1] == '[' && strchr(cs->host, ':') == NULL) {
		snprintf(err, errlen, "\"%s\": brackets are for IPv6 "
		    "addresses", shown);
		return -1;
	}
	if (net_port(cs->port, 0, &why) == -1) {
		snprintf(err, errlen, "\"%s\": port: %s", shown, why);
		return -1;
	}
	return 0;
}

int
args_parse_timeout(const char *s)
{
	const char *why;
	long long v;

	if (num_parse(s, 1, CLOCKWALL_TIMEOUT_MAX, &v, &why) == -1)
		return -1;
	return (int)v;
}
