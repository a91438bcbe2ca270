/* One client's echo session, whatever the model: lines framed from the
 * bytes read, each queued with the time it is due, written in order. */
#ifndef ECHOD_SESS_H
#define ECHOD_SESS_H

#include <stddef.h>
#include <stdint.h>

struct echod_conf;
struct echod_stats;
struct echod_item;

struct echod_sess {
	const struct echod_conf	*conf;
	struct echod_stats	*stats;
	char			*in;		/* unfinished line, or NULL */
	size_t			 inlen;
	int			 discarding;	/* dropping an over-long line */
	int			 eof;		/* the client sent FIN */
	struct echod_item	*head, *tail;	/* due times never decrease */
	size_t			 pending;	/* bytes queued, unsent */
	int64_t			 last_due;
};

/* An empty session. */
void	echod_sess_init(struct echod_sess *, const struct echod_conf *,
	    struct echod_stats *);
/* Free what is queued. */
void	echod_sess_free(struct echod_sess *);
/* n bytes read at monotonic time now (ns): queue an echo for each line. */
void	echod_sess_feed(struct echod_sess *, const char *p, size_t n,
	    int64_t now);
/* The client closed its side: echo an unfinished last line as it is. */
void	echod_sess_eof(struct echod_sess *, int64_t now);
/* Whether to read more: no EOF yet and not too much queued. */
int	echod_sess_want_read(const struct echod_sess *);
/* When the oldest queued echo is due (ns), or INT64_MAX if none. */
int64_t	echod_sess_due(const struct echod_sess *);
/* Write every echo due by now to fd: 0 when all are written, 1 when the
 * socket is full (wait for POLLOUT), -1 with errno on a write error. */
int	echod_sess_flush(struct echod_sess *, int fd, int64_t now);
/* Whether the session is over: EOF seen and everything written. */
int	echod_sess_done(const struct echod_sess *);

#endif
