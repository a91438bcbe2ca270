/* --plain: a line client for scripts; events printed as text lines with
 * local times, stdin lines sent, exit after stdin's end once the server
 * has had everything. */
#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>
#include <string.h>
#include <unistd.h>

#include "chat.h"
#include "command.h"
#include "config.h"
#include "session.h"
#include "fmt.h"
#include "framer.h"
#include "tcpchat.h"
#include "loop.h"
#include "opts.h"
#include "uplink.h"
#include "efun.h"


static struct {
	const struct opts *o;
	struct loop	*loop;
	struct uplink	 up;
	struct chat	 chat;
	struct framer	 in;
	struct timer	*quit;		/* waiting for the close */
	int		 reading;	/* stdin watched */
	int		 eof;		/* stdin ended */
	int		 quitting;	/* /quit sent or stdin ended */
	int		 status;
	char		**queue;	/* stdin lines not yet handed on */
	size_t		 qhead, qlen, qcap;
} pl;

static void	plain_read_stdin(void);

static void
plain_stop(int status)
{
	pl.status = status;
	loop_stop(pl.loop);
}

/* Leaving on purpose: 0, unless the input ran out before the server
 * ever took a name (so nothing it held was said). */
static void
plain_done(void)
{
	if (pl.chat.ever) {
		plain_stop(0);
		return;
	}
	warnx("input ended before a name was taken");
	plain_stop(EX_UNAVAILABLE);
}

static void
plain_quit_timeout(struct loop *loop, void *arg)
{
	(void)loop;
	(void)arg;
	pl.quit = NULL;
	plain_done();
}

/* The server is still handing back what we sent (a server that reads a
 * flood of input at its own rate takes a while to reach the /quit):
 * give it the bounded while again from now. */
static void
plain_quit_progress(void)
{
	if (pl.quit == NULL)
		return;
	loop_timer_cancel(pl.loop, pl.quit);
	pl.quit = loop_timer_after(pl.loop, PLAIN_QUIT_MS, plain_quit_timeout,
	    NULL);
}

/* The end: the server closes after /quit, once it has read all we sent
 * before it; give it a bounded while of silence. */
static void
plain_begin_quit(int send)
{
	if (pl.quitting)
		return;
	pl.quitting = 1;
	if (pl.reading) {
		loop_del(pl.loop, STDIN_FILENO);
		pl.reading = 0;
	}
	if (session_state(pl.up.conn) != SESSION_UP) {
		plain_done();
		return;
	}
	if (send)
		uplink_send(&pl.up, "/quit");
	pl.quit = loop_timer_after(pl.loop, PLAIN_QUIT_MS, plain_quit_timeout,
	    NULL);
}

static int
plain_on_stdin_line(void *arg, char *line, size_t len)
{
	(void)arg;
	if (pl.qhead + pl.qlen == pl.qcap) {
		if (pl.qhead > 0)
			memmove(pl.queue, pl.queue + pl.qhead,
			    pl.qlen * sizeof(char *));
		pl.qhead = 0;
		if (pl.qlen == pl.qcap) {
			pl.qcap = pl.qcap ? pl.qcap * 2 : 64;
			pl.queue = ereallocarray(pl.queue, pl.qcap,
			    sizeof(char *));
		}
	}
	pl.queue[pl.qhead + pl.qlen++] = estrndup(line, len);
	return 0;
}

/* Hand queued lines on while the chat can take them: signed in, or
 * asked for a name and not waiting for the answer to one. */
static void
plain_pump(struct loop *loop, void *arg)
{
	char *line;

	(void)loop;
	(void)arg;
	chat_flush(&pl.chat);
	while (pl.qlen > 0 && !pl.quitting && (pl.chat.welcomed ||
	    (pl.chat.naming && !pl.chat.awaiting))) {
		line = pl.queue[pl.qhead++];
		pl.qlen--;
		command_input(&pl.chat, line);
		free(line);
	}
	if (pl.qlen == 0 && pl.eof && !pl.quitting)
		plain_begin_quit(1);
	if (pl.reading && pl.qlen >= PLAIN_QUEUE_MAX) {
		loop_del(pl.loop, STDIN_FILENO);
		pl.reading = 0;
	} else if (!pl.reading && !pl.eof && pl.qlen < PLAIN_QUEUE_MAX &&
	    (pl.chat.welcomed || pl.chat.naming))
		plain_read_stdin();
}

static int
plain_on_stdin_long(void *arg)
{
	(void)arg;
	warnx("input line longer than %d bytes skipped", SEND_LINE_MAX);
	return 0;
}

static void
plain_on_stdin(struct loop *loop, int fd, int revents, void *arg)
{
	char buf[8192];
	ssize_t n;

	(void)loop;
	(void)revents;
	(void)arg;
	n = read(fd, buf, sizeof(buf));
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		/* A last line without "\n" still counts. */
		if (framer_pending(&pl.in) > 0)
			framer_feed(&pl.in, "\n", 1, plain_on_stdin_line,
			    plain_on_stdin_long, NULL);
		pl.eof = 1;
		loop_del(pl.loop, STDIN_FILENO);
		pl.reading = 0;
		return;
	}
	framer_feed(&pl.in, buf, (size_t)n, plain_on_stdin_line,
	    plain_on_stdin_long, NULL);
}

static void
plain_read_stdin(void)
{
	if (pl.reading || pl.quitting || pl.eof)
		return;
	if (loop_add(pl.loop, STDIN_FILENO, POLLIN, plain_on_stdin, NULL) == 0)
		pl.reading = 1;
}

static int
plain_send(void *arg, const char *line)
{
	(void)arg;
	return uplink_send(&pl.up, line);
}

/* One stream: every window's lines, in order. */
static void
plain_show(void *arg, enum chat_where to, const char *name,
    const struct sbline *l)
{
	char buf[8192], *big;
	int n;

	(void)arg;
	(void)to;
	(void)name;
	plain_quit_progress();
	n = fmt_plain(l, buf, sizeof(buf));
	if (n >= 0 && (size_t)n < sizeof(buf)) {
		puts(buf);
		return;
	}
	if (n < 0 || (big = malloc((size_t)n + 1)) == NULL)
		return;
	fmt_plain(l, big, (size_t)n + 1);
	puts(big);
	free(big);
}

static void
plain_nothing(void *arg)
{
	(void)arg;
}

static void
plain_update(void *arg)
{
	(void)arg;
	uplink_update(&pl.up);
}

static void
plain_online(void *arg)
{
	(void)arg;
	uplink_online(&pl.up);
	plain_read_stdin();
}

static void
plain_ask_name(void *arg, int asking)
{
	(void)arg;
	if (!asking)
		return;
	chat_notice(&pl.chat, SB_SYS, "Type a name and press Enter");
	plain_read_stdin();
}

static void
plain_quit(void *arg)
{
	(void)arg;
	plain_begin_quit(0);
}

static int
plain_save_ignore(void *arg, const char *nick, int on)
{
	(void)arg;
	if (pl.o->config == NULL) {
		errno = ENOENT;
		return -1;
	}
	return config_save_ignore(pl.o->config, nick, on);
}

static const struct chat_io plain_io = {
	.send = plain_send,
	.show = plain_show,
	.update = plain_update,
	.online = plain_online,
	.ask_name = plain_ask_name,
	.bell = plain_nothing,
	.quit = plain_quit,
	.clear = plain_nothing,
	.save_ignore = plain_save_ignore,
};

static void
plain_down(void *arg, const char *why)
{
	(void)arg;
	chat_flush(&pl.chat);
	if (pl.quitting) {
		plain_done();
		return;
	}
	/* A server that said goodbye said why. */
	warnx("%s", pl.chat.bye != NULL ? pl.chat.bye : why);
	plain_stop(EX_UNAVAILABLE);
}

static const struct uplink_cb plain_cb = {
	.down = plain_down,
};

int
plain_run(const struct opts *o)
{
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((pl.loop = loop_new()) == NULL) {
		warn(NULL);
		return EX_OSERR;
	}
	framer_init(&pl.in, SEND_LINE_MAX);
	loop_prepoll(pl.loop, plain_pump, NULL);
	pl.o = o;
	chat_init(&pl.chat, &plain_io, NULL, o->nick, o->room, 1024);
	for (i = 0; i < o->nignores; i++)
		chat_ignore(&pl.chat, o->ignores[i]);
	pl.status = 0;
	/* It does not reconnect: the first server only. */
	uplink_start(&pl.up, pl.loop, &pl.chat, o->hosts, o->ports, 1, 0,
	    &plain_cb, NULL);
	if (session_state(pl.up.conn) != SESSION_OFF)
		loop_run(pl.loop);
	chat_flush(&pl.chat);	/* a last notice, held for a BYE */
	uplink_free(&pl.up);
	chat_free(&pl.chat);
	framer_reset(&pl.in);
	while (pl.qlen > 0) {
		free(pl.queue[pl.qhead++]);
		pl.qlen--;
	}
	free(pl.queue);
	loop_free(pl.loop);
	fflush(stdout);
	return pl.status;
}
