/* The threads model: the main thread accepts on its loop and queues each
 * connection; a fixed pool of workers takes them one at a time and serves
 * each to its end, then hands the client's per-address place back to the
 * main thread. A client beyond the pool and the queue is refused. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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
	int			 done[2];	/* a byte: a place given back */
};

/*
 * Shared between threads: the queue and its done-list (their own mutex),
 * the counters (atomics), the stop and done pipes (the kernel orders
 * them).  The configuration is written before the first pthread_create()
 * and only read after.  srv->lim (addrlim is single-threaded) is the main
 * thread's alone: a worker carries its client's handle as the queue's
 * opaque tag and gives it back through the done-list, never touching it.
 */
static void *
echod_threads_worker(void *arg)
{
	struct echod_pool *pool = arg;
	struct timespec ts = { 0, 1000000 };
	void *al;
	ssize_t w;
	int fd;

	while ((fd = echod_queue_pop(&pool->queue, &al)) != -1) {
		echod_serve(fd, pool->stop[0], pool->srv->conf,
		    pool->srv->stats);
		/* Never full: the main thread counts a client until it
		 * reaps its place, and admits no more than the queue's
		 * capacity (see echod_threads_on_client()). */
		while (echod_queue_done(&pool->queue, al) == -1)
			nanosleep(&ts, NULL);
		/* A full pipe already holds a wakeup. */
		w = write(pool->done[1], "x", 1);
		(void)w;
	}
	return NULL;
}

/* Give back the places of the clients workers are done with: the client
 * is counted gone only now, so admitted clients (queued, served, or done
 * and not yet reaped) never outnumber the queue's rings. */
static void
echod_threads_reap(struct echod_pool *pool)
{
	void *al;

	while (echod_queue_reap(&pool->queue, &al) == 1) {
		echod_srv_release(pool->srv, al);
		echod_stats_disconnect(pool->srv->stats);
	}
}

static void
echod_threads_on_done(struct loop *loop, int fd, int revents, void *arg)
{
	char buf[256];

	(void)loop;
	(void)revents;
	/* Bytes first, then the list: a tag given back after the reap
	 * below comes with a byte written after this drain. */
	while (read(fd, buf, sizeof(buf)) > 0)
		continue;
	echod_threads_reap(arg);
}

/*
 * Admission counts clients, not queue slots: a burst of accepts can fill
 * the ring before idle workers wake to pop, so the ring holds workers +
 * queue entries and the admitted count (waiting + served + done but not
 * yet reaped, lowered as the main thread reaps) is what keeps it, and
 * the done-list, from overflowing.
 */
static int
echod_threads_on_client(struct echod_srv *srv, int fd, const char *addr,
    struct addrlim_conn *al)
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
		return -1;
	}
	echod_stats_connect(srv->stats);
	if (echod_queue_push(&pool->queue, fd, al) == -1) {
		log_error("%s: queue: %s", addr, strerror(errno));
		echod_stats_unconnect(srv->stats);
		echod_srv_refuse(srv, fd);
		return -1;
	}
	log_verbose("fd %d: %s queued", fd, addr);
	return 0;
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
 * to the stop pipe; join them all, then close what was still queued and
 * give back every place. */
static void
echod_threads_stop(struct echod_pool *pool, int started)
{
	void *al;
	ssize_t w;
	int fd, i;

	echod_queue_close(&pool->queue);
	w = write(pool->stop[1], "x", 1);
	(void)w;
	for (i = 0; i < started; i++)
		pthread_join(pool->tids[i], NULL);
	while ((fd = echod_queue_take(&pool->queue, &al)) != -1) {
		close(fd);
		echod_srv_release(pool->srv, al);
		echod_stats_disconnect(pool->srv->stats);
	}
	echod_threads_reap(pool);
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
	if (pipe2(pool.done, O_CLOEXEC | O_NONBLOCK) == -1) {
		close(pool.stop[0]);
		close(pool.stop[1]);
		echod_queue_free(&pool.queue);
		return -1;
	}
	srv->model = &pool;
	if (loop_add(srv->loop, pool.done[0], POLLIN, echod_threads_on_done,
	    &pool) == -1) {
		close(pool.done[0]);
		close(pool.done[1]);
		close(pool.stop[0]);
		close(pool.stop[1]);
		echod_queue_free(&pool.queue);
		return -1;
	}
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
	loop_del(srv->loop, pool.done[0]);
	echod_queue_free(&pool.queue);
	close(pool.stop[0]);
	close(pool.stop[1]);
	close(pool.done[0]);
	close(pool.done[1]);
	free(pool.tids);
	return rc;
}
