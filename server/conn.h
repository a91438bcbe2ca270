/* A connection's input side: taking it on, reading it, and freeing it
 * once it has closed. Its lines go to line.c; its output is client.c. */
#ifndef CONN_H
#define CONN_H

#include <sys/socket.h>

/* Take over an accepted socket: banner, name timer, reading. */
void	conn_accept(int fd, const struct sockaddr *, socklen_t);
/* Free the connections closed since the last call: each leaves its room
 * (the others are told), gets one last flush unless kicked, and goes. */
void	conn_reap(void);

#endif
