/* The data connection: passive listener or active connect, transfers. */
#ifndef FTPDATA_H
#define FTPDATA_H

#include <sys/types.h>
#include <sys/socket.h>
#include <stdint.h>

#include "ftplist.h"

struct loop;

/* A transfer ended: code 226 (done), 425 (no connection), 426 (broken
 * or aborted) or 451 (a local error), with text for the reply. */
typedef void	ftpdata_done_fn(void *arg, int code, const char *text);

struct ftpdata {
	struct loop	*loop;
	ftpdata_done_fn	*done;
	void		*arg;
	struct sockaddr_storage peer;	/* the control connection's peer */
	socklen_t	 peerlen;
	int		 lfd;		/* passive listener, or -1 */
	int		 fd;		/* data connection, or -1 */
	int		 connecting;	/* fd: active connect going */
	struct sockaddr_storage port;	/* PORT/EPRT target */
	socklen_t	 portlen;	/* 0: none */
	struct sockaddr_storage local;	/* the address to connect from */
	socklen_t	 locallen;
	int		 busy;		/* a transfer was started */
	int		 file;		/* RETR: the file, or -1 */
	off_t		 off, end;	/* RETR: next byte, end */
	struct ftplist	 list;		/* a folder being listed */
	char		*buf;		/* listing bytes */
	size_t		 buflen, bufoff;
	uint64_t	 sent;		/* bytes of this transfer */
	int64_t		 last_io;	/* ns of the last progress */
	int		 outq;		/* unsent in the kernel then, -1 */
};

/* An idle data channel for a control connection with peer. */
void	ftpdata_init(struct ftpdata *, struct loop *, ftpdata_done_fn *,
	    void *arg, const struct sockaddr *peer, socklen_t);
/* Listen for the client on local (its port ignored), on a port in lo..hi
 * (0, 0: any); the port, or -1 with errno. Drops any earlier channel. */
int	ftpdata_passive(struct ftpdata *, const struct sockaddr *local,
	    socklen_t, int lo, int hi);
/* Connect to addr when a transfer starts (PORT/EPRT; the caller has
 * checked the address). Drops any earlier channel. */
void	ftpdata_active(struct ftpdata *, const struct sockaddr *addr,
	    socklen_t, const struct sockaddr *local, socklen_t);
/* Whether PASV, EPSV, PORT or EPRT prepared a channel. */
int	ftpdata_ready(const struct ftpdata *);
/* Send file fd (taken over) from off to end; 0, or -1 with errno if the
 * active connect could not start (fd is closed). done() follows. */
int	ftpdata_send_file(struct ftpdata *, int fd, off_t off, off_t end);
/* Send a listing: the folder in l (taken over), and/or the bytes of
 * text (copied; n <= TCPFTPD_LIST_CHUNK); 0 or -1 as above. */
int	ftpdata_send_list(struct ftpdata *, struct ftplist *l,
	    const char *text, size_t n);
/* Stop what is going on; 1 if a transfer was cut (done() is not
 * called), else 0. */
int	ftpdata_abort(struct ftpdata *);
/* Whether a transfer whose socket is full still moves: the kernel's
 * queue of unsent bytes shrank since our last write or this call (then
 * that counts as progress now). A slow reader behind megabytes of
 * socket buffer is not stalled. */
int	ftpdata_moving(struct ftpdata *);
/* Whether the channel waits for or moves data (for timeouts). */
int	ftpdata_active_io(const struct ftpdata *);

#endif
