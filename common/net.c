/* Sockets: listening on IPv4 and IPv6, non-blocking connect, addresses. */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net.h"
#include "num.h"

int
net_nonblock(int fd)
{
	int fl;

	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) == -1)
		return -1;
	return 0;
}

int
net_port(const char *s, int zero_ok, const char **why)
{
	long long v;

	if (num_parse(s, zero_ok ? 0 : 1, 65535, &v, why) == -1)
		return -1;
	return (int)v;
}

static int
net_bound_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		return -1;
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

/* One listening socket for ai; -1 with errno on failure. */
static int
net_listen_one(const struct addrinfo *ai, int backlog)
{
	int fd, on = 1, saved;

	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, ai->ai_protocol);
	if (fd == -1)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (ai->ai_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) == -1 ||
	    listen(fd, backlog) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

/* With port 0 every address must share the port the kernel gave the
 * first one, so later sockets bind to that number. */
static void
net_set_port(struct sockaddr *sa, int port)
{
	if (sa->sa_family == AF_INET6)
		((struct sockaddr_in6 *)sa)->sin6_port = htons(port);
	else
		((struct sockaddr_in *)sa)->sin_port = htons(port);
}

int
net_listen(const char *host, const char *port, int backlog, int *fds,
    int max, int *bound, char *err, size_t errlen)
{
	struct addrinfo hints, *res, *ai;
	int n = 0, fd, rc, lasterr = 0, got = 0;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if (host != NULL && *host == '\0')
		host = NULL;
	if ((rc = getaddrinfo(host, port, &hints, &res)) != 0) {
		snprintf(err, errlen, "%s: %s", host ? host : "*",
		    gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai != NULL && n < max; ai = ai->ai_next) {
		if (got != 0)
			net_set_port(ai->ai_addr, got);
		if ((fd = net_listen_one(ai, backlog)) == -1) {
			lasterr = errno;
			continue;
		}
		if (got == 0)
			got = net_bound_port(fd);
		fds[n++] = fd;
	}
	freeaddrinfo(res);
	if (n == 0) {
		snprintf(err, errlen, "%s port %s: %s", host ? host : "*",
		    port, strerror(lasterr ? lasterr : EADDRNOTAVAIL));
		errno = lasterr;
		return -1;
	}
	*bound = got;
	return n;
}

int
net_accept(int lfd, struct sockaddr_storage *ss, socklen_t *len)
{
	int fd;

	do {
		*len = sizeof(*ss);
		fd = accept4(lfd, (struct sockaddr *)ss, len,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
	} while (fd == -1 && errno == EINTR);
	return fd;
}

int
net_connect(const struct addrinfo *ai)
{
	int fd, saved;

	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, ai->ai_protocol);
	if (fd == -1)
		return -1;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == -1 &&
	    errno != EINPROGRESS && errno != EINTR) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

int
net_connect_error(int fd)
{
	int e = 0;
	socklen_t len = sizeof(e);

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) == -1)
		return errno;
	return e;
}

char *
net_addrstr(const struct sockaddr *sa, socklen_t salen, char *buf,
    size_t len)
{
	char host[NI_MAXHOST], serv[NI_MAXSERV];

	if (getnameinfo(sa, salen, host, sizeof(host), serv, sizeof(serv),
	    NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
		snprintf(buf, len, "?");
		return buf;
	}
	if (sa->sa_family == AF_INET6)
		snprintf(buf, len, "[%s]:%s", host, serv);
	else
		snprintf(buf, len, "%s:%s", host, serv);
	return buf;
}

static int
net_copy(char *dst, size_t dstlen, const char *src, size_t n)
{
	if (n >= dstlen)
		return -1;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return 0;
}

int
net_splithostport(const char *s, char *host, size_t hostlen, char *port,
    size_t portlen)
{
	const char *colon, *rb;

	if (*s == '[') {
		if ((rb = strchr(s, ']')) == NULL || rb[1] != ':' ||
		    rb == s + 1)
			return -1;
		if (net_copy(host, hostlen, s + 1, rb - s - 1) == -1)
			return -1;
		colon = rb + 1;
	} else {
		if ((colon = strrchr(s, ':')) == NULL ||
		    memchr(s, ':', colon - s) != NULL)
			return -1;	/* bare IPv6 needs brackets */
		if (net_copy(host, hostlen, s, colon - s) == -1)
			return -1;
	}
	if (colon[1] == '\0')
		return -1;
	return net_copy(port, portlen, colon + 1, strlen(colon + 1));
}
