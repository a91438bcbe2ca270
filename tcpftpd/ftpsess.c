/* One control connection: reading commands, replies out, timeouts. */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "efun.h"
#include "ftpcmd.h"
#include "ftpexec.h"
#include "ftpreply.h"
#include "ftpsess.h"
#include "log.h"
#include "loop.h"

static void	ftpsess_arm(struct ftpsess *);
static void	ftpsess_free(struct ftpsess *);
static void	ftpsess_lines(struct ftpsess *);

/* Watch for input unless a command waits or replies pile up; for output
 * only while replies wait (so a full socket costs no wakeups). */
static void
ftpsess_events(struct ftpsess *s)
{
	int ev = 0;

	if (s->closing)
		return;
	if (!s->held && !s->quitting &&
	    ftpreply_pending(s) <= TCPFTPD_REPLY_PAUSE)
		ev |= POLLIN;
	if (ftpreply_pending(s) > 0)
		ev |= POLLOUT;
	if (ev != s->events && loop_events(s->conf->loop, s->fd, ev) == 0)
		s->events = ev;
}

/* Write what the socket takes; -1 if the session was closed. */
static int
ftpsess_flush(struct ftpsess *s)
{
	ssize_t n;

	if (s->closing)
		return -1;
	if (s->overflow) {
		ftpsess_close(s, "replies piled up unread");
		return -1;
	}
	while (ftpreply_pending(s) > 0) {
		n = write(s->fd, s->out + s->outoff, ftpreply_pending(s));
		if (n > 0)
			s->outoff += n;
		else if (n == -1 && errno == EINTR)
			continue;
		else if (n == -1 && errno == EAGAIN)
			break;
		else {
			ftpsess_close(s, strerror(errno));
			return -1;
		}
	}
	if (ftpreply_pending(s) == 0) {
		free(s->out);
		s->out = NULL;
		s->outlen = s->outoff = s->outcap = 0;
		if (s->quitting) {
			ftpsess_close(s, "quit");
			return -1;
		}
	}
	ftpsess_events(s);
	return 0;
}

static void
ftpsess_consume(struct ftpsess *s, size_t n)
{
	memmove(s->in, s->in + n, s->inlen - n);
	s->inlen -= n;
}

/* Run the first complete line, unless it must wait for a transfer;
 * 1 if a line was taken, 0 if none is ready. */
static int
ftpsess_line(struct ftpsess *s)
{
	char line[TCPFTPD_LINE_MAX + 1];
	struct ftpcmd cmd;
	const char *why;
	char *nl;
	size_t len;
	int rc;

	if ((nl = memchr(s->in, '\n', s->inlen)) == NULL)
		return 0;
	len = nl - s->in;
	if (s->discarding) {
		s->discarding = 0;
		ftpsess_consume(s, len + 1);
		return 1;
	}
	memcpy(line, s->in, len);
	if (len > 0 && line[len - 1] == '\r')
		len--;
	rc = ftpcmd_parse(line, len, &cmd, &why);
	if (s->data.busy && (rc != 0 || !ftpexec_during_transfer(&cmd))) {
		s->held = 1;
		return 0;
	}
	ftpsess_consume(s, nl - s->in + 1);
	s->last_io = loop_now(s->conf->loop);
	ftpexec_run(s, rc, &cmd, why);
	return 1;
}

static void
ftpsess_lines(struct ftpsess *s)
{
	s->held = 0;
	while (!s->closing && !s->quitting && !s->overflow &&
	    ftpreply_pending(s) <= TCPFTPD_REPLY_PAUSE && ftpsess_line(s))
		;
	if (s->closing || s->held || memchr(s->in, '\n', s->inlen) != NULL)
		return;
	if (s->discarding)
		s->inlen = 0;
	else if (s->inlen == TCPFTPD_LINE_MAX) {
		/* Drop the line up to its end, and say so once. */
		s->inlen = 0;
		s->discarding = 1;
		ftpreply(s, 500, "Command line too long (the limit is %d "
		    "bytes)", TCPFTPD_LINE_MAX);
	}
}

static void
ftpsess_read(struct ftpsess *s)
{
	ssize_t n;

	/* Full of complete lines that wait: a read of 0 bytes would look
	 * like the end of the connection. */
	if (s->inlen == TCPFTPD_LINE_MAX)
		return;
	n = read(s->fd, s->in + s->inlen, TCPFTPD_LINE_MAX - s->inlen);
	if (n == 0) {
		ftpsess_close(s, "closed by the client");
		return;
	}
	if (n == -1) {
		if (errno != EAGAIN && errno != EINTR)
			ftpsess_close(s, strerror(errno));
		return;
	}
	s->inlen += n;
	ftpsess_lines(s);
}

static void
ftpsess_on_io(struct loop *loop, int fd, int revents, void *arg)
{
	struct ftpsess *s = arg;

	(void)loop;
	(void)fd;
	if ((revents & POLLOUT) && ftpsess_flush(s) == -1)
		return;
	/* Output drained below the mark: pipelined commands may go on. */
	if ((revents & POLLOUT) && !s->held)
		ftpsess_lines(s);
	if (!s->closing && (revents & (POLLIN | POLLHUP | POLLERR)))
		ftpsess_read(s);
	if (ftpsess_flush(s) == 0)
		ftpsess_arm(s);
}

/* The data channel ended a transfer: reply, then run what waited. */
static void
ftpsess_on_done(void *arg, int code, const char *text)
{
	struct ftpsess *s = arg;

	ftpreply(s, code, "%s", text);
	s->last_io = loop_now(s->conf->loop);
	if (s->held)
		ftpsess_lines(s);
	if (ftpsess_flush(s) == 0)
		ftpsess_arm(s);
}

/* The deadline: the data channel's while it is in use, else the
 * control connection's. */
static int64_t
ftpsess_deadline(const struct ftpsess *s)
{
	if (ftpdata_active_io(&s->data))
		return s->data.last_io + s->conf->data_ns;
	return s->last_io + s->conf->idle_ns;
}

static void
ftpsess_timeout_data(struct ftpsess *s)
{
	int connected = s->data.fd != -1;
	int cut = ftpdata_abort(&s->data);
	int secs = (int)(s->conf->data_ns / 1000000000);

	if (cut && connected)
		ftpreply(s, 426, "Data connection stalled for %d s; transfer "
		    "aborted", secs);
	else if (cut)
		ftpreply(s, 425, "No data connection within %d s", secs);
	else
		log_verbose("%s: unused data channel closed after %d s",
		    s->addr, secs);
	s->last_io = loop_now(s->conf->loop);
	if (s->held)
		ftpsess_lines(s);
}

static void
ftpsess_on_timer(struct loop *loop, void *arg)
{
	struct ftpsess *s = arg;
	int64_t now = loop_now(loop);

	s->timer = NULL;
	if (now < ftpsess_deadline(s) || ftpdata_moving(&s->data))
		;
	else if (ftpdata_active_io(&s->data))
		ftpsess_timeout_data(s);
	else {
		ftpreply(s, 421, "Idle for %d s; closing the connection",
		    (int)(s->conf->idle_ns / 1000000000));
		s->quitting = 1;
		(void)ftpsess_flush(s);
		if (!s->closing)
			ftpsess_close(s, "idle timeout");
		return;
	}
	if (ftpsess_flush(s) == 0)
		ftpsess_arm(s);
}

/* Keep one timer at or before the deadline; firing early re-arms it. */
static void
ftpsess_arm(struct ftpsess *s)
{
	int64_t at = ftpsess_deadline(s);

	if (s->closing || (s->timer != NULL && s->timer_at <= at))
		return;
	loop_timer_cancel(s->conf->loop, s->timer);
	s->timer = loop_timer_at(s->conf->loop, at, ftpsess_on_timer, s);
	s->timer_at = at;
}

struct ftpsess *
ftpsess_new(struct ftpconf *conf, int fd, const struct sockaddr *peer,
    socklen_t peerlen)
{
	struct ftpsess *s;
	int on = 1;

	s = ecalloc(1, sizeof(*s));
	s->conf = conf;
	s->fd = fd;
	memcpy(&s->peer, peer, peerlen);
	s->peerlen = peerlen;
	s->locallen = sizeof(s->local);
	net_addrstr(peer, peerlen, s->addr, sizeof(s->addr));
	strcpy(s->cwd, "/");
	s->last_io = loop_now(conf->loop);
	/* The Telnet "synch" before ABOR is urgent data: read it in line
	 * so IAC DM does not vanish and leave a stray IAC. */
	if (getsockname(fd, (struct sockaddr *)&s->local, &s->locallen) ==
	    -1 || setsockopt(fd, SOL_SOCKET, SO_OOBINLINE, &on,
	    sizeof(on)) == -1 || loop_add(conf->loop, fd, POLLIN,
	    ftpsess_on_io, s) == -1) {
		log_error("%s: %s", s->addr, strerror(errno));
		close(fd);
		free(s);
		return NULL;
	}
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	s->events = POLLIN;
	ftpdata_init(&s->data, conf->loop, ftpsess_on_done, s, peer, peerlen);
	return s;
}

void
ftpsess_discard(struct ftpsess *s)
{
	loop_del(s->conf->loop, s->fd);
	free(s);
}

void
ftpsess_start(struct ftpsess *s)
{
	ftpreply(s, 220, "tcpftpd %s ready: anonymous, read-only",
	    TCPCHAT_VERSION);
	if (ftpsess_flush(s) == 0)
		ftpsess_arm(s);
}

static void
ftpsess_free_deferred(struct loop *loop, void *arg)
{
	(void)loop;
	ftpsess_free(arg);
}

static void
ftpsess_free(struct ftpsess *s)
{
	free(s->out);
	free(s);
}

void
ftpsess_close(struct ftpsess *s, const char *why)
{
	if (s->closing)
		return;
	s->closing = 1;
	log_verbose("%s: closed: %s", s->addr, why);
	ftpdata_abort(&s->data);
	loop_timer_cancel(s->conf->loop, s->timer);
	s->timer = NULL;
	loop_del(s->conf->loop, s->fd);
	close(s->fd);
	s->fd = -1;
	s->conf->gone(s->conf->gone_arg, s);
	loop_defer(s->conf->loop, ftpsess_free_deferred, s);
}

void
ftpsess_bye(struct ftpsess *s, const char *text, const char *why)
{
	if (s->closing)
		return;
	ftpreply(s, 421, "%s", text);
	if (ftpsess_flush(s) == 0)
		ftpsess_close(s, why);
}
