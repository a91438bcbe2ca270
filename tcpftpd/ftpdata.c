/* The data connection: passive listener or active connect, transfers. */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <linux/sockios.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "efun.h"
#include "ftpdata.h"
#include "log.h"
#include "loop.h"
#include "net.h"
#include "tcpftpd.h"

static int	ftpdata_next_port;	/* --passive-ports round robin */

void
ftpdata_init(struct ftpdata *d, struct loop *loop, ftpdata_done_fn *done,
    void *arg, const struct sockaddr *peer, socklen_t peerlen)
{
	memset(d, 0, sizeof(*d));
	d->loop = loop;
	d->done = done;
	d->arg = arg;
	memcpy(&d->peer, peer, peerlen);
	d->peerlen = peerlen;
	d->lfd = d->fd = d->file = -1;
}

static void
ftpdata_close_fd(struct ftpdata *d)
{
	if (d->fd != -1) {
		loop_del(d->loop, d->fd);
		close(d->fd);
	}
	d->fd = -1;
	d->connecting = 0;
}

static void
ftpdata_close_lfd(struct ftpdata *d)
{
	if (d->lfd != -1) {
		loop_del(d->loop, d->lfd);
		close(d->lfd);
	}
	d->lfd = -1;
}

/* Forget the transfer's source. */
static void
ftpdata_end(struct ftpdata *d)
{
	if (d->file != -1)
		close(d->file);
	d->file = -1;
	ftplist_close(&d->list);
	free(d->buf);
	d->buf = NULL;
	d->buflen = d->bufoff = 0;
	d->busy = 0;
}

static void
ftpdata_finish(struct ftpdata *d, int code, const char *text)
{
	ftpdata_close_fd(d);
	ftpdata_close_lfd(d);
	ftpdata_end(d);
	d->portlen = 0;
	d->done(d->arg, code, text);
}

/* Whether a and b are the same host (ports aside). */
static int
ftpdata_same_host(const struct sockaddr_storage *a,
    const struct sockaddr_storage *b)
{
	const struct sockaddr_in *a4 = (const void *)a, *b4 = (const void *)b;
	const struct sockaddr_in6 *a6 = (const void *)a;
	const struct sockaddr_in6 *b6 = (const void *)b;

	if (a->ss_family != b->ss_family)
		return 0;
	if (a->ss_family == AF_INET)
		return a4->sin_addr.s_addr == b4->sin_addr.s_addr;
	if (a->ss_family == AF_INET6)
		return memcmp(&a6->sin6_addr, &b6->sin6_addr, 16) == 0;
	return 0;
}

static void
ftpdata_fail(struct ftpdata *d, int code, const char *what, int err)
{
	char text[160];

	snprintf(text, sizeof(text), "%s: %s; transfer aborted", what,
	    strerror(err));
	ftpdata_finish(d, code, text);
}

static void
ftpdata_complete(struct ftpdata *d)
{
	char text[80];

	snprintf(text, sizeof(text), "Transfer complete (%llu bytes)",
	    (unsigned long long)d->sent);
	ftpdata_finish(d, 226, text);
}

/* What the kernel holds unsent right after our write: the mark that
 * ftpdata_moving() compares against. */
static void
ftpdata_note_outq(struct ftpdata *d)
{
	if (ioctl(d->fd, SIOCOUTQ, &d->outq) == -1)
		d->outq = -1;
}

static void
ftpdata_send_step_file(struct ftpdata *d)
{
	ssize_t n;
	off_t left = d->end - d->off;

	if (left <= 0) {
		ftpdata_complete(d);
		return;
	}
	n = sendfile(d->fd, d->file, &d->off, left > TCPFTPD_SEND_MAX ?
	    TCPFTPD_SEND_MAX : (size_t)left);
	if (n > 0) {
		d->sent += n;
		d->last_io = loop_now(d->loop);
		if (d->off >= d->end)
			ftpdata_complete(d);
		else
			ftpdata_note_outq(d);
	} else if (n == 0)
		ftpdata_finish(d, 451, "The file shrank during the transfer; "
		    "transfer aborted");
	else if (errno != EAGAIN && errno != EINTR)
		ftpdata_fail(d, 426, "Data connection", errno);
}

static void
ftpdata_send_step_list(struct ftpdata *d)
{
	ssize_t n;

	if (d->bufoff == d->buflen) {
		d->bufoff = 0;
		d->buflen = ftplist_fill(&d->list, d->buf, TCPFTPD_LIST_CHUNK);
		if (d->buflen == 0) {
			ftpdata_complete(d);
			return;
		}
	}
	n = write(d->fd, d->buf + d->bufoff, d->buflen - d->bufoff);
	if (n > 0) {
		d->bufoff += n;
		d->sent += n;
		d->last_io = loop_now(d->loop);
		ftpdata_note_outq(d);
	} else if (n == -1 && errno != EAGAIN && errno != EINTR)
		ftpdata_fail(d, 426, "Data connection", errno);
}

static void
ftpdata_on_io(struct loop *loop, int fd, int revents, void *arg)
{
	struct ftpdata *d = arg;
	int err;

	(void)loop;
	(void)fd;
	if (d->connecting) {
		if ((err = net_connect_error(d->fd)) != 0) {
			ftpdata_fail(d, 425, "Cannot open data connection",
			    err);
			return;
		}
		d->connecting = 0;
	}
	if (!d->busy) {
		/* Connected early and then closed: forget it. */
		if (revents & (POLLHUP | POLLERR))
			ftpdata_close_fd(d);
		return;
	}
	if (d->file != -1)
		ftpdata_send_step_file(d);
	else
		ftpdata_send_step_list(d);
}

static void
ftpdata_on_accept(struct loop *loop, int lfd, int revents, void *arg)
{
	struct ftpdata *d = arg;
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char addr[NET_ADDRSTRLEN];
	int fd;

	(void)revents;
	if ((fd = net_accept(lfd, &ss, &len)) == -1)
		return;
	/* Only the control connection's host may take the data: anyone
	 * else racing for the port would steal the file. */
	if (!ftpdata_same_host(&ss, &d->peer)) {
		log_info("data connection from %s refused: not the client's "
		    "address", net_addrstr((struct sockaddr *)&ss, len, addr,
		    sizeof(addr)));
		close(fd);
		return;
	}
	ftpdata_close_lfd(d);
	d->fd = fd;
	d->last_io = loop_now(loop);
	if (loop_add(loop, fd, d->busy ? POLLOUT : 0, ftpdata_on_io, d) == -1)
		ftpdata_fail(d, 425, "Cannot watch data connection", errno);
}

/* Bind fd to local at a port in lo..hi, trying each once from a moving
 * start so two sessions rarely race for one port. */
static int
ftpdata_bind_range(int fd, struct sockaddr_storage *local, socklen_t len,
    int lo, int hi)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)local;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)local;
	int i, n = hi - lo + 1, port;

	for (i = 0; i < n; i++) {
		port = lo + (ftpdata_next_port++ % n);
		if (local->ss_family == AF_INET)
			sin->sin_port = htons(port);
		else
			sin6->sin6_port = htons(port);
		if (bind(fd, (struct sockaddr *)local, len) == 0)
			return 0;
		if (errno != EADDRINUSE)
			return -1;
	}
	return -1;
}

int
ftpdata_passive(struct ftpdata *d, const struct sockaddr *local,
    socklen_t len, int lo, int hi)
{
	struct sockaddr_storage ss;
	socklen_t sslen = sizeof(ss);
	int fd, err;

	ftpdata_abort(d);
	memcpy(&ss, local, len);
	if ((fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (ss.ss_family == AF_INET)
		((struct sockaddr_in *)&ss)->sin_port = 0;
	else
		((struct sockaddr_in6 *)&ss)->sin6_port = 0;
	if ((lo == 0 ? bind(fd, (struct sockaddr *)&ss, len) :
	    ftpdata_bind_range(fd, &ss, len, lo, hi)) == -1 ||
	    listen(fd, 1) == -1 ||
	    getsockname(fd, (struct sockaddr *)&ss, &sslen) == -1 ||
	    loop_add(d->loop, fd, POLLIN, ftpdata_on_accept, d) == -1) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	d->lfd = fd;
	d->last_io = loop_now(d->loop);
	return ntohs(ss.ss_family == AF_INET ?
	    ((struct sockaddr_in *)&ss)->sin_port :
	    ((struct sockaddr_in6 *)&ss)->sin6_port);
}

void
ftpdata_active(struct ftpdata *d, const struct sockaddr *addr,
    socklen_t len, const struct sockaddr *local, socklen_t locallen)
{
	ftpdata_abort(d);
	memcpy(&d->port, addr, len);
	d->portlen = len;
	memcpy(&d->local, local, locallen);
	d->locallen = locallen;
	if (d->local.ss_family == AF_INET)
		((struct sockaddr_in *)&d->local)->sin_port = 0;
	else
		((struct sockaddr_in6 *)&d->local)->sin6_port = 0;
}

int
ftpdata_ready(const struct ftpdata *d)
{
	return d->lfd != -1 || d->fd != -1 || d->portlen != 0;
}

/* Open the active connection, from the control connection's address. */
static int
ftpdata_connect(struct ftpdata *d)
{
	int fd, err;

	if ((fd = socket(d->port.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (bind(fd, (struct sockaddr *)&d->local, d->locallen) == -1 ||
	    (connect(fd, (struct sockaddr *)&d->port, d->portlen) == -1 &&
	    errno != EINPROGRESS) ||
	    loop_add(d->loop, fd, POLLOUT, ftpdata_on_io, d) == -1) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	d->fd = fd;
	d->connecting = 1;
	d->portlen = 0;
	return 0;
}

static int
ftpdata_start(struct ftpdata *d)
{
	d->busy = 1;
	d->sent = 0;
	d->outq = -1;
	d->last_io = loop_now(d->loop);
	if (d->fd != -1)
		return loop_events(d->loop, d->fd, POLLOUT);
	if (d->lfd != -1)
		return 0;	/* the accept starts the sending */
	if (d->portlen != 0 && ftpdata_connect(d) == 0)
		return 0;
	if (d->portlen == 0)
		errno = ENOTCONN;
	ftpdata_end(d);
	return -1;
}

int
ftpdata_send_file(struct ftpdata *d, int fd, off_t off, off_t end)
{
	d->file = fd;
	d->off = off;
	d->end = end;
	return ftpdata_start(d);
}

int
ftpdata_send_list(struct ftpdata *d, struct ftplist *l, const char *text,
    size_t n)
{
	d->buf = emalloc(TCPFTPD_LIST_CHUNK);
	if (n > TCPFTPD_LIST_CHUNK)
		n = TCPFTPD_LIST_CHUNK;
	if (n > 0)
		memcpy(d->buf, text, n);
	d->buflen = n;
	if (l != NULL)
		d->list = *l;
	return ftpdata_start(d);
}

int
ftpdata_abort(struct ftpdata *d)
{
	int cut = d->busy;

	ftpdata_close_fd(d);
	ftpdata_close_lfd(d);
	ftpdata_end(d);
	d->portlen = 0;
	return cut;
}

int
ftpdata_moving(struct ftpdata *d)
{
	int q;

	if (!d->busy || d->fd == -1 || d->connecting || d->outq == -1 ||
	    ioctl(d->fd, SIOCOUTQ, &q) == -1 || q >= d->outq)
		return 0;
	d->outq = q;
	d->last_io = loop_now(d->loop);
	return 1;
}

int
ftpdata_active_io(const struct ftpdata *d)
{
	return d->lfd != -1 || d->fd != -1 || d->busy;
}
