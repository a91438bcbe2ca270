/* The server: listening sockets, accepting within limits, the sessions. */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ftpserv.h"
#include "log.h"
#include "loop.h"
#include "net.h"

static void
ftpserv_gone(void *arg, struct ftpsess *s)
{
	struct ftpserv *srv = arg;

	if (s->prev != NULL)
		s->prev->next = s->next;
	else
		srv->head = s->next;
	if (s->next != NULL)
		s->next->prev = s->prev;
	srv->nsess--;
}

size_t
ftpserv_ip_count(const struct ftpserv *srv, const struct sockaddr *addr)
{
	const struct sockaddr_in *a4 = (const void *)addr;
	const struct sockaddr_in6 *a6 = (const void *)addr;
	const struct ftpsess *s;
	size_t n = 0;

	/* A scan: O(clients) per accept, bounded by --max-clients. */
	for (s = srv->head; s != NULL; s = s->next) {
		if (s->peer.ss_family != addr->sa_family)
			continue;
		if (addr->sa_family == AF_INET && a4->sin_addr.s_addr ==
		    ((const struct sockaddr_in *)&s->peer)->sin_addr.s_addr)
			n++;
		else if (addr->sa_family == AF_INET6 &&
		    memcmp(&a6->sin6_addr, &((const struct sockaddr_in6 *)
		    &s->peer)->sin6_addr, 16) == 0)
			n++;
	}
	return n;
}

/* Tell a refused client why, if its socket takes the line at once. */
static void
ftpserv_refuse(int fd, const char *addr, const char *fmt, size_t n)
{
	char line[128];
	int len;

	len = snprintf(line, sizeof(line), fmt, n);
	log_info("%s: refused: %.*s", addr, len - 2, line + 4);
	(void)write(fd, line, len);
	close(fd);
}

static void
ftpserv_resume(struct loop *loop, void *arg)
{
	struct ftpserv *srv = arg;
	int i;

	for (i = 0; i < srv->nlfds; i++)
		loop_events(loop, srv->lfds[i], POLLIN);
}

static void
ftpserv_admit(struct ftpserv *srv, int fd, struct sockaddr_storage *ss,
    socklen_t len)
{
	struct ftpsess *s;
	char addr[NET_ADDRSTRLEN];

	net_addrstr((struct sockaddr *)ss, len, addr, sizeof(addr));
	if (srv->nsess >= srv->max_clients) {
		ftpserv_refuse(fd, addr, "421 Too many connections (%zu); "
		    "try again later\r\n", srv->max_clients);
		return;
	}
	if (ftpserv_ip_count(srv, (struct sockaddr *)ss) >= srv->per_ip) {
		ftpserv_refuse(fd, addr, "421 Too many connections from your "
		    "address (%zu)\r\n", srv->per_ip);
		return;
	}
	if ((s = ftpsess_new(&srv->conf, fd, (struct sockaddr *)ss,
	    len)) == NULL)
		return;
	log_verbose("%s: connected", addr);
	s->prev = NULL;
	s->next = srv->head;
	if (srv->head != NULL)
		srv->head->prev = s;
	srv->head = s;
	srv->nsess++;
	ftpsess_start(s);
}

static void
ftpserv_on_listen(struct loop *loop, int lfd, int revents, void *arg)
{
	struct ftpserv *srv = arg;
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, i;

	(void)revents;
	for (i = 0; i < TCPFTPD_ACCEPT_MAX; i++) {
		len = sizeof(ss);
		if ((fd = net_accept(lfd, &ss, &len)) == -1)
			break;
		ftpserv_admit(srv, fd, &ss, len);
	}
	if (fd == -1 && (errno == EMFILE || errno == ENFILE)) {
		/* Out of descriptors: pause a second rather than spin on
		 * a listener that stays readable. */
		log_error("accept: %s", strerror(errno));
		for (i = 0; i < srv->nlfds; i++)
			loop_events(loop, srv->lfds[i], 0);
		loop_timer_after(loop, 1000, ftpserv_resume, srv);
	}
}

int
ftpserv_listen(struct ftpserv *srv, const char *host, const char *port,
    char *err, size_t errlen)
{
	int bound, i;

	srv->conf.gone = ftpserv_gone;
	srv->conf.gone_arg = srv;
	srv->nlfds = net_listen(host, port, TCPFTPD_BACKLOG, srv->lfds,
	    TCPFTPD_LISTEN_MAX, &bound, err, errlen);
	if (srv->nlfds <= 0)
		return -1;
	for (i = 0; i < srv->nlfds; i++)
		if (loop_add(srv->conf.loop, srv->lfds[i], POLLIN,
		    ftpserv_on_listen, srv) == -1) {
			snprintf(err, errlen, "%s", strerror(errno));
			return -1;
		}
	return bound;
}

void
ftpserv_shutdown(struct ftpserv *srv)
{
	int i;

	while (srv->head != NULL)
		ftpsess_close(srv->head, "server shutting down");
	for (i = 0; i < srv->nlfds; i++) {
		loop_del(srv->conf.loop, srv->lfds[i]);
		close(srv->lfds[i]);
	}
	srv->nlfds = 0;
}
