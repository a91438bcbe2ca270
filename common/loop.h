/* The event loop: poll() over a dense fd array, a timer heap, signals. */
#ifndef LOOP_H
#define LOOP_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>

struct loop;
struct timer;

/* Called when fd is ready; revents are poll(2) bits (POLLIN, POLLOUT,
 * POLLHUP, POLLERR). */
typedef void	loop_io_fn(struct loop *, int fd, int revents, void *arg);
/* Called once when a timer expires; the timer is gone afterwards. */
typedef void	loop_timer_fn(struct loop *, void *arg);
/* Called from the loop (never from the handler) for a caught signal. */
typedef void	loop_signal_fn(struct loop *, int signo, void *arg);
/* Deferred work and per-pass hooks. */
typedef void	loop_fn(struct loop *, void *arg);

/* A new loop, or NULL with errno set. Ignores SIGPIPE. The backend is
 * poll(); TCPCHAT_LOOP=epoll in the environment picks epoll (Linux). */
struct loop	*loop_new(void);
/* "poll", or "epoll" when TCPCHAT_LOOP=epoll chose that backend. */
const char	*loop_backend(const struct loop *);
/* Frees the loop and its timers; does not close watched fds. */
void		 loop_free(struct loop *);

/* Watch fd for events (POLLIN|POLLOUT); 0, or -1 with errno (EEXIST). */
int		 loop_add(struct loop *, int fd, int events, loop_io_fn *,
		    void *arg);
/* Change the events watched on fd; 0, or -1 with errno (ENOENT). */
int		 loop_events(struct loop *, int fd, int events);
/* Stop watching fd (it is not closed). Safe inside any callback: fd gets
 * no further callbacks in this pass. 0, or -1 with errno (ENOENT). */
int		 loop_del(struct loop *, int fd);
/* Number of fds watched. */
size_t		 loop_count(const struct loop *);

/* Monotonic time in nanoseconds, read now. */
int64_t		 loop_clock(void);
/* Monotonic time in nanoseconds at the start of this pass. */
int64_t		 loop_now(const struct loop *);
/* Run fn at monotonic time when_ns. The handle is valid until fn runs or
 * the timer is cancelled. */
struct timer	*loop_timer_at(struct loop *, int64_t when_ns, loop_timer_fn *,
		    void *arg);
/* Run fn ms milliseconds from now. */
struct timer	*loop_timer_after(struct loop *, int64_t ms, loop_timer_fn *,
		    void *arg);
/* Cancel a pending timer; NULL is ignored. */
void		 loop_timer_cancel(struct loop *, struct timer *);

/* Deliver signo to fn through the self-pipe; 0, or -1 with errno. */
int		 loop_signal(struct loop *, int signo, loop_signal_fn *,
		    void *arg);
/* Run fn once at the end of this pass, after all I/O callbacks: the place
 * to free what a callback may still point at. */
void		 loop_defer(struct loop *, loop_fn *, void *arg);
/* Run fn before every poll() (after deferred work): batched flushes. */
void		 loop_prepoll(struct loop *, loop_fn *, void *arg);

/* Run until loop_stop(); 0, or -1 with errno if poll() fails. */
int		 loop_run(struct loop *);
/* One pass waiting at most max_ms (-1: until something happens);
 * 0, or -1 with errno. */
int		 loop_once(struct loop *, int64_t max_ms);
/* Make loop_run() return after the current pass. */
void		 loop_stop(struct loop *);

#endif
