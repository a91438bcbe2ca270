/* One connection served to the end by one thread or process: a poll()
 * on its own socket and the stop pipe, with the next echo's due time as
 * the timeout. */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "echod.h"
#include "echod_args.h"
#include "echod_sess.h"
#include "echod_serve.h"
#include "log.h"
#include "loop.h"

/* Milliseconds until the earliest of the next echo and the idle limit,
 * rounded up so a wakeup is never early; -1: no deadline. */
static int
echod_serve_timeout(const struct echod_sess *s, int64_t idle_at,
    int blocked, int64_t now)
{
	int64_t at = blocked ? INT64_MAX : echod_sess_due(s), ms;

	if (idle_at < at)
		at = idle_at;
	if (at == INT64_MAX)
		return -1;
	if (at <= now)
		return 0;
	ms = (at - now + 999999) / 1000000;
	return ms > 60000 ? 60000 : (int)ms;
}

/* One read: 0 to go on, -1 when the connection is over. */
static int
echod_serve_read(int fd, struct echod_sess *s, int64_t now)
{
	char buf[ECHOD_READ_MAX];
	ssize_t n;

	n = read(fd, buf, sizeof(buf));
	if (n > 0)
		echod_sess_feed(s, buf, (size_t)n, now);
	else if (n == 0)
		echod_sess_eof(s, now);
	else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
		log_verbose("fd %d: read: %s", fd, strerror(errno));
		return -1;
	}
	return 0;
}

void
echod_serve(int fd, int stopfd, const struct echod_conf *c,
    struct echod_stats *st)
{
	struct echod_sess s;
	struct pollfd pfd[2];
	int64_t now, idle = (int64_t)c->idle_s * 1000000000, idle_at;
	int blocked = 0, rc;

	echod_sess_init(&s, c, st);
	now = loop_clock();
	idle_at = idle > 0 ? now + idle : INT64_MAX;
	pfd[1].fd = stopfd;
	pfd[1].events = POLLIN;
	for (;;) {
		if ((blocked = echod_sess_flush(&s, fd, now)) == -1) {
			log_verbose("fd %d: write: %s", fd, strerror(errno));
			break;
		}
		if (echod_sess_done(&s))
			break;
		pfd[0].fd = fd;
		pfd[0].events = (echod_sess_want_read(&s) ? POLLIN : 0) |
		    (blocked ? POLLOUT : 0);
		rc = poll(pfd, 2, echod_serve_timeout(&s, idle_at, blocked,
		    now));
		now = loop_clock();
		if (rc == -1 && errno != EINTR)
			break;
		if (rc > 0 && pfd[1].revents != 0)
			break;		/* shutting down */
		/* An error or a reset: nothing queued can be delivered. */
		if (rc > 0 && ((pfd[0].revents & POLLERR) ||
		    (pfd[0].revents & (POLLHUP | POLLIN)) == POLLHUP))
			break;
		if (rc > 0 && pfd[0].revents != 0 && idle > 0)
			idle_at = now + idle;
		if (rc > 0 && (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) &&
		    echod_sess_want_read(&s) && echod_serve_read(fd, &s, now) == -1)
			break;
		if (now >= idle_at) {
			log_verbose("fd %d: idle for %d s", fd, c->idle_s);
			break;
		}
	}
	echod_sess_free(&s);
	close(fd);
}
