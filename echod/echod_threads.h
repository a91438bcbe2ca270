/* The threads model: a fixed pool of workers fed by a bounded queue. */
#ifndef ECHOD_THREADS_H
#define ECHOD_THREADS_H

struct echod_srv;

/* Start the pool, serve until SIGTERM or SIGINT, then stop and join every
 * worker; 0, or -1 with errno (the loop failed, or not one worker could
 * be started). */
int	echod_threads_run(struct echod_srv *);

#endif
