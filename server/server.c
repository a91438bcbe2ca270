/* The server: listeners, accepting, the loop's passes (reaping, flushing),
 * start and shutdown. */
#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "conn.h"
#include "tcpchatd.h"
#include "log.h"
#include "logfile.h"
#include "mesh.h"
#include "net.h"
#include "room.h"
#include "server.h"
#include "text.h"
#include "efun.h"

/* Our own penguin, waiting for a name. */
static const char server_art[] =
    "Welcome to TCP-Chat!\n"
    "          .---.\n"
    "         /     \\\n"
    "        | () () |\n"
    "         \\  ^  /\n"
    "        .-'---'-.\n"
    "       /  .   .  \\\n"
    "      |  /     \\  |\n"
    "      | |       | |\n"
    "       \\ \\     / /\n"
    "        '.'---'.'\n"
    "       __/     \\__\n"
    "      (____/ \\____)\n";

void
server_defaults(void)
{
	memset(&srv, 0, sizeof(srv));
	srv.o.port = PORT_DEFAULT;
	srv.o.max_clients = CLIENTS_DEFAULT;
	srv.o.history = HISTORY_DEFAULT;
	srv.o.history_bytes = HISTORY_BYTES_DEFAULT;
	srv.o.max_line = CHATLINE_DEFAULT;
	srv.o.max_queue = QUEUE_DEFAULT;
	srv.o.name_timeout = NAME_TIMEOUT_DEFAULT;
	srv.o.stall_timeout = STALL_TIMEOUT_DEFAULT;
	srv.o.line_rate = LINE_RATE_DEFAULT;
	srv.o.line_burst = LINE_BURST_DEFAULT;
	srv.o.flush_gap_us = FLUSH_GAP_US_DEFAULT;
	srv.o.max_per_addr = PER_ADDR_DEFAULT;
	srv.o.max_unnamed_per_addr = UNNAMED_PER_ADDR_DEFAULT;
	htab_init(&srv.nicks);
	htab_init(&srv.rooms);
}

/* Read --motd FILE: up to MOTD_MAX bytes, each line sanitised. */
static int
server_motd(const char *path, char *err, size_t errlen)
{
	char buf[MOTD_MAX], out[TEXT_CLEAN_MAX(MOTD_MAX) + 1], *line, *nl;
	size_t n, len;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "motd %s: %s", path, strerror(errno));
		return -1;
	}
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	if (ferror(fp)) {
		snprintf(err, errlen, "motd %s: %s", path, strerror(errno));
		fclose(fp);
		return -1;
	}
	fclose(fp);	/* read only: nothing to lose if it fails */
	/* A file longer than MOTD_MAX is cut at a character, not inside. */
	if (n == sizeof(buf) - 1)
		n = text_cut(buf, n, n);
	buf[n] = '\0';
	for (line = buf; *line != '\0'; line = nl + 1) {
		if ((nl = strchr(line, '\n')) == NULL)
			nl = line + strlen(line) - 1;
		len = text_clean(line, (size_t)(nl - line) +
		    (*nl != '\n'), out);
		out[len] = '\0';
		srv.motd = ereallocarray(srv.motd, srv.nmotd + 1,
		    sizeof(*srv.motd));
		srv.motd[srv.nmotd++] = estrdup(out);
	}
	return 0;
}

static void
server_chunks(void)
{
	size_t i, len = strlen(server_art) + sizeof("[ENTER YOUR NAME]:");
	char *b;

	for (i = 0; i < srv.nmotd; i++)
		len += strlen(srv.motd[i]) + 1;
	b = emalloc(len);
	strcpy(b, server_art);
	for (i = 0; i < srv.nmotd; i++) {
		strcat(b, srv.motd[i]);
		strcat(b, "\n");
	}
	strcat(b, "[ENTER YOUR NAME]:");
	srv.banner = chunk_new(b, strlen(b));
	free(b);
	srv.nameprompt = chunk_new("[ENTER YOUR NAME]:", 18);
	srv.nameq = chunk_new("NAME?\n", 6);
	srv.nl = chunk_new("\n", 1);
}

static void
server_restore(const struct logrec *r, void *arg)
{
	(void)arg;
	room_restore(r->room, r->ts, r->kind, r->nick, r->text, r->textlen);
}

static void	server_accept(struct loop *, int, int, void *);

/* Watch the listeners (on) or stop; 0, or -1 with errno when one could
 * not be watched (epoll out of memory). */
static int
server_listen_on(int on)
{
	int i, rc = 0, saved = 0;

	for (i = 0; i < srv.nlfd; i++) {
		if (!on)
			(void)loop_del(srv.loop, srv.lfd[i]); /* ENOENT: not
							 * watched, done */
		else if (loop_add(srv.loop, srv.lfd[i], POLLIN, server_accept,
		    NULL) == -1 && errno != EEXIST) {
			saved = errno;
			rc = -1;
		}
	}
	srv.paused = !on;
	errno = saved;
	return rc;
}

static void	server_pause(int);

static void
server_resume(struct loop *l, void *arg)
{
	(void)l;
	(void)arg;
	/* The loop could not take a listener back: wait another pause. */
	if (!srv.stopping && server_listen_on(1) == -1)
		server_pause(errno);
}

/* Out of fds: stop watching the listeners for a while rather than spin
 * on a connection that cannot be taken. */
static void
server_pause(int err)
{
	if (!srv.pause_logged++)
		log_error("accept: %s; pausing %d ms at a time", strerror(err),
		    ACCEPT_RETRY_MS);
	server_listen_on(0);
	loop_timer_after(srv.loop, ACCEPT_RETRY_MS, server_resume, NULL);
}

static void
server_accept(struct loop *l, int lfd, int revents, void *arg)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, i;

	(void)l;
	(void)revents;
	(void)arg;
	for (i = 0; i < ACCEPT_PASS_MAX && !srv.paused; i++) {
		len = sizeof(ss);
		if ((fd = net_accept(lfd, &ss, &len)) != -1) {
			srv.pause_logged = 0;
			conn_accept(fd, (struct sockaddr *)&ss, len);
			continue;
		}
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return;
		if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO)
			continue;
		if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
		    errno == ENOMEM)
			server_pause(errno);
		else
			log_error("accept: %s", strerror(errno));
		return;
	}
}

static void
server_signal(struct loop *l, int signo, void *arg)
{
	(void)l;
	(void)arg;
	log_info("caught signal %d", signo);
	server_stop();
}

/* SIGUSR1: one log line of counts, for watching a busy server. */
static void
server_stats(struct loop *l, int signo, void *arg)
{
	struct mallinfo2 mi = mallinfo2();

	(void)signo;
	(void)arg;
	log_notice("stats: %u connections, %u named, %u rooms, %u blocked, "
	    "%zu fds watched, heap %zu KiB in use of %zu KiB, mmap %zu KiB, "
	    "history %zu KiB of %zu KiB (%llu lines dropped for it)",
	    srv.nall, srv.njoined, srv.nrooms, srv.nblocked, loop_count(l),
	    mi.uordblks / 1024, mi.arena / 1024, mi.hblkhd / 1024,
	    srv.history.bytes / 1024, srv.history.max / 1024,
	    (unsigned long long)srv.history.nevicted);
}

static void
server_flush_due(struct loop *l, void *arg)
{
	(void)l;
	(void)arg;
	srv.flush_timer = NULL;
}

/* Flushing costs a writev per client, whatever it holds: under load,
 * flush at most every FLUSH_GAP_US_DEFAULT so that each writev carries several
 * messages, which keeps the server off the CPU ceiling where latency
 * explodes. The first event after a quiet spell goes out at once. */
static int
server_flush_later(struct loop *l)
{
	int64_t now = loop_clock();

	if (srv.ndirty == 0 || srv.stopping || srv.o.flush_gap_us == 0 ||
	    now - srv.flushed >= srv.o.flush_gap_us * 1000)
		return 0;
	if (srv.flush_timer == NULL)
		srv.flush_timer = loop_timer_at(l, srv.flushed +
		    srv.o.flush_gap_us * 1000, server_flush_due, NULL);
	return 1;
}

/* Before each poll: first the connections closed in the last pass
 * leave (no fan-out is walking a member array now), then the batched
 * log sync and flush. */
static void
server_prepoll(struct loop *l, void *arg)
{
	(void)arg;
	conn_reap();
	if (server_flush_later(l))
		return;
	srv.flushed = loop_clock();
	logfile_sync();
	client_flush_dirty();
	if (srv.stopping && srv.nblocked == 0) {
		loop_stop(l);
		client_wake();
	}
}

int
server_start(char *err, size_t errlen, int *code)
{
	char port[16];
	int bound;

	*code = EX_OSERR;
	if (srv.o.motd != NULL && server_motd(srv.o.motd, err, errlen) == -1) {
		*code = EX_NOINPUT;
		return -1;
	}
	server_chunks();
	srv.clean = emalloc(TEXT_CLEAN_MAX((size_t)srv.o.max_line) + 1);
	srv.scratch = emalloc(SCRATCH_MAX);
	rate_init(&srv.rate, srv.o.line_rate, srv.o.line_burst);
	addrlim_init(&srv.addrs, &(struct addrlim_limits){
	    .per_addr = (unsigned)srv.o.max_per_addr,
	    .pending_per_addr = (unsigned)srv.o.max_unnamed_per_addr,
	    .pending = (unsigned)(srv.o.max_clients + UNNAMED_EXTRA_MAX),
	    .pending_as = "waiting for a name" });
	if ((srv.loop = loop_new()) == NULL) {
		snprintf(err, errlen, "loop: %s", strerror(errno));
		return -1;
	}
	hist_pool_init(&srv.history, (size_t)srv.o.history_bytes,
	    room_evicted);
	room_find(ROOM_DEFAULT, strlen(ROOM_DEFAULT), 1, &(const char *){0});
	if (srv.o.log != NULL && logfile_open(srv.o.log, server_restore, NULL,
	    err, errlen) == -1) {
		*code = EX_CANTCREAT;
		return -1;
	}
	srv.nlfd = net_listen(srv.o.bind, srv.o.port, LISTEN_BACKLOG, srv.lfd,
	    LISTEN_MAX, &bound, err, errlen);
	if (srv.nlfd == -1) {
		*code = EX_UNAVAILABLE;
		return -1;
	}
	if (mesh_start(bound, err, errlen) == -1) {	/* cluster */
		*code = EX_CONFIG;
		return -1;
	}
	if (server_listen_on(1) == -1 ||
	    loop_signal(srv.loop, SIGTERM, server_signal, NULL) == -1 ||
	    loop_signal(srv.loop, SIGINT, server_signal, NULL) == -1 ||
	    loop_signal(srv.loop, SIGUSR1, server_stats, NULL) == -1) {
		snprintf(err, errlen, "loop: %s", strerror(errno));
		return -1;
	}
	loop_prepoll(srv.loop, server_prepoll, NULL);
	log_verbose("%d listening sockets, %s backend, max %lld clients",
	    srv.nlfd, loop_backend(srv.loop), srv.o.max_clients);
	snprintf(port, sizeof(port), "%d", bound);
	printf("Listening on the port :%s\n", port);
	fflush(stdout);
	return 0;
}

static void
server_deadline(struct loop *l, void *arg)
{
	(void)arg;
	log_info("shutdown: %u connections still had data queued",
	    srv.nblocked);
	loop_stop(l);
}

/* Everyone is told; queues drain for up to SHUTDOWN_FLUSH_MS and the
 * prepoll flush stops the loop once nothing is left to write. */
void
server_stop(void)
{
	struct ev e = { .kind = EV_NOTICE };
	struct chunk *bye;
	struct client *c;
	uint32_t i;
	int j;

	if (srv.stopping) {
		loop_stop(srv.loop);
		return;
	}
	srv.stopping = 1;
	mesh_leave();	/* cluster: our people leave at once */
	for (j = 0; j < srv.nlfd; j++) {
		if (!srv.paused)
			loop_del(srv.loop, srv.lfd[j]);
		close(srv.lfd[j]);
	}
	srv.nlfd = 0;
	e.ts = time(NULL);
	e.text = "server is shutting down";
	e.textlen = strlen(e.text);
	bye = chunk_new("BYE\tshutdown\n", 13);
	for (i = 0; i < srv.nall; i++) {
		c = srv.all[i];
		client_event(c, &e);
		if (c->flags & CF_STRUCT)
			client_reply(c, bye);
	}
	chunk_unref(bye);
	event_release(&e);
	loop_timer_after(srv.loop, SHUTDOWN_FLUSH_MS, server_deadline, NULL);
}

int
server_run(void)
{
	int rc = 0;

	if (loop_run(srv.loop) == -1) {
		log_error("poll: %s", strerror(errno));
		rc = EX_OSERR;
	}
	conn_reap();
	while (srv.nall > 0)
		client_destroy(srv.all[0]);
	mesh_stop();	/* cluster */
	logfile_close();
	log_info("exiting");
	return rc;
}
