/* An LD_PRELOAD getaddrinfo() that is slow for names ending in ".slow". */

/*
 * Stands in for a dead or slow DNS server, which a test cannot have on
 * loopback: a lookup of NAME.slow that may use the network (no
 * AI_NUMERICHOST) sleeps SLOWDNS_MS milliseconds (default 4000), then
 * answers with 127.0.0.1.  Every other call goes to the real one.
 */

#define _GNU_SOURCE
#include <dlfcn.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef int	gai_fn(const char *, const char *, const struct addrinfo *,
		    struct addrinfo **);

int
getaddrinfo(const char *node, const char *service,
    const struct addrinfo *hints, struct addrinfo **res)
{
	static gai_fn *real;
	struct timespec ts;
	const char *ms;
	size_t n;
	long t;

	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "getaddrinfo");
	n = node != NULL ? strlen(node) : 0;
	if (n < 5 || strcmp(node + n - 5, ".slow") != 0 ||
	    (hints != NULL && (hints->ai_flags & AI_NUMERICHOST)))
		return real(node, service, hints, res);
	t = (ms = getenv("SLOWDNS_MS")) != NULL ? atol(ms) : 4000;
	ts.tv_sec = t / 1000;
	ts.tv_nsec = t % 1000 * 1000000;
	while (nanosleep(&ts, &ts) == -1)
		;
	return real("127.0.0.1", service, hints, res);
}
