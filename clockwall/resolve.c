/* Name resolution off the loop: getaddrinfo() in a thread, answered by pipe. */

/*
 * getaddrinfo() may take seconds (a dead resolver, a slow search domain)
 * and has no non-blocking form in libc, so a name is looked up by a
 * detached thread.  The thread owns nothing but its request: it writes the
 * result into it and then the request's address into a pipe, whose read
 * end is in the loop.  Only the loop's thread ever reads the request after
 * that, frees it, or looks at its cancelled flag, so no locks are needed.
 */

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "resolve.h"
#include "efun.h"

struct resolve {
	char		*host;
	char		*port;
	resolve_fn	*cb;
	void		*arg;
	struct addrinfo	*ai;		/* set by the thread */
	int		 rc;		/* set by the thread */
	int		 err;		/* its errno, for EAI_SYSTEM */
	int		 cancelled;	/* loop thread only */
};

/* The answer pipe: created on first use, kept for the process. */
static int	resolve_pipe[2] = { -1, -1 };

static void
resolve_hints(struct addrinfo *hints, int flags)
{
	memset(hints, 0, sizeof(*hints));
	hints->ai_family = AF_UNSPEC;
	hints->ai_socktype = SOCK_STREAM;
	hints->ai_flags = AI_ADDRCONFIG | AI_NUMERICSERV | flags;
}

static void
resolve_free(struct resolve *req)
{
	if (req->ai != NULL)
		freeaddrinfo(req->ai);
	free(req->host);
	free(req->port);
	free(req);
}

/* Loop side: each pointer read is a finished request. */
static void
resolve_on_answer(struct loop *loop, int fd, int revents, void *arg)
{
	struct resolve *req[64];
	struct addrinfo *ai;
	ssize_t n;
	size_t i;

	(void)revents;
	(void)arg;
	if ((n = read(fd, req, sizeof(req))) <= 0)
		return;
	for (i = 0; i < (size_t)n / sizeof(req[0]); i++) {
		if (!req[i]->cancelled) {
			ai = req[i]->ai;
			req[i]->ai = NULL;
			errno = req[i]->err;	/* errno is per thread */
			req[i]->cb(loop, ai, req[i]->rc, req[i]->arg);
		}
		resolve_free(req[i]);
	}
}

/* Pointers are written whole (PIPE_BUF), the write end blocks, the read
 * end does not. */
static int
resolve_open(struct loop *loop)
{
	if (resolve_pipe[0] != -1)
		return 0;
	if (pipe2(resolve_pipe, O_CLOEXEC) == -1)
		return -1;
	if (fcntl(resolve_pipe[0], F_SETFL, O_NONBLOCK) == -1 ||
	    loop_add(loop, resolve_pipe[0], POLLIN, resolve_on_answer,
	    NULL) == -1) {
		/* Never used: the error reported is the one above. */
		(void)close(resolve_pipe[0]);
		(void)close(resolve_pipe[1]);
		resolve_pipe[0] = resolve_pipe[1] = -1;
		return -1;
	}
	return 0;
}

static void *
resolve_thread(void *arg)
{
	struct resolve *req = arg;
	struct addrinfo hints;
	ssize_t n;

	resolve_hints(&hints, 0);
	req->rc = getaddrinfo(req->host, req->port, &hints, &req->ai);
	req->err = errno;
	if (req->rc != 0)
		req->ai = NULL;
	do
		n = write(resolve_pipe[1], &req, sizeof(req));
	while (n == -1 && errno == EINTR);
	return NULL;
}

/* A detached thread with every signal blocked: the loop's handlers stay
 * with the loop's thread. */
static int
resolve_spawn(struct resolve *req)
{
	pthread_attr_t attr;
	pthread_t tid;
	sigset_t all, old;
	int rc;

	if ((rc = pthread_attr_init(&attr)) != 0)
		return rc;
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&tid, &attr, resolve_thread, req);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	return rc;
}

struct resolve *
resolve_start(struct loop *loop, const char *host, const char *port,
    resolve_fn *cb, void *arg)
{
	struct resolve *req;
	struct addrinfo hints, *ai;
	int rc;

	resolve_hints(&hints, AI_NUMERICHOST);
	if ((rc = getaddrinfo(host, port, &hints, &ai)) != EAI_NONAME) {
		cb(loop, rc == 0 ? ai : NULL, rc, arg);
		return NULL;
	}
	if (resolve_open(loop) == -1) {
		cb(loop, NULL, EAI_SYSTEM, arg);
		return NULL;
	}
	req = ecalloc(1, sizeof(*req));
	req->host = estrdup(host);
	req->port = estrdup(port);
	req->cb = cb;
	req->arg = arg;
	if ((rc = resolve_spawn(req)) != 0) {
		resolve_free(req);
		errno = rc;
		cb(loop, NULL, EAI_SYSTEM, arg);
		return NULL;
	}
	return req;
}

void
resolve_cancel(struct resolve *req)
{
	if (req != NULL)
		req->cancelled = 1;
}
