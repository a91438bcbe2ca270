/* One control connection: reading commands, replies out, timeouts. */
#ifndef FTPSESS_H
#define FTPSESS_H

#include <sys/types.h>
#include <sys/socket.h>
#include <stdint.h>

#include "ftpdata.h"
#include "ftppath.h"
#include "net.h"
#include "tcpftpd.h"

struct addrlim;
struct addrlim_conn;
struct ftpsess;
struct loop;
struct timer;

/* What every session shares: the server's settings. */
struct ftpconf {
	struct loop	*loop;
	int		 root;		/* the shared folder */
	int64_t		 idle_ns;	/* --idle-timeout */
	int64_t		 data_ns;	/* --data-timeout */
	int		 pasv_lo;	/* --passive-ports, 0 0: any */
	int		 pasv_hi;
	struct addrlim	*lim;		/* per address; settled at login */
	/* A session closed (called once, before it is freed). */
	void		(*gone)(void *arg, struct ftpsess *);
	void		*gone_arg;
};

struct ftpsess {
	struct ftpconf	*conf;
	int		 fd;
	struct sockaddr_storage peer, local;
	socklen_t	 peerlen, locallen;
	char		 addr[NET_ADDRSTRLEN]; /* the peer, for logs */
	char		 in[TCPFTPD_LINE_MAX + 1];
	size_t		 inlen;
	int		 discarding;	/* inside an over-long line */
	int		 held;		/* a command waits */
	char		*out;		/* replies not yet written */
	size_t		 outlen, outoff, outcap;
	int		 overflow;	/* replies hit the bound */
	int		 events;	/* what the loop watches on fd */
	int		 user;		/* USER was given */
	int		 logged_in;
	int		 epsv_all;
	int		 quitting;	/* close when replies are out */
	int		 closing;
	char		 cwd[FTPPATH_MAX];
	off_t		 rest;
	int64_t		 last_io;	/* ns of the last command */
	struct timer	*timer;
	int64_t		 timer_at;
	struct ftpdata	 data;
	struct addrlim_conn *al;	/* its count in conf->lim */
	struct ftpsess	*prev, *next;	/* the server's list */
};

/* A session for the accepted fd, watched by the loop; NULL (fd closed)
 * if the loop cannot watch it. */
struct ftpsess	*ftpsess_new(struct ftpconf *, int fd,
		    const struct sockaddr *peer, socklen_t);
/* Undo ftpsess_new() before ftpsess_start(): unwatched and freed, the
 * fd left open for the caller (a refusal). */
void		 ftpsess_discard(struct ftpsess *);
/* Send the greeting (the session may close doing so: conf->gone). */
void		 ftpsess_start(struct ftpsess *);
/* Close the connection now, logging why; the memory is freed by the
 * loop's deferred work at the end of the pass. */
void		 ftpsess_close(struct ftpsess *, const char *why);
/* Send "421 text" as far as the socket takes it at once, then close,
 * logging why. */
void		 ftpsess_bye(struct ftpsess *, const char *text,
		    const char *why);

#endif
