/* Name resolution off the loop: getaddrinfo() in a thread, answered by pipe. */
#ifndef RESOLVE_H
#define RESOLVE_H

#include <netdb.h>

#include "loop.h"

struct resolve;

/* The answer: addresses to free with freeaddrinfo(), or NULL and a
 * getaddrinfo() error code. */
typedef void	resolve_fn(struct loop *, struct addrinfo *, int gai_error,
		    void *arg);

/*
 * Look up host and numeric port for a TCP connection.  A numeric address
 * is answered at once, before this returns (and NULL is returned); a name
 * is looked up by a detached thread that touches nothing but its request,
 * and cb runs later from the loop, exactly once unless cancelled.  Returns
 * the pending request, or NULL with cb already called (also when no thread
 * could be started: the error is then EAI_SYSTEM with errno set).  All
 * requests of a process must use the same loop.
 */
struct resolve	*resolve_start(struct loop *, const char *host,
		    const char *port, resolve_fn *cb, void *arg);
/* cb will not run for req; its thread ends on its own and the request is
 * freed when its answer arrives. */
void		 resolve_cancel(struct resolve *req);

#endif
