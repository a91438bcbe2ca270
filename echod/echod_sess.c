/* One client's echo session: lines framed from the bytes read, each
 * queued with the time it is due, written in order, gathered into one sendmsg(). */
#include <sys/socket.h>
#include <sys/uio.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "echod.h"
#include "echod_args.h"
#include "echod_sess.h"
#include "echod_stats.h"
#include "efun.h"

#define ECHOD_SESS_IOV	64	/* echoes gathered into one writev() */

enum echod_piece {
	ECHOD_REPLY,		/* an error or STATS answer: not an echo */
	ECHOD_PART,		/* a reverb piece before the last */
	ECHOD_LINE		/* the (last piece of the) echo of a line */
};

struct echod_item {
	struct echod_item	*next;
	int64_t			 due;		/* monotonic ns */
	uint32_t		 len;
	uint32_t		 off;		/* bytes written */
	enum echod_piece	 piece;
	char			 data[];
};

void
echod_sess_init(struct echod_sess *s, const struct echod_conf *c,
    struct echod_stats *st)
{
	memset(s, 0, sizeof(*s));
	s->conf = c;
	s->stats = st;
}

void
echod_sess_free(struct echod_sess *s)
{
	struct echod_item *it;

	while ((it = s->head) != NULL) {
		s->head = it->next;
		free(it);
	}
	s->tail = NULL;
	s->pending = 0;
	free(s->in);
	s->in = NULL;
	s->inlen = 0;
}

/* Queue len bytes, due at when or after the echo before it (so echoes
 * keep the order of their lines); fold: 1 upper case, -1 lower. */
static void
echod_sess_queue(struct echod_sess *s, const char *p, size_t len,
    int64_t when, enum echod_piece piece, int fold)
{
	struct echod_item *it;
	size_t i;

	it = emalloc(sizeof(*it) + len);
	it->next = NULL;
	it->due = when > s->last_due ? when : s->last_due;
	it->len = (uint32_t)len;
	it->off = 0;
	it->piece = piece;
	memcpy(it->data, p, len);
	/* ASCII only: bytes of UTF-8 sequences are left as they are. */
	for (i = 0; fold != 0 && i < len; i++)
		if ((unsigned char)p[i] < 0x80)
			it->data[i] = fold > 0 ? toupper((unsigned char)p[i]) :
			    tolower((unsigned char)p[i]);
	s->last_due = it->due;
	if (s->tail != NULL)
		s->tail->next = it;
	else
		s->head = it;
	s->tail = it;
	s->pending += len;
}

static int
echod_sess_is_stats(const char *p, size_t len)
{
	return (len == 6 && memcmp(p, "STATS\n", 6) == 0) ||
	    (len == 7 && memcmp(p, "STATS\r\n", 7) == 0);
}

/* A whole line (with its "\n", or the last bytes before EOF). */
static void
echod_sess_line(struct echod_sess *s, const char *p, size_t len,
    int64_t now)
{
	int64_t d = (int64_t)s->conf->delay_ms * 1000000;
	struct echod_counts c;
	char buf[256];
	size_t n;

	if (s->conf->stats && echod_sess_is_stats(p, len)) {
		echod_stats_read(s->stats, &c);
		n = (size_t)snprintf(buf, sizeof(buf), "STATS ");
		echod_stats_format(&c, buf + n, sizeof(buf) - n - 1);
		n = strlen(buf);
		buf[n++] = '\n';
		echod_sess_queue(s, buf, n, now, ECHOD_REPLY, 0);
	} else if (s->conf->reverb) {
		/* gopl's reverb: shouted now, as is, then quietly, d apart. */
		echod_sess_queue(s, p, len, now, ECHOD_PART, 1);
		echod_sess_queue(s, p, len, s->last_due + d, ECHOD_PART, 0);
		echod_sess_queue(s, p, len, s->last_due + d, ECHOD_LINE, -1);
	} else
		echod_sess_queue(s, p, len, now + d, ECHOD_LINE, 0);
}

static void
echod_sess_toolong(struct echod_sess *s, int64_t now)
{
	char buf[128];
	int n;

	n = snprintf(buf, sizeof(buf), "echod: line longer than %zu bytes "
	    "dropped\n", s->conf->max_line);
	echod_sess_queue(s, buf, (size_t)n, now, ECHOD_REPLY, 0);
	free(s->in);
	s->in = NULL;
	s->inlen = 0;
}

/* Keep an unfinished line (it fits: the caller checked). */
static void
echod_sess_keep(struct echod_sess *s, const char *p, size_t n)
{
	if (s->in == NULL)
		s->in = emalloc(s->conf->max_line + 1);
	memcpy(s->in + s->inlen, p, n);
	s->inlen += n;
}

void
echod_sess_feed(struct echod_sess *s, const char *p, size_t n, int64_t now)
{
	const char *nl;
	size_t take;

	while (n > 0) {
		nl = memchr(p, '\n', n);
		take = nl != NULL ? (size_t)(nl - p) + 1 : n;
		if (s->discarding) {
			s->discarding = nl == NULL;
		} else if (s->inlen + take - (nl != NULL) > s->conf->max_line) {
			echod_sess_toolong(s, now);
			s->discarding = nl == NULL;
		} else if (nl == NULL) {
			echod_sess_keep(s, p, take);
		} else if (s->inlen == 0) {
			echod_sess_line(s, p, take, now);
		} else {
			echod_sess_keep(s, p, take);
			echod_sess_line(s, s->in, s->inlen, now);
			free(s->in);
			s->in = NULL;
			s->inlen = 0;
		}
		p += take;
		n -= take;
	}
}

void
echod_sess_eof(struct echod_sess *s, int64_t now)
{
	if (s->eof)
		return;
	s->eof = 1;
	if (s->inlen > 0 && !s->discarding)
		echod_sess_line(s, s->in, s->inlen, now);
	free(s->in);
	s->in = NULL;
	s->inlen = 0;
}

int
echod_sess_want_read(const struct echod_sess *s)
{
	return !s->eof && s->pending < ECHOD_PENDING_MAX;
}

int64_t
echod_sess_due(const struct echod_sess *s)
{
	return s->head != NULL ? s->head->due : INT64_MAX;
}

int
echod_sess_done(const struct echod_sess *s)
{
	return s->eof && s->head == NULL;
}

/* w bytes went out: advance through the queue, counting finished echoes. */
static void
echod_sess_consume(struct echod_sess *s, size_t w)
{
	struct echod_item *it;
	size_t take;

	while (w > 0 && (it = s->head) != NULL) {
		take = it->len - it->off;
		if (take > w)
			take = w;
		it->off += (uint32_t)take;
		s->pending -= take;
		w -= take;
		if (it->off < it->len)
			break;
		if (it->piece == ECHOD_LINE)
			echod_stats_echo(s->stats, it->len);
		else if (it->piece == ECHOD_PART)
			echod_stats_bytes(s->stats, it->len);
		s->head = it->next;
		if (s->head == NULL)
			s->tail = NULL;
		free(it);
	}
}

int
echod_sess_flush(struct echod_sess *s, int fd, int64_t now)
{
	struct iovec iov[ECHOD_SESS_IOV];
	struct msghdr msg;
	struct echod_item *it;
	size_t want;
	ssize_t w;
	int n;

	for (;;) {
		want = 0;
		n = 0;
		for (it = s->head; it != NULL && it->due <= now &&
		    n < ECHOD_SESS_IOV; it = it->next) {
			iov[n].iov_base = it->data + it->off;
			iov[n].iov_len = it->len - it->off;
			want += iov[n++].iov_len;
		}
		if (n == 0)
			return 0;
		/* sendmsg() for MSG_NOSIGNAL: a reset is an error to log,
		 * never a SIGPIPE, whatever the signal disposition. */
		memset(&msg, 0, sizeof(msg));
		msg.msg_iov = iov;
		msg.msg_iovlen = (size_t)n;
		if ((w = sendmsg(fd, &msg, MSG_NOSIGNAL)) == -1) {
			if (errno == EAGAIN || errno == EWOULDBLOCK ||
			    errno == EINTR)
				return 1;
			return -1;
		}
		echod_sess_consume(s, (size_t)w);
		if ((size_t)w < want)
			return 1;
	}
}
