/* What the three models share: the loop that accepts, the listeners, the
 * counters, refusals, and SIGUSR1; each model says what a client gets. */
#ifndef ECHOD_SRV_H
#define ECHOD_SRV_H

#include "echod.h"

struct loop;
struct echod_conf;
struct echod_stats;
struct echod_srv;

/* An accepted connection (non-blocking, close-on-exec) from addr. */
typedef void	echod_client_fn(struct echod_srv *, int fd, const char *addr);

struct echod_srv {
	struct loop		*loop;
	const struct echod_conf	*conf;
	struct echod_stats	*stats;
	int			 lfds[ECHOD_LISTEN_MAX];
	int			 nlfds;
	echod_client_fn		*on_client;
	void			*model;		/* the model's own state */
};

/* Watch the listeners and SIGUSR1 on srv->loop; 0, or -1 with errno. */
int	echod_srv_start(struct echod_srv *);
/* Stop accepting: close the listeners (clients queued in the kernel's
 * backlog see a reset). */
void	echod_srv_unlisten(struct echod_srv *);
/* Tell fd there is no room, close it, count the refusal. */
void	echod_srv_refuse(struct echod_srv *, int fd);
/* Log the counters (on SIGUSR1 and at exit). */
void	echod_srv_report(struct echod_srv *, const char *when);

#endif
