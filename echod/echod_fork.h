/* The fork model: the parent accepts, each client gets a child process. */
#ifndef ECHOD_FORK_H
#define ECHOD_FORK_H

struct echod_srv;

/* Serve until SIGTERM or SIGINT, then stop every child and wait for it;
 * 0, or -1 with errno if the loop fails. srv->stats must be shared
 * (echod_stats_shared()). */
int	echod_fork_run(struct echod_srv *);

#endif
