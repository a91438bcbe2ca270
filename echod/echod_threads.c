/* The threads model: the main thread accepts on its loop and queues each
 * connection; a fixed pool of workers takes them one at a time and serves
 * each to its end. A client beyond the pool and the queue is refused. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "echod.h"
#include "echod_args.h"
#include "echod_queue.h"
#include "echod_serve.h"
#include "echod_srv.h"
#include "echod_stats.h"
#include "echod_threads.h"
#include "efun.h"
#include "log.h"
#include "loop.h"

struct echod_pool {
	struct echod_srv	*srv;
	struct echod_queue	 queue;
	pthread_t		*tids;
	int			 nthreads;
	int			 stop[2];	/* written once: shut down */
};

/*
 * Shared between threads: the queue (its own mutex), the counters
 * (atomics) and the stop pipe (the kernel orders it).  The configuration
 * is written before the first pthread_create() and only read after.
 */
static void *
echod_threads_worker(void *arg)
{
	struct echod_pool *pool = arg;
	int fd;

	while ((fd = echod_queue_pop(&pool->queue)) != -1) {
		echod_serve(fd, pool->stop[0], pool->srv->conf,
		    pool->srv->stats);
		echod_stats_disconnect(pool->srv->stats);
	}
	return NULL;
}

/*
 * Admission counts clients, not queue slots: a burst of accepts can fill
 * the ring before idle workers wake to pop, so the ring holds workers +
 * queue entries and the admitted count (served + waiting, which workers
 * lower as they finish) is what keeps it from overflowing.
 */
static void
echod_threads_on_client(struct echod_srv *srv, int fd, const char *addr)
{
	struct echod_pool *pool = srv->model;
	struct echod_counts c;
	uint64_t limit = (uint64_t)pool->nthreads * 2;

	if (limit > (uint64_t)srv->conf->max_clients)
		limit = (uint64_t)srv->conf->max_clients;
	echod_stats_read(srv->stats, &c);
	if (c.now >= limit) {
		log_verbose("%s: refused, %llu clients (%d workers)", addr,
		    (unsigned long long)c.now, pool->nthreads);
		echod_srv_refuse(srv, fd);
		return;
	}
	/* Counted before the push: a worker may finish it (and count it
	 * gone) before push returns. */
	echod_stats_connect(srv->stats);
	if (echod_queue_push(&pool->queue, fd) == -1) {
		log_error("%s: queue: %s", addr, strerror(errno));
		echod_stats_unconnect(srv->stats);
		echod_srv_refuse(srv, fd);
		return;
	}
	log_verbose("fd %d: %s queued", fd, addr);
}

static void
echod_threads_on_stop(struct loop *loop, int signo, void *arg)
{
	(void)arg;
	log_verbose("signal %d: exiting", signo);
	loop_stop(loop);
}

/* Start the workers with every signal blocked, so signals go to the main
 * thread's loop; the number started. */
static int
echod_threads_start(struct echod_pool *pool)
{
	pthread_attr_t attr;
	sigset_t all, old;
	int e = 0, i;

	pool->tids = ecalloc((size_t)pool->nthreads, sizeof(*pool->tids));
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, ECHOD_THREAD_STACK);
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (i = 0; i < pool->nthreads; i++)
		if ((e = pthread_create(&pool->tids[i], &attr,
		    echod_threads_worker, pool)) != 0)
			break;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	if (i < pool->nthreads)
		log_error("started %d of %d threads: %s", i, pool->nthreads,
		    strerror(e));
	return i;
}

/* Stop: no more pushes, idle workers wake to a closed queue, busy ones
 * to the stop pipe; join them all, then close what was still queued. */
static void
echod_threads_stop(struct echod_pool *pool, int started)
{
	ssize_t w;
	int fd, i;

	echod_queue_close(&pool->queue);
	w = write(pool->stop[1], "x", 1);
	(void)w;
	for (i = 0; i < started; i++)
		pthread_join(pool->tids[i], NULL);
	while ((fd = echod_queue_take(&pool->queue)) != -1) {
		close(fd);
		echod_stats_disconnect(pool->srv->stats);
	}
}

int
echod_threads_run(struct echod_srv *srv)
{
	struct echod_pool pool;
	int rc = -1, started;

	memset(&pool, 0, sizeof(pool));
	pool.srv = srv;
	pool.nthreads = srv->conf->threads;
	/* As many clients may wait as there are workers; the ring has room
	 * for all of them at once (see echod_threads_on_client()). */
	if (echod_queue_init(&pool.queue, (size_t)pool.nthreads * 2) == -1)
		return -1;
	if (pipe2(pool.stop, O_CLOEXEC | O_NONBLOCK) == -1) {
		echod_queue_free(&pool.queue);
		return -1;
	}
	srv->model = &pool;
	srv->on_client = echod_threads_on_client;
	loop_signal(srv->loop, SIGTERM, echod_threads_on_stop, srv);
	loop_signal(srv->loop, SIGINT, echod_threads_on_stop, srv);
	if ((started = echod_threads_start(&pool)) > 0) {
		pool.nthreads = started;
		rc = loop_run(srv->loop);
	} else
		errno = EAGAIN;
	echod_srv_unlisten(srv);
	echod_threads_stop(&pool, started);
	echod_queue_free(&pool.queue);
	close(pool.stop[0]);
	close(pool.stop[1]);
	free(pool.tids);
	return rc;
}
