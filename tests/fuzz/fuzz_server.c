/*
 * tcpchatd's whole input path, real modules end to end: the server core
 * is started once (listening on a loopback port nobody uses), and each
 * input drives NCLIENT connections on socketpairs, handed to the server
 * as if accepted, through names, /hello, commands, rooms and messages.
 * Every byte the server sends to any of them, and every byte it writes
 * to its --log file, is checked: valid UTF-8, and no control character
 * but "\n" and "\t" (so no ESC, CR, BS, DEL, C1 or bidi control a client
 * sent ever reaches another); at the end, with every peer gone, the
 * server holds no connection and no name.
 *
 * The server functions called (the surface to adapt when server/ is
 * reorganised): server_defaults(), server_start(), conn_accept(),
 * loop_once(srv.loop, ...), and the fields srv.o (options), srv.loop,
 * srv.nall and srv.njoined.
 *
 * Input: operations, each one byte, low 2 bits the client, then:
 *   0..3  (bits 2-4) send the next byte's count of bytes (times 64 for 3)
 *   4     send "/hello tcpchat 1\n"
 *   5     send the name "nickN\n"
 *   6     close that connection and open a new one in its place
 *   7     run the loop until it is quiet
 */
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server/client.h"
#include "server/conn.h"
#include "server/names.h"
#include "server/server.h"
#include "log.h"
#include "fuzz.h"

#define NCLIENT		4
#define OUT_MAX		(1 << 20)	/* unchecked output, per peer */

struct peer {
	int	 fd;			/* our end, or -1 */
	char	*out;			/* received, not yet checked */
	size_t	 len;
};

static struct peer	peers[NCLIENT];
static int		dump;	/* FUZZ_SERVER_DUMP set: show output */
static int		logfd;	/* the --log file, in memory */
static char		logpath[64];

static void
fuzz_start(void)
{
	char err[256];
	int code;

	if (names_locale() == -1)
		abort();
	log_init("fuzz_server", LOG_QUIET);
	server_defaults();
	srv.o.port = "0";
	srv.o.bind = "127.0.0.1";
	srv.o.max_clients = 3;		/* the fourth is turned away */
	srv.o.max_line = 512;		/* over-long lines are cheap to reach,
					 * a 255-byte /quit reason too */
	srv.o.max_queue = 1 << 16;
	srv.o.history = 16;
	srv.o.line_rate = 0;		/* no timers needed to read on */
	srv.o.flush_gap_us = 0;
	if ((logfd = memfd_create("fuzz-server-log", 0)) == -1)
		abort();
	snprintf(logpath, sizeof(logpath), "/proc/self/fd/%d", logfd);
	srv.o.log = logpath;
	if (server_start(err, sizeof(err), &code) == -1) {
		fprintf(stderr, "fuzz_server: %s\n", err);
		abort();
	}
	fflush(stdout);
}

/* Check the complete lines received so far; keep a partial one. */
static void
peer_check(struct peer *p, int all)
{
	char *nl;
	size_t upto;

	nl = p->len > 0 ? memrchr(p->out, '\n', p->len) : NULL;
	upto = all ? p->len : nl == NULL ? 0 : (size_t)(nl - p->out) + 1;
	if (!fuzz_text_ok(p->out, upto, "\n\t")) {
		fprintf(stderr, "fuzz_server: bad output: %.*s\n",
		    (int)(upto < 400 ? upto : 400), p->out);
		FUZZ_CHECK(!"output is clean text");
	}
	if (dump)
		fprintf(stderr, "[%d] %.*s", (int)(p - peers), (int)upto,
		    p->out);
	memmove(p->out, p->out + upto, p->len - upto);
	p->len -= upto;
	/* a partial line (a prompt) never grows past a line's worth */
	FUZZ_CHECK(p->len < OUT_MAX);
}

static void
peer_drain(struct peer *p)
{
	ssize_t n;

	if (p->fd == -1)
		return;
	while ((n = read(p->fd, p->out + p->len, OUT_MAX - p->len)) > 0) {
		p->len += (size_t)n;
		peer_check(p, 0);
	}
}

static void
pump(int rounds)
{
	int i, j;

	for (i = 0; i < rounds; i++) {
		FUZZ_CHECK(loop_once(srv.loop, 0) == 0);
		for (j = 0; j < NCLIENT; j++)
			peer_drain(&peers[j]);
	}
}

static void
peer_open(struct peer *p)
{
	struct sockaddr_in sin;
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1 ||
	    fcntl(sv[0], F_SETFL, O_NONBLOCK) == -1 ||
	    fcntl(sv[1], F_SETFL, O_NONBLOCK) == -1)
		abort();
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons(40000);
	p->fd = sv[0];
	conn_accept(sv[1], (struct sockaddr *)&sin, sizeof(sin));
}

static void
peer_close(struct peer *p)
{
	peer_drain(p);
	peer_check(p, 1);
	if (p->fd != -1)
		close(p->fd);
	p->fd = -1;
	p->len = 0;
}

/* Write what the socket takes; a server that does not read (a long
 * line it is dropping is still read) must not block us. */
static void
peer_send(struct peer *p, const void *buf, size_t n)
{
	const char *s = buf;
	ssize_t w;
	int tries = 0;

	while (n > 0 && p->fd != -1 && tries++ < 64) {
		if ((w = write(p->fd, s, n)) > 0) {
			s += w;
			n -= (size_t)w;
		}
		pump(1);
	}
}

/* What the server logged for this input is clean text too; then the
 * file starts over (the server appends, so it does not mind). */
static void
check_log(void)
{
	off_t end = lseek(logfd, 0, SEEK_END);
	char *buf;

	FUZZ_CHECK(end >= 0);
	if ((buf = malloc((size_t)end + 1)) == NULL)
		abort();
	FUZZ_CHECK(pread(logfd, buf, (size_t)end, 0) == (ssize_t)end);
	FUZZ_CHECK(end == 0 || buf[end - 1] == '\n');
	FUZZ_CHECK(fuzz_text_ok(buf, (size_t)end, "\n\t"));
	if (dump)
		fprintf(stderr, "[log] %.*s", (int)end, buf);
	free(buf);
	if (ftruncate(logfd, 0) == -1)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int started;
	char nick[16];
	size_t i = 0, n;
	struct peer *p;
	int op, k;

	if (!started) {
		fuzz_start();
		for (k = 0; k < NCLIENT; k++)
			if ((peers[k].out = malloc(OUT_MAX)) == NULL)
				abort();
		dump = getenv("FUZZ_SERVER_DUMP") != NULL;
		started = 1;
	}
	for (k = 0; k < NCLIENT; k++)
		peer_open(&peers[k]);
	pump(2);
	while (i < size) {
		op = data[i++];
		p = &peers[op & 3];
		switch ((op >> 2) & 7) {
		case 0: case 1: case 2: case 3:
			n = i < size ? data[i++] : 0;
			if (((op >> 2) & 7) == 3)
				n *= 64;
			if (n > size - i)
				n = size - i;
			peer_send(p, data + i, n);
			i += n;
			break;
		case 4:
			peer_send(p, "/hello tcpchat 1\n", 17);
			break;
		case 5:
			n = (size_t)snprintf(nick, sizeof(nick), "nick%d\n",
			    op & 3);
			peer_send(p, nick, n);
			break;
		case 6:
			peer_close(p);
			pump(2);
			peer_open(p);
			break;
		case 7:
			pump(4);
			break;
		}
	}
	pump(4);
	for (k = 0; k < NCLIENT; k++)
		peer_close(&peers[k]);
	for (k = 0; k < 100 && srv.nall > 0; k++)
		pump(1);
	FUZZ_CHECK(srv.nall == 0 && srv.njoined == 0);
	pump(1);	/* the log is written before each poll */
	check_log();
	return 0;
}
