/* Sockets: listening on IPv4 and IPv6, non-blocking connect, addresses. */
#ifndef NET_H
#define NET_H

#include <sys/types.h>
#include <sys/socket.h>
#include <netdb.h>
#include <stddef.h>

#define NET_ADDRSTRLEN	64	/* "[ffff:...:ffff%scope]:65535" fits */

/* Make fd non-blocking and close-on-exec; 0, or -1 with errno. */
int	 net_nonblock(int fd);
/* Listen on host (NULL or "" for every address, v4 and v6) and port
 * ("0": the kernel picks one). Puts up to max sockets in fds and the
 * port actually bound in *bound. Returns the number of sockets, or -1 with
 * a reason in err. Sockets are non-blocking, SO_REUSEADDR, IPV6_V6ONLY. */
int	 net_listen(const char *host, const char *port, int backlog,
	    int *fds, int max, int *bound, char *err, size_t errlen);
/* Accept one connection, non-blocking and close-on-exec; the fd, or -1
 * with errno (EAGAIN when there is none). */
int	 net_accept(int lfd, struct sockaddr_storage *, socklen_t *);
/* Start a non-blocking connect to ai; the fd (connected or in progress),
 * or -1 with errno. */
int	 net_connect(const struct addrinfo *ai);
/* After POLLOUT on a connecting fd: 0 if connected, else the errno. */
int	 net_connect_error(int fd);
/* "1.2.3.4:80" or "[::1]:80" into buf (NET_ADDRSTRLEN); returns buf. */
char	*net_addrstr(const struct sockaddr *, socklen_t, char *buf,
	    size_t len);
/* Split "host:port", "[v6]:port" or ":port" into host and port; 0, or
 * -1 when the shape is wrong or a part is too long. */
int	 net_splithostport(const char *s, char *host, size_t hostlen,
	    char *port, size_t portlen);
/* Parse a port 1..65535 (0 too if zero_ok); the port, or -1 with a
 * reason ("too large", "invalid") in *why. */
int	 net_port(const char *s, int zero_ok, const char **why);

#endif
