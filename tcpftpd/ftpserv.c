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
	addrlim_release(&srv->lim, s->al);
	s->al = NULL;
}

/* Tell a refused client why in one line, if its socket takes it at once;
 * log it if log (addrlim says so once a minute per address). */
static void
ftpserv_refuse(int fd, const char *addr, const char *why, int log)
{
	char line[ADDRLIM_WHY_MAX + 8];
	int len;

	len = snprintf(line, sizeof(line), "421 %s\r\n", why);
	if (len >= (int)sizeof(line))
		len = sizeof(line) - 1;
	if (log)
		log_info("%s: refused: %s (not logged again for a minute)",
		    addr, why);
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
	struct sockaddr *sa = (struct sockaddr *)ss;
	struct addrlim_verdict v;
	struct ftpsess *s;
	char addr[NET_ADDRSTRLEN], full[ADDRLIM_WHY_MAX];
	int64_t now = loop_now(srv->conf.loop) / 1000000000;

	net_addrstr(sa, len, addr, sizeof(addr));
	if ((s = ftpsess_new(&srv->conf, fd, sa, len)) == NULL)
		return;
	/* The per-address limits and the pool of connections not yet
	 * logged in come first: when the pool is full, a newcomer from an
	 * address holding few displaces the oldest of the address holding
	 * the most, which also frees a slot below --max-clients. */
	if ((s->al = addrlim_admit(&srv->lim, sa, len, s, now, &v)) == NULL) {
		ftpsess_discard(s);
		ftpserv_refuse(fd, v.addr, v.why, v.log);
		return;
	}
	if (v.victim != NULL)
		ftpsess_bye(v.victim, ADDRLIM_EVICTED, "evicted: too many "
		    "connections not yet logged in");
	if (srv->nsess >= srv->max_clients) {
		addrlim_release(&srv->lim, s->al);
		ftpsess_discard(s);
		snprintf(full, sizeof(full), "Too many connections (%zu); "
		    "try again later", srv->max_clients);
		ftpserv_refuse(fd, v.addr, full, addrlim_log_ok(&srv->lim,
		    sa, len, now));
		return;
	}
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
	srv->conf.lim = &srv->lim;
	addrlim_init(&srv->lim, &(struct addrlim_limits){
	    .per_addr = (unsigned)srv->per_addr,
	    .pending = (unsigned)srv->max_pending,
	    .pending_as = "not yet logged in" });
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
	addrlim_free(&srv->lim);
}
