/* loadgen_sender.c: loadgen's senders: timestamped messages, paced. */

#include <sys/epoll.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "efun.h"
#include "loadgen.h"

#define OUTBUF_MAX	(64 * 1024)	/* a sender's unsent bytes, at most */
#define FILL_BYTES	(8 * 1024)	/* as-fast-as-possible refill size */

void
senders_alloc(void)
{
	size_t k;

	snd = ecalloc((size_t)O.senders + 1, sizeof(*snd));
	for (k = 0; k < (size_t)O.senders; k++) {
		snd[k].client = (uint32_t)k;
		snd[k].buf = emalloc(OUTBUF_MAX);
		cl[k].sender = (int32_t)k;
	}
}

/* Append one message to a sender's buffer; 0, or -1 when it is full. */
static int
msg_queue(struct sender *s, uint32_t from)
{
	static const char hex[] = "0123456789abcdef";
	char head[80], *p, *q;
	uint64_t parts[3];
	size_t n, pre, i;
	int j;

	pre = O.irc ? sizeof("PRIVMSG #bench :") - 1 : 0;
	if (s->len + pre + (size_t)O.size + 2 > OUTBUF_MAX)
		return -1;
	parts[0] = from;
	parts[1] = ++s->seq;
	parts[2] = (uint64_t)now;
	p = head;
	*p++ = '@';
	*p++ = hex[(runid >> 4) & 15];
	*p++ = hex[runid & 15];
	for (i = 0; i < 3; i++) {
		*p++ = '.';
		for (j = 60; j > 0 && (parts[i] >> j) == 0; j -= 4)
			;
		for (; j >= 0; j -= 4)
			*p++ = hex[(parts[i] >> j) & 15];
	}
	*p++ = ' ';
	n = (size_t)(p - head);
	q = s->buf + s->len;
	if (O.irc) {
		memcpy(q, "PRIVMSG #bench :", pre);
		q += pre;
	}
	memcpy(q, head, n);
	memset(q + n, 'x', (size_t)O.size - n);
	q += O.size;
	if (O.irc)
		*q++ = '\r';
	*q++ = '\n';
	s->len = (uint32_t)(q - s->buf);
	S.sent++;
	return 0;
}

void
sender_flush(uint32_t k)
{
	struct sender *s = &snd[k];
	struct client *c = &cl[s->client];
	ssize_t n;

	if (c->state != CL_JOINED) {
		s->len = s->off = 0;
		return;
	}
	while (s->off < s->len) {
		n = write(c->fd, s->buf + s->off, s->len - s->off);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN) {
				progress("sender %u: %s", k, strerror(errno));
				client_kill(s->client);
				return;
			}
			break;
		}
		s->off += (uint32_t)n;
	}
	if (s->off == s->len)
		s->off = s->len = 0;
	else if (s->off > OUTBUF_MAX / 2) {
		memmove(s->buf, s->buf + s->off, s->len - s->off);
		s->len -= s->off;
		s->off = 0;
	}
	if ((s->len > 0) != c->wantout) {
		c->wantout = s->len > 0;
		ev_set(s->client, EPOLLIN | (c->wantout ? EPOLLOUT : 0));
	}
}

/* Flat out is closed-loop: a sender keeps at most --window messages that
 * the probe (the last reader, or the first when that one is the sender)
 * has not received, so the server, not the socket buffers, sets the pace
 * and latency stays the server's. */
static void
sender_fill(uint32_t k)
{
	struct sender *s = &snd[k];
	size_t probe = (size_t)nreaders - 1;

	if (probe == k)
		probe = 0;
	if (cl[s->client].state != CL_JOINED)
		return;
	while (s->seq < lastseq[probe * (size_t)O.senders + k] + O.window &&
	    s->len < FILL_BYTES && msg_queue(s, k) == 0)
		;
}

/* Queue what the schedule says is due (or refill empty buffers when
 * flat out) if queue is set, then write what is queued. */
void
senders_pump(int queue)
{
	uint64_t due;
	int64_t sched;
	uint32_t k;

	if (O.senders == 0)
		return;
	if (!queue)
		;
	else if (O.rate > 0) {
		due = (uint64_t)(secs(now - S.send_start) * O.rate);
		while (S.sent + S.skipped < due) {
			k = (uint32_t)((S.sent + S.skipped) % (uint64_t)O.senders);
			sched = S.send_start + (int64_t)((double)(S.sent +
			    S.skipped) / O.rate * NS);
			if (now - sched > S.lag_max)
				S.lag_max = now - sched;
			if (cl[snd[k].client].state != CL_JOINED ||
			    msg_queue(&snd[k], k) == -1)
				S.skipped++;
		}
	} else {
		for (k = 0; k < O.senders; k++)
			sender_fill(k);
	}
	for (k = 0; k < O.senders; k++)
		if (snd[k].len > snd[k].off && !cl[snd[k].client].wantout)
			sender_flush(k);
}
