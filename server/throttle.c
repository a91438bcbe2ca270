/* Per-client flood control: input read no faster than --line-rate, and
 * what a connection's fd is watched for. */
#include <sys/socket.h>
#include <errno.h>
#include <unistd.h>

#include <poll.h>

#include "client.h"
#include "loop.h"
#include "rate.h"
#include "server.h"
#include "throttle.h"

#define RL_HELD		0x01	/* POLLIN off until rl_timer */
#define RL_TOLD		0x02	/* told of it since the bucket was full */

void
throttle_init(struct client *c)
{
	c->rl_empty = rate_full(&srv.rate, loop_now(srv.loop));
}

static void
throttle_resume(struct loop *l, void *arg)
{
	struct client *c = arg;

	(void)l;
	c->rl_timer = NULL;
	c->rl &= ~RL_HELD;
	throttle_watch(c);
}

/* Once per episode, which ends when c stops long enough for its bucket
 * to fill up again: a flooder is not sent a notice per line. */
int
throttle_tell(struct client *c)
{
	if (!(c->rl & RL_HELD) || (c->rl & RL_TOLD))
		return 0;
	c->rl |= RL_TOLD;
	return 1;
}

void
throttle_watch(struct client *c)
{
	loop_events(srv.loop, c->fd, (throttle_held(c) ? 0 : POLLIN) |
	    (c->flags & CF_BLOCKED ? POLLOUT : 0));
}

static void
throttle_hold(struct client *c)
{
	if (c->rl & RL_HELD)
		return;
	c->rl |= RL_HELD;
	throttle_watch(c);
	c->rl_timer = loop_timer_at(srv.loop, rate_due(&srv.rate,
	    c->rl_empty), throttle_resume, c);
}

/* A full bucket still peeks: one plain read() could hold thousands of
 * lines, and bytes read cannot be put back without keeping them. */
ssize_t
throttle_read(struct client *c)
{
	int64_t now = loop_now(srv.loop), k, lines;
	size_t want;
	ssize_t n, peeked;

	if ((k = rate_tokens(&srv.rate, c->rl_empty, now)) == 0) {
		throttle_hold(c);
		errno = EAGAIN;
		return -1;
	}
	if (k == srv.rate.burst)
		c->rl &= ~RL_TOLD;
	if ((peeked = recv(c->fd, srv.scratch, SCRATCH_MAX, MSG_PEEK)) <= 0)
		return peeked;
	want = rate_span(srv.scratch, (size_t)peeked, k, &lines);
	if ((n = read(c->fd, srv.scratch, want)) <= 0)
		return n;
	if ((size_t)n < want)
		(void)rate_span(srv.scratch, (size_t)n, k, &lines);
	rate_take(&srv.rate, &c->rl_empty, now, lines);
	if ((size_t)n < (size_t)peeked)
		throttle_hold(c);	/* no need to wake up for it */
	return n;
}

int
throttle_held(const struct client *c)
{
	return (c->rl & RL_HELD) != 0;
}

void
throttle_cancel(struct client *c)
{
	loop_timer_cancel(srv.loop, c->rl_timer);
	c->rl_timer = NULL;
	c->rl &= ~RL_HELD;
}
