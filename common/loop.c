/* The event loop: poll() over a dense fd array, a timer heap, signals. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/epoll.h>
#endif

#include "loop.h"
#include "efun.h"

struct handler {
	loop_io_fn	*fn;
	void		*arg;
	uint32_t	 gen;		/* epoll: tells a re-added fd apart */
};

struct timer {
	int64_t		 when;
	uint64_t	 seq;		/* ties fire in order of creation */
	size_t		 idx;		/* position in the heap */
	loop_timer_fn	*fn;
	void		*arg;
};

struct call {
	loop_fn		*fn;
	void		*arg;
};

struct loop {
	struct pollfd	 *pfd;		/* dense; fd -1 marks a dead slot */
	struct handler	 *h;		/* parallel to pfd */
	size_t		  n, cap;
	size_t		  dead;		/* dead slots awaiting compaction */
	int		 *slot;		/* fd -> index in pfd, or -1 */
	size_t		  nslot;

	struct timer	**heap;
	size_t		  ntimers, captimers;
	uint64_t	  seq;

	struct call	 *defer;
	size_t		  ndefer, capdefer;
	struct call	 *pre;
	size_t		  npre, cappre;

	int		  sigpipe[2];
	loop_signal_fn	 *sigfn[NSIG];
	void		 *sigarg[NSIG];

	int64_t		  now;
	int		  stop;

	int		  epfd;		/* -1: the poll() backend */
	uint32_t	  gen;
	void		 *evs;		/* struct epoll_event[nevs] */
	size_t		  nevs;
};

/* The signal handler can only reach globals; one loop per process. */
static volatile sig_atomic_t	loop_sigpending[NSIG];
static int			loop_sigwfd = -1;

int64_t
loop_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/*
 * The epoll backend: the same fd table, with the kernel keeping the
 * interest set, so a pass costs O(ready fds) instead of O(all fds). It is
 * for very large client counts; poll() stays the default every test runs.
 * TCPCHAT_LOOP=epoll in the environment picks it.
 */
static int
loop_epoll_wanted(void)
{
	const char *b = getenv("TCPCHAT_LOOP");

	return b != NULL && strcmp(b, "epoll") == 0;
}

#ifdef __linux__
static int
loop_epoll_open(struct loop *l)
{
	if ((l->epfd = epoll_create1(EPOLL_CLOEXEC)) == -1)
		return -1;
	l->nevs = 256;
	l->evs = ereallocarray(NULL, l->nevs, sizeof(struct epoll_event));
	return 0;
}

static uint32_t
loop_epoll_mask(int events)
{
	return (events & POLLIN ? EPOLLIN : 0) |
	    (events & POLLOUT ? EPOLLOUT : 0);
}

static int
loop_epoll_ctl(struct loop *l, int op, int fd, int events, uint32_t gen)
{
	struct epoll_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.events = loop_epoll_mask(events);
	ev.data.u64 = (uint64_t)gen << 32 | (uint32_t)fd;
	return epoll_ctl(l->epfd, op, fd, &ev);
}
#else
#define EPOLL_CTL_ADD	1
#define EPOLL_CTL_DEL	2
#define EPOLL_CTL_MOD	3

static int
loop_epoll_open(struct loop *l)
{
	(void)l;
	errno = ENOSYS;
	return -1;
}

static int
loop_epoll_ctl(struct loop *l, int op, int fd, int events, uint32_t gen)
{
	(void)l; (void)op; (void)fd; (void)events; (void)gen;
	errno = ENOSYS;
	return -1;
}
#endif

const char *
loop_backend(const struct loop *l)
{
	return l->epfd == -1 ? "poll" : "epoll";
}

struct loop *
loop_new(void)
{
	struct loop *l;

	l = ecalloc(1, sizeof(*l));
	l->sigpipe[0] = l->sigpipe[1] = -1;
	l->epfd = -1;
	if (loop_epoll_wanted() && loop_epoll_open(l) == -1) {
		free(l);
		return NULL;
	}
	l->now = loop_clock();
	signal(SIGPIPE, SIG_IGN);
	return l;
}

void
loop_free(struct loop *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->ntimers; i++)
		free(l->heap[i]);
	if (l->sigpipe[0] != -1) {
		for (i = 1; i < NSIG; i++)
			if (l->sigfn[i] != NULL)
				signal((int)i, SIG_DFL);
		close(l->sigpipe[0]);
		close(l->sigpipe[1]);
		loop_sigwfd = -1;
	}
	if (l->epfd != -1)
		close(l->epfd);
	free(l->evs);
	free(l->heap);
	free(l->pfd);
	free(l->h);
	free(l->slot);
	free(l->defer);
	free(l->pre);
	free(l);
}

static int
loop_index(const struct loop *l, int fd)
{
	if (fd < 0 || (size_t)fd >= l->nslot)
		return -1;
	return l->slot[fd];
}

int
loop_add(struct loop *l, int fd, int events, loop_io_fn *fn, void *arg)
{
	size_t want;

	if (fd < 0) {
		errno = EBADF;
		return -1;
	}
	if (loop_index(l, fd) != -1) {
		errno = EEXIST;
		return -1;
	}
	if ((size_t)fd >= l->nslot) {
		want = l->nslot ? l->nslot : 64;
		while (want <= (size_t)fd)
			want *= 2;
		l->slot = ereallocarray(l->slot, want, sizeof(*l->slot));
		memset(l->slot + l->nslot, 0xff,
		    (want - l->nslot) * sizeof(*l->slot));
		l->nslot = want;
	}
	if (l->epfd != -1 &&
	    loop_epoll_ctl(l, EPOLL_CTL_ADD, fd, events, ++l->gen) == -1)
		return -1;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->pfd = ereallocarray(l->pfd, l->cap, sizeof(*l->pfd));
		l->h = ereallocarray(l->h, l->cap, sizeof(*l->h));
	}
	l->pfd[l->n] = (struct pollfd){ .fd = fd, .events = (short)events };
	l->h[l->n] = (struct handler){ fn, arg, l->gen };
	l->slot[fd] = (int)l->n++;
	return 0;
}

int
loop_events(struct loop *l, int fd, int events)
{
	int i;

	if ((i = loop_index(l, fd)) == -1) {
		errno = ENOENT;
		return -1;
	}
	if (l->pfd[i].events == events)
		return 0;
	if (l->epfd != -1 && loop_epoll_ctl(l, EPOLL_CTL_MOD, fd, events,
	    l->h[i].gen) == -1)
		return -1;
	l->pfd[i].events = (short)events;
	return 0;
}

/* The slot is only marked: the dispatch pass may be walking the array.
 * Compaction happens once, at the end of the pass. */
int
loop_del(struct loop *l, int fd)
{
	int i;

	if ((i = loop_index(l, fd)) == -1) {
		errno = ENOENT;
		return -1;
	}
	if (l->epfd != -1)
		(void)loop_epoll_ctl(l, EPOLL_CTL_DEL, fd, 0, 0);
	l->pfd[i].fd = -1;
	l->pfd[i].revents = 0;
	l->slot[fd] = -1;
	l->dead++;
	return 0;
}

size_t
loop_count(const struct loop *l)
{
	return l->n - l->dead;
}

static void
loop_compact(struct loop *l)
{
	size_t i, j;

	for (i = j = 0; i < l->n; i++) {
		if (l->pfd[i].fd == -1)
			continue;
		if (i != j) {
			l->pfd[j] = l->pfd[i];
			l->h[j] = l->h[i];
			l->slot[l->pfd[j].fd] = (int)j;
		}
		j++;
	}
	l->n = j;
	l->dead = 0;
}

int64_t
loop_now(const struct loop *l)
{
	return l->now;
}

static int
timer_less(const struct timer *a, const struct timer *b)
{
	if (a->when != b->when)
		return a->when < b->when;
	return a->seq < b->seq;
}

static void
heap_set(struct loop *l, size_t i, struct timer *t)
{
	l->heap[i] = t;
	t->idx = i;
}

static void
heap_up(struct loop *l, size_t i)
{
	struct timer *t = l->heap[i];

	while (i > 0 && timer_less(t, l->heap[(i - 1) / 2])) {
		heap_set(l, i, l->heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	heap_set(l, i, t);
}

static void
heap_down(struct loop *l, size_t i)
{
	struct timer *t = l->heap[i];
	size_t c;

	while ((c = 2 * i + 1) < l->ntimers) {
		if (c + 1 < l->ntimers && timer_less(l->heap[c + 1], l->heap[c]))
			c++;
		if (!timer_less(l->heap[c], t))
			break;
		heap_set(l, i, l->heap[c]);
		i = c;
	}
	heap_set(l, i, t);
}

static void
heap_remove(struct loop *l, struct timer *t)
{
	size_t i = t->idx;
	struct timer *last;

	last = l->heap[--l->ntimers];
	if (last == t)
		return;
	heap_set(l, i, last);
	heap_down(l, i);
	heap_up(l, last->idx);
}

struct timer *
loop_timer_at(struct loop *l, int64_t when, loop_timer_fn *fn, void *arg)
{
	struct timer *t;

	if (l->ntimers == l->captimers) {
		l->captimers = l->captimers ? l->captimers * 2 : 16;
		l->heap = ereallocarray(l->heap, l->captimers,
		    sizeof(*l->heap));
	}
	t = emalloc(sizeof(*t));
	*t = (struct timer){ when, l->seq++, l->ntimers, fn, arg };
	l->heap[l->ntimers++] = t;
	heap_up(l, t->idx);
	return t;
}

struct timer *
loop_timer_after(struct loop *l, int64_t ms, loop_timer_fn *fn, void *arg)
{
	return loop_timer_at(l, loop_clock() + ms * 1000000, fn, arg);
}

void
loop_timer_cancel(struct loop *l, struct timer *t)
{
	if (t == NULL)
		return;
	heap_remove(l, t);
	free(t);
}

/* Timers made by a callback during this pass wait for the next one, so
 * a timer that re-arms itself at "now" cannot starve the loop. */
static void
loop_fire_timers(struct loop *l)
{
	uint64_t limit = l->seq;
	struct timer *t;
	loop_timer_fn *fn;
	void *arg;

	while (l->ntimers > 0) {
		t = l->heap[0];
		if (t->when > l->now || t->seq >= limit)
			break;
		heap_remove(l, t);
		fn = t->fn;
		arg = t->arg;
		free(t);
		fn(l, arg);
	}
}

static void
loop_sighandler(int signo)
{
	int saved = errno;
	unsigned char b = (unsigned char)signo;

	loop_sigpending[signo] = 1;
	/* A full pipe already holds a wake-up: the byte is not needed. */
	if (loop_sigwfd != -1)
		(void)write(loop_sigwfd, &b, 1);
	errno = saved;
}

static void
loop_sigread(struct loop *l, int fd, int revents, void *arg)
{
	unsigned char buf[64];
	int i;

	(void)revents;
	(void)arg;
	while (read(fd, buf, sizeof(buf)) > 0)
		continue;
	for (i = 1; i < NSIG; i++) {
		if (!loop_sigpending[i])
			continue;
		loop_sigpending[i] = 0;
		if (l->sigfn[i] != NULL)
			l->sigfn[i](l, i, l->sigarg[i]);
	}
}

static int
loop_sigsetup(struct loop *l)
{
	int fl, i, saved;

	if (pipe2(l->sigpipe, O_CLOEXEC) == -1)
		return -1;
	/* Non-blocking both ways: the handler must never block on a full
	 * pipe, nor the loop on an empty one. */
	for (i = 0; i < 2; i++)
		if ((fl = fcntl(l->sigpipe[i], F_GETFL)) == -1 ||
		    fcntl(l->sigpipe[i], F_SETFL, fl | O_NONBLOCK) == -1)
			goto fail;
	if (loop_add(l, l->sigpipe[0], POLLIN, loop_sigread, NULL) == -1)
		goto fail;
	loop_sigwfd = l->sigpipe[1];
	return 0;
fail:
	saved = errno;
	close(l->sigpipe[0]);
	close(l->sigpipe[1]);
	l->sigpipe[0] = l->sigpipe[1] = -1;
	errno = saved;
	return -1;
}

int
loop_signal(struct loop *l, int signo, loop_signal_fn *fn, void *arg)
{
	struct sigaction sa;

	if (signo <= 0 || signo >= NSIG) {
		errno = EINVAL;
		return -1;
	}
	if (l->sigpipe[0] == -1 && loop_sigsetup(l) == -1)
		return -1;
	l->sigfn[signo] = fn;
	l->sigarg[signo] = arg;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = loop_sighandler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	return sigaction(signo, &sa, NULL);
}

static void
calls_push(struct call **v, size_t *n, size_t *cap, loop_fn *fn, void *arg)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*v = ereallocarray(*v, *cap, sizeof(**v));
	}
	(*v)[(*n)++] = (struct call){ fn, arg };
}

void
loop_defer(struct loop *l, loop_fn *fn, void *arg)
{
	calls_push(&l->defer, &l->ndefer, &l->capdefer, fn, arg);
}

void
loop_prepoll(struct loop *l, loop_fn *fn, void *arg)
{
	calls_push(&l->pre, &l->npre, &l->cappre, fn, arg);
}

/* Deferred work may defer more; it all runs before the next poll. */
static void
loop_run_deferred(struct loop *l)
{
	size_t i;

	for (i = 0; i < l->ndefer; i++)
		l->defer[i].fn(l, l->defer[i].arg);
	l->ndefer = 0;
}

static void
loop_dispatch(struct loop *l, int ready)
{
	size_t i, n = l->n;
	short re;

	for (i = 0; i < n && ready > 0; i++) {
		if (l->pfd[i].fd == -1 || (re = l->pfd[i].revents) == 0)
			continue;
		ready--;
		l->pfd[i].revents = 0;
		l->h[i].fn(l, l->pfd[i].fd, re, l->h[i].arg);
	}
}

#ifdef __linux__
static int
loop_epoll_revents(uint32_t e)
{
	return (e & EPOLLIN ? POLLIN : 0) | (e & EPOLLOUT ? POLLOUT : 0) |
	    (e & EPOLLHUP ? POLLHUP : 0) | (e & EPOLLERR ? POLLERR : 0);
}

/* An event for an fd dropped (or dropped and re-added) earlier in this
 * pass carries a stale generation and is skipped. */
static void
loop_epoll_dispatch(struct loop *l, int ready)
{
	struct epoll_event *ev = l->evs;
	int i, fd, idx;

	for (i = 0; i < ready; i++) {
		fd = (int)(uint32_t)ev[i].data.u64;
		if ((idx = loop_index(l, fd)) == -1 ||
		    l->h[idx].gen != (uint32_t)(ev[i].data.u64 >> 32))
			continue;
		l->h[idx].fn(l, fd, loop_epoll_revents(ev[i].events),
		    l->h[idx].arg);
	}
	if ((size_t)ready == l->nevs && l->nevs < 65536) {
		l->nevs *= 2;
		l->evs = ereallocarray(l->evs, l->nevs,
		    sizeof(struct epoll_event));
	}
}

static int
loop_epoll_wait(struct loop *l, const struct timespec *ts)
{
	return epoll_pwait2(l->epfd, l->evs, (int)l->nevs, ts, NULL);
}
#else
static void
loop_epoll_dispatch(struct loop *l, int ready)
{
	(void)l;
	(void)ready;
}

static int
loop_epoll_wait(struct loop *l, const struct timespec *ts)
{
	(void)l;
	(void)ts;
	errno = ENOSYS;
	return -1;
}
#endif

/* How long poll() may sleep: until the first timer, capped by max_ms. */
static struct timespec *
loop_timeout(struct loop *l, int64_t max_ms, struct timespec *ts)
{
	int64_t wait = -1;

	if (l->ntimers > 0) {
		wait = l->heap[0]->when - loop_clock();
		if (wait < 0)
			wait = 0;
	}
	if (max_ms >= 0 && (wait < 0 || wait > max_ms * 1000000))
		wait = max_ms * 1000000;
	if (wait < 0)
		return NULL;
	ts->tv_sec = wait / 1000000000;
	ts->tv_nsec = wait % 1000000000;
	return ts;
}

int
loop_once(struct loop *l, int64_t max_ms)
{
	struct timespec ts;
	size_t i;
	int ready;

	for (i = 0; i < l->npre; i++)
		l->pre[i].fn(l, l->pre[i].arg);
	if (l->dead > 0)
		loop_compact(l);
	if (l->epfd != -1)
		ready = loop_epoll_wait(l, loop_timeout(l, max_ms, &ts));
	else
		ready = ppoll(l->pfd, l->n, loop_timeout(l, max_ms, &ts), NULL);
	if (ready == -1 && errno != EINTR)
		return -1;
	l->now = loop_clock();
	if (ready > 0 && l->epfd != -1)
		loop_epoll_dispatch(l, ready);
	else if (ready > 0)
		loop_dispatch(l, ready);
	loop_fire_timers(l);
	loop_run_deferred(l);
	return 0;
}

int
loop_run(struct loop *l)
{
	l->stop = 0;
	while (!l->stop)
		if (loop_once(l, -1) == -1)
			return -1;
	return 0;
}

void
loop_stop(struct loop *l)
{
	l->stop = 1;
}
