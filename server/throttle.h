/* Per-client flood control: input read no faster than --line-rate, and
 * what a connection's fd is watched for. */
#ifndef THROTTLE_H
#define THROTTLE_H

#include <sys/types.h>
#include <stdint.h>

struct client;

/* A new client's bucket: full. */
void	throttle_init(struct client *);
/* read() from c into srv.scratch, but no further than the lines c has
 * tokens for; the rest stays in the kernel, so TCP slows the sender.
 * Out of tokens with more to read: stop watching POLLIN until the next
 * token is due (then throttle_tell()). Like read(): bytes, 0 at
 * EOF, -1 with errno (EAGAIN: nothing now). */
ssize_t	throttle_read(struct client *);
/* Whether c's POLLIN is off until its next token. */
int	throttle_held(const struct client *);
/* Whether c, held, should be told now that its lines are slowed: once
 * per episode (until its bucket fills up again). */
int	throttle_tell(struct client *);
/* Watch POLLIN unless c is held, POLLOUT while data is stuck. */
void	throttle_watch(struct client *);
/* Forget c's pending timer (it is closing). */
void	throttle_cancel(struct client *);

#endif
