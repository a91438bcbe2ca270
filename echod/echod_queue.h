/* A bounded FIFO of accepted connections, from the accepting thread to
 * the workers: one mutex, one condition variable. */
#ifndef ECHOD_QUEUE_H
#define ECHOD_QUEUE_H

#include <pthread.h>
#include <stddef.h>

struct echod_queue {
	pthread_mutex_t	 mu;
	pthread_cond_t	 ready;		/* an fd was pushed, or closed */
	int		*ring;
	size_t		 head;		/* oldest fd */
	size_t		 count;
	size_t		 cap;
	int		 closed;
};

/* An empty queue holding up to cap fds (cap >= 1); 0, or -1 with errno. */
int	echod_queue_init(struct echod_queue *, size_t cap);
/* Free the queue (not the fds still in it: take them first). */
void	echod_queue_free(struct echod_queue *);
/* Append fd without waiting: 0, or -1 with errno EAGAIN (full) or EPIPE
 * (closed). */
int	echod_queue_push(struct echod_queue *, int fd);
/* The oldest fd, waiting while the queue is empty; -1 once it is closed
 * (fds still queued then are left for echod_queue_take()). */
int	echod_queue_pop(struct echod_queue *);
/* The oldest fd without waiting, or -1 when empty. */
int	echod_queue_take(struct echod_queue *);
/* Wake every waiting pop() and make pushes fail. */
void	echod_queue_close(struct echod_queue *);
/* fds queued now. */
size_t	echod_queue_count(struct echod_queue *);

#endif
