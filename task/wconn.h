/* A worker's input: taking the connection on, reading its lines and
 * acting on each. Its output is worker.c. */
#ifndef WCONN_H
#define WCONN_H

#include <sys/socket.h>

struct addrlim;
struct addrlim_conn;
struct loop;

/* Take over accepted fd from sa, admitted into lim as al (released when
 * it closes): queue the greeting, watch it, and hand it to the
 * dispatcher. */
void	wconn_accept(struct loop *, int fd, const struct sockaddr *,
	    socklen_t, struct addrlim *lim, struct addrlim_conn *al);
/* Send "BYE reason" to every worker and close each (shutdown). */
void	wconn_close_all(const char *reason);

#endif
