/* One connection: reading, the name phase, its queue and its prompt. */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wctype.h>

#include "client.h"
#include "cmd.h"
#include "tcpchatd.h"
#include "log.h"
#include "loop.h"
#include "names.h"
#include "net.h"
#include "room.h"
#include "server.h"
#include "text.h"
#include "throttle.h"
#include "efun.h"

static void	client_io(struct loop *, int, int, void *);
static void	client_name_timeout(struct loop *, void *);
static void	client_finish(struct loop *, void *);

/* Clients come from blocks of CLIENT_POOL_BLOCK, so that long-lived
 * structs sit densely together rather than pinning heap pages among the
 * queue rings a burst frees. (Plain malloc under ASan, which then catches
 * a use after free.) */
#if defined(__SANITIZE_ADDRESS__)
static struct client *
client_alloc(void)
{
	return ecalloc(1, sizeof(struct client));
}

static void
client_release(struct client *c)
{
	free(c);
}
#else
static struct client	**spare;
static size_t		  nspare, capspare;

static struct client *
client_alloc(void)
{
	struct client *block, *c;
	size_t i;

	if (nspare == 0) {
		block = ecalloc(CLIENT_POOL_BLOCK, sizeof(*block));
		capspare += CLIENT_POOL_BLOCK;
		spare = ereallocarray(spare, capspare, sizeof(*spare));
		for (i = CLIENT_POOL_BLOCK; i > 0; i--)
			spare[nspare++] = &block[i - 1];
	}
	c = spare[--nspare];
	memset(c, 0, sizeof(*c));
	return c;
}

static void
client_release(struct client *c)
{
	spare[nspare++] = c;
}
#endif

/* One line, straight to the socket, and close. */
static void
client_reject(int fd, const char *addr, const char *why)
{
	char line[128];
	int n;

	if (why == NULL)
		n = snprintf(line, sizeof(line), CHAT_FULL "\n",
		    srv.o.max_clients, srv.o.max_clients);
	else
		n = snprintf(line, sizeof(line), "%s\n", why);
	if (write(fd, line, (size_t)n) == -1)
		log_debug("fd %d: %s", fd, strerror(errno));
	close(fd);
	log_verbose("%s: rejected: %s", addr, why != NULL ? why : "full");
}

void
client_accept(int fd, const struct sockaddr *sa, socklen_t len)
{
	char addr[NET_ADDRSTRLEN];
	struct client *c;
	int one = 1;

	net_addrstr(sa, len, addr, sizeof(addr));
	/* --max-clients counts people with a name, so that connections
	 * idling at the name prompt cannot lock others out; those have
	 * their own, larger bound (and the name timeout). */
	if (srv.njoined >= srv.o.max_clients) {
		client_reject(fd, addr, NULL);
		return;
	}
	if (srv.nall - srv.njoined >= srv.o.max_clients + UNNAMED_EXTRA) {
		client_reject(fd, addr, "Too many connections waiting for a "
		    "name, try again later.");
		return;
	}
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c = client_alloc();
	c->fd = fd;
	framer_init(&c->fr, (size_t)srv.o.max_line);
	outq_init(&c->q);
	throttle_init(c);
	if (loop_add(srv.loop, fd, POLLIN, client_io, c) == -1) {
		log_error("%s: %s", addr, strerror(errno));
		close(fd);
		client_release(c);
		return;
	}
	if (srv.nall == srv.capall) {
		srv.capall = srv.capall == 0 ? 64 : srv.capall * 2;
		srv.all = ereallocarray(srv.all, srv.capall, sizeof(*srv.all));
	}
	c->aidx = srv.nall;
	srv.all[srv.nall++] = c;
	c->timer = loop_timer_after(srv.loop, srv.o.name_timeout * 1000,
	    client_name_timeout, c);
	client_push(c, srv.banner);
	log_verbose("fd %d: connection from %s", fd, addr);
}

static void
client_kick(struct client *c)
{
	log_info("fd %d (%s): kicked: too slow, %zu bytes queued", c->fd,
	    c->nick != NULL ? c->nick : "-", c->q.bytes);
	c->flags |= CF_KICKED;
	client_close(c, "kicked: too slow");
}

void
client_push(struct client *c, struct chunk *ch)
{
	if (c->state == CS_CLOSING)
		return;
	outq_push(&c->q, ch);
	server_dirty(c);
	if (c->q.bytes > (size_t)srv.o.max_queue + c->owed)
		client_kick(c);
}

void
client_reply(struct client *c, struct chunk *ch)
{
	if (c->state == CS_CLOSING)
		return;
	if (c->q.bytes > (size_t)srv.o.max_queue) {
		client_kick(c);
		return;
	}
	outq_push(&c->q, ch);
	c->owed += ch->len;
	server_dirty(c);
}

/* A text client whose screen ends in a prompt needs a newline first. */
static void
client_fresh_line(struct client *c)
{
	if (!(c->flags & CF_STRUCT) && (c->flags & CF_SHOWN)) {
		client_push(c, srv.nl);
		c->flags &= ~CF_SHOWN;
	}
}

void
client_event(struct client *c, struct ev *e)
{
	if (c->state == CS_CLOSING)
		return;
	if (c->flags & CF_STRUCT) {
		client_push(c, ev_struct(e));
		return;
	}
	client_fresh_line(c);
	client_push(c, ev_text(e));
	client_owe_prompt(c);
}

static void
client_say(struct client *c, const char *code, const char *fmt, va_list ap)
{
	struct chunk *ch;
	char text[1024];
	int n;

	n = vsnprintf(text, sizeof(text), fmt, ap);
	/* Cut short (it quotes what the client sent): never in the middle
	 * of a UTF-8 sequence. */
	if (n >= (int)sizeof(text))
		text[text_cut(text, sizeof(text) - 1, sizeof(text) - 1)] = '\0';
	if (c->flags & CF_STRUCT)
		ch = code != NULL ? chunk_fmt("ERR\t%s\t%s\n", code, text) :
		    chunk_fmt("NOTICE\t%lld\t%s\n", (long long)time(NULL),
		    text);
	else {
		client_fresh_line(c);
		ch = chunk_fmt("%s\n", text);
	}
	client_reply(c, ch);
	chunk_unref(ch);
}

void
client_error(struct client *c, const char *code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	client_say(c, code, fmt, ap);
	va_end(ap);
}

void
client_notice(struct client *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	client_say(c, NULL, fmt, ap);
	va_end(ap);
}

void
client_owe_prompt(struct client *c)
{
	if (c->state == CS_CLOSING ||
	    ((c->flags & CF_STRUCT) && c->state != CS_NAME))
		return;
	c->flags |= CF_PROMPT;
	server_dirty(c);
}

void
client_bye(struct client *c, const char *reason, const char *text)
{
	struct chunk *ch;

	if (c->state == CS_CLOSING)
		return;
	if (c->flags & CF_STRUCT)
		ch = chunk_fmt("BYE\t%s\n", reason);
	else {
		client_fresh_line(c);
		ch = chunk_fmt("%s\n", text);
	}
	client_reply(c, ch);
	chunk_unref(ch);
	c->flags &= ~CF_PROMPT;
	client_close(c, reason);
}

void
client_close(struct client *c, const char *reason)
{
	if (c->state == CS_CLOSING)
		return;
	log_verbose("fd %d (%s): closing: %s", c->fd,
	    c->nick != NULL ? c->nick : "-", reason);
	c->state = CS_CLOSING;
	c->reason = estrdup(reason);
	loop_timer_cancel(srv.loop, c->timer);
	c->timer = NULL;
	throttle_cancel(c);
	loop_del(srv.loop, c->fd);
	if (c->flags & CF_BLOCKED) {
		c->flags &= ~CF_BLOCKED;
		srv.nblocked--;
	}
	loop_defer(srv.loop, client_finish, c);
	server_wake();
}

/* Deferred: no fan-out is walking a member array now. */
static void
client_finish(struct loop *l, void *arg)
{
	struct client *c = arg;

	(void)l;
	if (c->room != NULL)
		room_leave(c, c->reason);
	if (c->key != NULL) {
		htab_del(&srv.nicks, c->key);
		srv.njoined--;
	}
	/* One last try for a goodbye line; a kicked client gets nothing. */
	if (!(c->flags & CF_KICKED) && c->q.bytes > 0)
		(void)outq_flush(&c->q, c->fd);
	client_destroy(c);
}

void
client_destroy(struct client *c)
{
	struct client *last;

	last = srv.all[--srv.nall];
	srv.all[c->aidx] = last;
	last->aidx = c->aidx;
	if (c->flags & CF_DIRTY)
		server_undirty(c);
	if (c->state != CS_CLOSING)
		loop_del(srv.loop, c->fd);
	loop_timer_cancel(srv.loop, c->timer);
	throttle_cancel(c);
	outq_clear(&c->q);
	framer_reset(&c->fr);
	chunk_unref(c->prompt);
	close(c->fd);
	if (c->nick != c->nickbuf)
		free(c->nick);		/* the key shares its allocation */
	free(c->reason);
	client_release(c);
}

/* The "[YYYY-MM-DD HH:MM:SS][nick]:" chunk, remade when the second
 * changes. */
static struct chunk *
client_prompt(struct client *c)
{
	int64_t now = time(NULL);

	if (c->prompt == NULL || c->prompt_ts != now) {
		chunk_unref(c->prompt);
		c->prompt = chunk_fmt("[%s][%s]:", ev_stamp(now), c->nick);
		c->prompt_ts = now;
	}
	return c->prompt;
}

void
client_set_nick(struct client *c, const char *nick, size_t n,
    const char *key)
{
	size_t k = strlen(key);

	if (c->nick != c->nickbuf)
		free(c->nick);
	c->nick = n + k + 2 <= sizeof(c->nickbuf) ? c->nickbuf :
	    emalloc(n + k + 2);
	memcpy(c->nick, nick, n);
	c->nick[n] = '\0';
	c->key = c->nick + n + 1;
	memcpy(c->key, key, k + 1);
}

void
client_idle(struct client *c)
{
	chunk_unref(c->prompt);
	c->prompt = NULL;
}

void
client_check_stall(struct client *c, int64_t now)
{
	if (c->state == CS_CHAT && (c->flags & CF_BLOCKED) &&
	    now - c->blocked_since >= srv.o.stall_timeout * 1000000000LL)
		client_kick(c);
}

void
client_watch(struct client *c)
{
	loop_events(srv.loop, c->fd, (throttle_held(c) ? 0 : POLLIN) |
	    (c->flags & CF_BLOCKED ? POLLOUT : 0));
}

static void
client_block(struct client *c)
{
	if (!(c->flags & CF_BLOCKED)) {
		c->flags |= CF_BLOCKED;
		srv.nblocked++;
		c->blocked_since = loop_now(srv.loop);
		client_watch(c);
		server_busy();
	}
}

static void
client_unblock(struct client *c)
{
	if (c->flags & CF_BLOCKED) {
		c->flags &= ~CF_BLOCKED;
		srv.nblocked--;
		client_watch(c);
	}
}

static void
client_add_prompt(struct client *c)
{
	c->flags &= ~CF_PROMPT;
	if (srv.stopping)
		return;
	if (c->flags & CF_STRUCT)
		client_push(c, srv.nameq);
	else {
		client_push(c, c->state == CS_NAME ? srv.nameprompt :
		    client_prompt(c));
		c->flags |= CF_SHOWN;
	}
}

void
client_flush(struct client *c)
{
	if (c->state == CS_CLOSING)
		return;
	if (c->flags & CF_PROMPT)
		client_add_prompt(c);
	if (c->state == CS_CLOSING)
		return;
	if (c->q.bytes == 0) {
		c->owed = 0;
		client_unblock(c);
		return;
	}
	if (outq_flush(&c->q, c->fd) == -1) {
		client_close(c, errno == EPIPE || errno == ECONNRESET ?
		    "reset" : "write error");
		return;
	}
	if (c->q.bytes > 0)
		client_block(c);
	else {
		c->owed = 0;
		client_unblock(c);
	}
}

static void
client_name_fail(struct client *c, const char *code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	client_say(c, code, fmt, ap);
	va_end(ap);
	if (++c->tries >= NAME_TRIES_MAX)
		client_bye(c, "too many tries", "Too many tries, goodbye.");
	else
		client_owe_prompt(c);
}

static void
client_welcome(struct client *c, struct room *r)
{
	struct chunk *ch;
	size_t i;

	if (!(c->flags & CF_STRUCT))
		return;
	ch = chunk_fmt("WELCOME\t%s\t%s\n", c->nick, r->name);
	client_reply(c, ch);
	chunk_unref(ch);
	for (i = 0; i < srv.nmotd; i++)
		client_notice(c, "%s", srv.motd[i]);
}

void
client_name(struct client *c, char *s, size_t n)
{
	char key[NAME_KEY_MAX];
	const char *why;
	struct room *r;

	s = text_trim(s, &n);
	if (names_check(s, n, key, &why) == -1) {
		client_name_fail(c, "badname", "%s", why);
		return;
	}
	if (htab_get(&srv.nicks, key) != NULL) {
		client_name_fail(c, "nametaken",
		    "the name %.*s is taken, try another", (int)n, s);
		return;
	}
	if (srv.njoined >= srv.o.max_clients) {
		client_error(c, "full", CHAT_FULL, srv.o.max_clients,
		    srv.o.max_clients);
		client_bye(c, "full", "Goodbye.");
		return;
	}
	client_set_nick(c, s, n, key);
	htab_put(&srv.nicks, c->key, c);
	srv.njoined++;
	loop_timer_cancel(srv.loop, c->timer);
	c->timer = NULL;
	c->state = CS_CHAT;
	c->flags &= ~CF_PROMPT;
	log_verbose("fd %d: joined as %s", c->fd, c->nick);
	r = room_find(ROOM_DEFAULT, strlen(ROOM_DEFAULT), 1, &why);
	client_welcome(c, r);
	room_enter(r, c, 0);
}

static void
client_name_timeout(struct loop *l, void *arg)
{
	struct client *c = arg;

	(void)l;
	c->timer = NULL;
	if (c->state == CS_NAME)
		client_bye(c, "timeout", "Timed out waiting for a name, "
		    "goodbye.");
}

/* Whether s holds nothing but white space (of any script). */
static int
client_blank(const char *s, size_t n)
{
	uint32_t cp;
	int len;

	while (n > 0) {
		if ((len = utf8_decode(s, n, &cp)) < 0 || !iswspace(cp))
			return 0;
		s += len;
		n -= len;
	}
	return 1;
}

static int
client_is_cmd(const char *s, size_t n)
{
	return n > 0 && s[0] == '/' && (n == 1 || s[1] != '/');
}

static void
client_chat_line(struct client *c, char *s, size_t n)
{
	if (client_blank(s, n)) {
		client_owe_prompt(c);
		return;
	}
	if (client_is_cmd(s, n))
		cmd_run(c, s, n);
	else if (s[0] == '/')
		room_say(c, EV_MSG, s + 1, n - 1);
	else
		room_say(c, EV_MSG, s, n);
	client_owe_prompt(c);
}

static void
client_hello(struct client *c)
{
	static struct chunk *hello;

	if (hello == NULL)
		hello = chunk_new("\nHELLO\t1\ttcpchatd\n", 18);
	c->flags |= CF_STRUCT;
	client_reply(c, hello);
	client_owe_prompt(c);
}

static int
client_line(void *arg, char *line, size_t len)
{
	static const char hello[] = "/hello tcpchat 1";
	struct client *c = arg;
	size_t n;

	c->flags &= ~CF_SHOWN;
	if (srv.stopping || c->state == CS_CLOSING)
		return -1;
	if (!(c->flags & CF_SPOKE)) {
		c->flags |= CF_SPOKE;
		if (len == sizeof(hello) - 1 && memcmp(line, hello, len) == 0) {
			client_hello(c);
			return 0;
		}
	}
	n = text_clean(line, len, srv.clean);
	srv.clean[n] = '\0';
	if (c->state == CS_CHAT)
		client_chat_line(c, srv.clean, n);
	else if (client_is_cmd(srv.clean, n))
		cmd_run(c, srv.clean, n);
	else
		client_name(c, srv.clean, n);
	if (c->state == CS_NAME)
		client_owe_prompt(c);
	return c->state == CS_CLOSING ? -1 : 0;
}

static int
client_long(void *arg)
{
	struct client *c = arg;

	if (c->state == CS_CLOSING)
		return -1;
	c->flags |= CF_SPOKE;
	client_error(c, "toolong", "line too long (over %lld bytes), "
	    "ignored", srv.o.max_line);
	client_owe_prompt(c);
	return 0;
}

static void
client_read(struct client *c)
{
	ssize_t n;

	if (srv.rate.interval > 0)
		n = throttle_read(c);
	else
		n = read(c->fd, srv.scratch, SCRATCH_MAX);
	if (n > 0) {
		(void)framer_feed(&c->fr, srv.scratch, (size_t)n, client_line,
		    client_long, c);
		return;
	}
	if (n == 0) {
		client_close(c, "closed");
		return;
	}
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return;
	client_close(c, errno == ECONNRESET ? "reset" : "read error");
}

static void
client_io(struct loop *l, int fd, int revents, void *arg)
{
	struct client *c = arg;

	(void)l;
	(void)fd;
	if (c->state != CS_CLOSING && (revents & POLLOUT))
		client_flush(c);
	/* Held, it asked for no input: a hang-up or an error is a reset
	 * (a FIN is read in turn, after the lines before it). */
	if (c->state != CS_CLOSING && throttle_held(c) &&
	    (revents & (POLLHUP | POLLERR)))
		client_close(c, "reset");
	if (c->state != CS_CLOSING && (revents & (POLLIN | POLLHUP | POLLERR)))
		client_read(c);
}
