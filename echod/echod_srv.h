/* What the three models share: the loop that accepts, the listeners, the
 * per-address limit, the counters, refusals, and SIGUSR1; each model says
 * what a client gets. */
#ifndef ECHOD_SRV_H
#define ECHOD_SRV_H

#include "addrlim.h"
#include "echod.h"

struct loop;
struct echod_conf;
struct echod_stats;
struct echod_srv;

/*
 * An accepted connection (non-blocking, close-on-exec) from addr, already
 * admitted by the per-address limit as al. 0: the model took fd and al,
 * and hands al to echod_srv_release() in the main thread once the client
 * is gone; -1: it refused the client (fd closed, al left to the caller).
 */
typedef int	echod_client_fn(struct echod_srv *, int fd, const char *addr,
		    struct addrlim_conn *al);

struct echod_srv {
	struct loop		*loop;
	const struct echod_conf	*conf;
	struct echod_stats	*stats;
	int			 lfds[ECHOD_LISTEN_MAX];
	int			 nlfds;
	echod_client_fn		*on_client;
	struct addrlim		 lim;		/* clients per address; only
						 * the main thread touches it */
	void			*model;		/* the model's own state */
};

/* Set up the per-address limit from srv->conf, then watch the listeners
 * and SIGUSR1 on srv->loop; 0, or -1 with errno. */
int	echod_srv_start(struct echod_srv *);
/* Stop accepting: close the listeners (clients queued in the kernel's
 * backlog see a reset). */
void	echod_srv_unlisten(struct echod_srv *);
/* Tell fd there is no room, close it, count the refusal. */
void	echod_srv_refuse(struct echod_srv *, int fd);
/* A client admitted as al is gone: its place is free (main thread only). */
void	echod_srv_release(struct echod_srv *, struct addrlim_conn *al);
/* Free the per-address limit (after the model stopped). */
void	echod_srv_free(struct echod_srv *);
/* Log the counters (on SIGUSR1 and at exit). */
void	echod_srv_report(struct echod_srv *, const char *when);

#endif
