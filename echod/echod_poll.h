/* The poll model: every client on the one loop, delays as timers. */
#ifndef ECHOD_POLL_H
#define ECHOD_POLL_H

struct echod_srv;

/* Serve until SIGTERM or SIGINT; 0, or -1 with errno if the loop fails. */
int	echod_poll_run(struct echod_srv *);

#endif
