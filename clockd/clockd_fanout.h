/* Fan-out: clockd's clients, each handed every tick through a bounded queue. */
#ifndef CLOCKD_FANOUT_H
#define CLOCKD_FANOUT_H

#include <stddef.h>
#include <stdint.h>

struct addrlim;
struct addrlim_conn;
struct loop;
struct chunk;
struct fanout_client;

struct fanout {
	struct loop		 *loop;
	struct addrlim		 *lim;		/* released into, if set */
	struct chunk		 *now;		/* the current second */
	struct fanout_client	**byfd;		/* clients indexed by fd */
	size_t			  nbyfd;
	size_t			  count;	/* clients connected */
	uint64_t		  dropped;	/* for not reading */
};

/* No clients yet; they will be watched on loop. */
void	clockd_fanout_init(struct fanout *, struct loop *);
/* The line every client gets from now on (a new client at once). */
void	clockd_fanout_set(struct fanout *, const char *line, size_t len);
/* Take fd (connected, non-blocking) as a client and send it the current
 * line. A client whose queue passes CLOCKD_QUEUE_TICKS_MAX lines or
 * CLOCKD_QUEUE_BYTES_MAX bytes is dropped; so is one that hangs up. al
 * (or NULL) is its count in f->lim, released when it is dropped. */
void	clockd_fanout_add(struct fanout *, int fd, struct addrlim_conn *al);
/* Send the current line to every client, writing at once where the
 * socket takes it. */
void	clockd_fanout_tick(struct fanout *);
/* Close every client and free everything. */
void	clockd_fanout_free(struct fanout *);

#endif
