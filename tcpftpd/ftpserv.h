/* The server: listening sockets, accepting within limits, the sessions. */
#ifndef FTPSERV_H
#define FTPSERV_H

#include <sys/socket.h>
#include <stddef.h>

#include "ftpsess.h"
#include "tcpftpd.h"

struct ftpserv {
	struct ftpconf	 conf;
	int		 lfds[TCPFTPD_LISTEN_MAX];
	int		 nlfds;
	size_t		 max_clients;	/* --max-clients */
	size_t		 per_ip;	/* --max-per-ip */
	size_t		 nsess;
	struct ftpsess	*head;		/* open sessions */
};

/* Listen on host (NULL: every address) and port for srv, whose conf and
 * limits are set; the port bound, or -1 with a reason in err. */
int	ftpserv_listen(struct ftpserv *, const char *host, const char *port,
	    char *err, size_t errlen);
/* Open sessions from the same host as addr. XXX: moves to the shared
 * per-address limiter in common/ (issue 16) once that is on main. */
size_t	ftpserv_ip_count(const struct ftpserv *, const struct sockaddr *);
/* Close every session and listener (SIGTERM). */
void	ftpserv_shutdown(struct ftpserv *);

#endif
