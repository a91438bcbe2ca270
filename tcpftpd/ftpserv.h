/* The server: listening sockets, accepting within limits, the sessions. */
#ifndef FTPSERV_H
#define FTPSERV_H

#include <sys/socket.h>
#include <stddef.h>

#include "addrlim.h"
#include "ftpsess.h"
#include "tcpftpd.h"

struct ftpserv {
	struct ftpconf	 conf;
	int		 lfds[TCPFTPD_LISTEN_MAX];
	int		 nlfds;
	size_t		 max_clients;	/* --max-clients */
	size_t		 per_addr;	/* --max-per-addr */
	size_t		 max_pending;	/* --max-pending (0: no limit) */
	struct addrlim	 lim;		/* connections per address */
	size_t		 nsess;
	struct ftpsess	*head;		/* open sessions */
};

/* Listen on host (NULL: every address) and port for srv, whose conf and
 * limits are set (per_addr and max_pending 0: no limit); the port bound, or -1 with a reason in err. */
int	ftpserv_listen(struct ftpserv *, const char *host, const char *port,
	    char *err, size_t errlen);
/* Close every session and listener (SIGTERM), and free the limiter. */
void	ftpserv_shutdown(struct ftpserv *);

#endif
