/* clusternode: one cluster node without the chat server, for tests. It
 * reads commands on stdin and prints what the cluster module tells it, one
 * TAB-separated line each, so a script can run several nodes against one
 * redis-server and compare what each saw.
 *
 *   claim NICK            -> CLAIMED NICK 1|0
 *   join NICK ROOM        -> SAID sent|held|dropped (MSG/ME/PART/NICK too)
 *   say NICK ROOM TEXT    me NICK ROOM TEXT    part NICK ROOM REASON
 *   nick OLD NEW ROOM     release NICK         priv FROM TO TEXT
 *   who ROOM              -> WHO ROOM nick@node ... (sorted)
 *   ready                 -> READY 0|1
 *   leave                 quit
 * Printed unasked: EV room seq kind node nick arg text own, HIST room
 * count then H nick text lines, PRIV from to text, LOST nick, NOTICE
 * text, RESET, FATAL why (then exit 78).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "framer.h"
#include "log.h"
#include "loop.h"
#include "server/cluster.h"
#include "server/names.h"

static struct cluster	*cl;
static struct loop	*lp;
static int		 quitting;

static void
ev_event(void *arg, const struct cluster_event *ev, int own)
{
	(void)arg;
	printf("EV\t%s\t%llu\t%s\t%s\t%s\t%s\t%s\t%d\n", ev->room,
	    (unsigned long long)ev->seq, clusterdecode_kindname(ev->kind),
	    ev->node, ev->nick, ev->arg, ev->text, own);
}

static void
ev_priv(void *arg, const struct cluster_event *ev)
{
	(void)arg;
	printf("PRIV\t%s\t%s\t%s\n", ev->nick, ev->arg, ev->text);
}

static void
ev_history(void *arg, const char *room, const struct cluster_event *ev,
    size_t n)
{
	size_t i;

	(void)arg;
	printf("HIST\t%s\t%zu\n", room, n);
	for (i = 0; i < n; i++)
		printf("H\t%s\t%s\n", ev[i].nick, ev[i].text);
}

static void
ev_claimed(void *arg, uint64_t cookie, const char *nick, int ok)
{
	(void)arg;
	(void)cookie;
	printf("CLAIMED\t%s\t%d\n", nick, ok);
}

static void
ev_lost(void *arg, const char *nick)
{
	(void)arg;
	printf("LOST\t%s\n", nick);
}

static void
ev_reset(void *arg)
{
	(void)arg;
	printf("RESET\n");
}

static void
ev_notice(void *arg, const char *text)
{
	(void)arg;
	printf("NOTICE\t%s\n", text);
}

static void
ev_fatal(void *arg, const char *why)
{
	(void)arg;
	printf("FATAL\t%s\n", why);
	fflush(stdout);
	exit(EX_CONFIG);
}

static const char *
sent_name(enum cluster_sent s)
{
	static const char *const names[] = { "sent", "held", "dropped",
	    "nosuch" };

	return names[s];
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct who {
	char	*v[1024];
	size_t	 n;
};

static void
who_add(void *arg, const char *nick, const char *room, const char *node)
{
	struct who *w = arg;
	char buf[256];

	(void)room;
	if (w->n < 1024) {
		snprintf(buf, sizeof(buf), "%s@%s", nick, node);
		w->v[w->n++] = strdup(buf);
	}
}

static void
cmd_who(const char *room)
{
	struct who w = { .n = 0 };
	size_t i;

	cluster_each(cl, room, who_add, &w);
	qsort(w.v, w.n, sizeof(w.v[0]), cmp_str);
	printf("WHO\t%s", room);
	for (i = 0; i < w.n; i++) {
		printf("\t%s", w.v[i]);
		free(w.v[i]);
	}
	printf("\n");
}

/* Split line into at most n words; the last takes the rest. */
static int
words(char *line, char **w, int n)
{
	int i = 0;

	while (i < n - 1 && line != NULL) {
		w[i++] = strsep(&line, " ");
	}
	if (line != NULL)
		w[i++] = line;
	return i;
}

static void
command(char *line)
{
	char *w[4] = { NULL };
	int n = words(line, w, 4);
	int64_t now = time(NULL);
	enum cluster_kind k;

	if (n == 0)
		return;
	if (strcmp(w[0], "claim") == 0 && n == 2) {
		cluster_claim(cl, w[1], 1);
		return;
	}
	if (strcmp(w[0], "release") == 0 && n == 2) {
		cluster_release(cl, w[1]);
		return;
	}
	if (strcmp(w[0], "who") == 0 && n == 2) {
		cmd_who(w[1]);
		return;
	}
	if (strcmp(w[0], "ready") == 0) {
		printf("READY\t%d\n", cluster_ready(cl));
		return;
	}
	if (strcmp(w[0], "leave") == 0) {
		cluster_leave(cl);
		return;
	}
	if (strcmp(w[0], "quit") == 0) {
		quitting = 1;
		loop_stop(lp);
		return;
	}
	if (strcmp(w[0], "priv") == 0 && n == 4) {
		printf("SAID\t%s\n", sent_name(cluster_priv(cl, w[1], w[2],
		    w[3], strlen(w[3]), now)));
		return;
	}
	if (strcmp(w[0], "join") == 0 && n == 3)
		k = CLUSTER_JOIN;
	else if (strcmp(w[0], "say") == 0 && n == 4)
		k = CLUSTER_MSG;
	else if (strcmp(w[0], "me") == 0 && n == 4)
		k = CLUSTER_ME;
	else if (strcmp(w[0], "part") == 0 && n >= 3)
		k = CLUSTER_PART;
	else if (strcmp(w[0], "nick") == 0 && n == 4) {
		printf("SAID\t%s\n", sent_name(cluster_say(cl, CLUSTER_NICK,
		    w[3], w[1], w[2], NULL, 0, now)));
		return;
	} else {
		printf("ERR\tunknown command\n");
		return;
	}
	printf("SAID\t%s\n", sent_name(cluster_say(cl, k, w[2], w[1],
	    k == CLUSTER_PART ? (n == 4 ? w[3] : "") : NULL,
	    k == CLUSTER_PART ? NULL : w[3], k == CLUSTER_PART || n < 4 ? 0 :
	    strlen(w[3]), now)));
}

static void
on_stdin(struct loop *l, int fd, int revents, void *arg)
{
	static char buf[65536];
	static size_t have;
	ssize_t n;
	char *nl;

	(void)revents;
	(void)arg;
	n = read(fd, buf + have, sizeof(buf) - 1 - have);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		loop_del(l, fd);
		quitting = 1;
		loop_stop(l);
		return;
	}
	have += (size_t)n;
	while ((nl = memchr(buf, '\n', have)) != NULL) {
		*nl = '\0';
		command(buf);
		have -= (size_t)(nl + 1 - buf);
		memmove(buf, nl + 1, have);
	}
	if (have == sizeof(buf) - 1)
		have = 0;
	fflush(stdout);
}

static void
flush_out(struct loop *l, void *arg)
{
	(void)l;
	(void)arg;
	fflush(stdout);
}

static int
envnum(const char *name, int def)
{
	const char *s = getenv(name);

	return s != NULL ? atoi(s) : def;
}

int
main(int argc, char **argv)
{
	struct cluster_config cfg = { 0 };
	struct cluster_cb cb = { ev_event, ev_priv, ev_history, ev_claimed,
	    ev_lost, ev_reset, ev_notice, ev_fatal, NULL };
	char err[512];

	if (argc != 3) {
		fprintf(stderr, "usage: clusternode url node\n");
		return EX_USAGE;
	}
	if (names_locale() == -1)
		fprintf(stderr, "clusternode: no UTF-8 locale\n");
	log_init("clusternode", envnum("CLUSTER_VERBOSE", 0));
	if ((lp = loop_new()) == NULL)
		return EX_OSERR;
	cfg.url = argv[1];
	cfg.node = argv[2];
	cfg.history = (size_t)envnum("CLUSTER_HISTORY", 100);
	cfg.history_bytes = (size_t)envnum("CLUSTER_HISTORY_BYTES", 1 << 20);
	cfg.heartbeat_ms = envnum("CLUSTER_HEARTBEAT_MS", 300);
	cfg.expiry_ms = envnum("CLUSTER_EXPIRY_MS", 1500);
	cfg.timeout_ms = envnum("CLUSTER_TIMEOUT_MS", 1000);
	cfg.buffer_max = (size_t)envnum("CLUSTER_BUFFER_MAX", 0);
	if ((cl = cluster_start(lp, &cfg, &cb, err, sizeof(err))) == NULL) {
		printf("FATAL\t%s\n", err);
		return EX_CONFIG;
	}
	fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
	loop_add(lp, 0, POLLIN, on_stdin, NULL);
	loop_prepoll(lp, flush_out, NULL);
	loop_run(lp);
	cluster_stop(cl);
	loop_free(lp);
	return 0;
}
