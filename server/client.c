/* A connection's output: its queue, prompt and flushing, kicks, closing,
 * and the list of connections to flush before the next poll. Rooms,
 * commands and the name phase reach a connection only through here. */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "addrlim.h"
#include "text.h"
#include "client.h"
#include "tcpchatd.h"
#include "log.h"
#include "loop.h"
#include "server.h"
#include "throttle.h"
#include "efun.h"

static void	client_busy(void);
static void	client_undirty(struct client *);

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

struct client *
client_new(int fd, const struct sockaddr *sa, socklen_t len, int64_t now,
    struct addrlim_verdict *v)
{
	struct client *c;

	c = client_alloc();
	if ((c->al = addrlim_admit(&srv.addrs, sa, len, c, now, v)) == NULL) {
		client_release(c);
		return NULL;
	}
	c->fd = fd;
	c->in = &c->in1;
	c->capin = 1;
	framer_init(&c->fr, (size_t)srv.o.max_line);
	outq_init(&c->q);
	throttle_init(c);
	if (srv.nall == srv.capall) {
		srv.capall = srv.capall == 0 ? 64 : srv.capall * 2;
		srv.all = ereallocarray(srv.all, srv.capall, sizeof(*srv.all));
	}
	c->aidx = srv.nall;
	srv.all[srv.nall++] = c;
	return c;
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
	client_dirty(c);
	if (c->q.bytes > (size_t)srv.o.max_queue + c->owed)
		client_kick(c);
}

void
client_reply(struct client *c, struct chunk *ch)
{
	if (c->state == CS_CLOSING)
		return;
	/* The backlog beyond the history replay: a joiner whose replay is
	 * larger than --max-queue still gets USERS after it. */
	if (c->q.bytes > (size_t)srv.o.max_queue + c->replay) {
		client_kick(c);
		return;
	}
	outq_push(&c->q, ch);
	c->owed += ch->len;
	client_dirty(c);
}

void
client_replay(struct client *c, struct chunk *ch)
{
	client_reply(c, ch);
	if (c->state != CS_CLOSING)
		c->replay = ch->len;
}

void
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
		client_push(c, event_struct(e));
		return;
	}
	client_fresh_line(c);
	client_push(c, event_text(e));
	client_owe_prompt(c);
}

void
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
	client_dirty(c);
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
	if (srv.nclosing == srv.capclosing) {
		srv.capclosing = srv.capclosing == 0 ? 16 :
		    srv.capclosing * 2;
		srv.closing = ereallocarray(srv.closing, srv.capclosing,
		    sizeof(*srv.closing));
	}
	srv.closing[srv.nclosing++] = c;
	client_wake();
}

void
client_destroy(struct client *c)
{
	struct client *last;

	last = srv.all[--srv.nall];
	srv.all[c->aidx] = last;
	last->aidx = c->aidx;
	if (c->flags & CF_DIRTY)
		client_undirty(c);
	if (c->state != CS_CLOSING)
		loop_del(srv.loop, c->fd);
	loop_timer_cancel(srv.loop, c->timer);
	throttle_cancel(c);
	outq_clear(&c->q);
	framer_reset(&c->fr);
	chunk_unref(c->prompt);
	addrlim_release(&srv.addrs, c->al);
	close(c->fd);
	if (c->nick != c->nickbuf)
		free(c->nick);		/* the key shares its allocation */
	free(c->reason);
	free(c->wantroom);
	if (c->in != &c->in1)
		free(c->in);
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
		c->prompt = chunk_fmt("[%s][%s]:", event_stamp(now), c->nick);
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

/* Drop what c keeps only to go faster (its cached prompt). */
void
client_idle(struct client *c)
{
	chunk_unref(c->prompt);
	c->prompt = NULL;
}

/* Kick c if its queue has not drained for --stall-timeout. */
static void
client_check_stall(struct client *c, int64_t now)
{
	if (c->state == CS_CHAT && (c->flags & CF_BLOCKED) &&
	    now - c->blocked_since >= srv.o.stall_timeout * 1000000000LL)
		client_kick(c);
}

static void
client_block(struct client *c)
{
	if (!(c->flags & CF_BLOCKED)) {
		c->flags |= CF_BLOCKED;
		srv.nblocked++;
		c->blocked_since = loop_now(srv.loop);
		throttle_watch(c);
		client_busy();
	}
}

static void
client_unblock(struct client *c)
{
	if (c->flags & CF_BLOCKED) {
		c->flags &= ~CF_BLOCKED;
		srv.nblocked--;
		throttle_watch(c);
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
		c->owed = c->replay = 0;
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
		c->owed = c->replay = 0;
		client_unblock(c);
	}
}


void
client_flush_dirty(void)
{
	size_t i;

	/* A flush only queues to its own client (the prompt), which is
	 * still marked dirty then, so the list does not change under us. */
	for (i = 0; i < srv.ndirty; i++) {
		client_flush(srv.dirty[i]);
		srv.dirty[i]->flags &= ~CF_DIRTY;
	}
	srv.ndirty = 0;
}

/* Once a second while there is traffic: cut off stalled clients (one
 * scan, no timer per client). After a quiet second (and every
 * TRIM_EVERY_S seconds under traffic with no queue backed up), drop
 * caches and give back to the system the pages that freed queue rings
 * left scattered over the heap: for 10,000 idle clients after their join
 * storm, 16 MB of RSS down to 6.5 MB. Not more often: pages given back
 * under traffic come back as page faults. An idle server sleeps. */
static void
client_tick(struct loop *l, void *arg)
{
	int64_t now = loop_now(l);
	uint32_t i;
	int quiet = srv.activity == 0;

	(void)arg;
	srv.tick = NULL;
	srv.activity = 0;
	if (srv.nblocked > 0)
		for (i = 0; i < srv.nall; i++)
			client_check_stall(srv.all[i], now);
	if (quiet || (srv.nblocked == 0 &&
	    now - srv.trimmed >= TRIM_EVERY_S * 1000000000LL)) {
		for (i = 0; i < srv.nall; i++)
			client_idle(srv.all[i]);
		malloc_trim(0);
		srv.trimmed = now;
	}
	if (!quiet || srv.nblocked > 0)
		srv.tick = loop_timer_after(l, 1000, client_tick, NULL);
}

/* A queue backed up: check for stalls each second, trim once calm. */
static void
client_busy(void)
{
	if (srv.tick == NULL)
		srv.tick = loop_timer_after(srv.loop, 1000, client_tick, NULL);
}

void
client_dirty(struct client *c)
{
	if (c->flags & CF_DIRTY)
		return;
	c->flags |= CF_DIRTY;
	srv.activity++;
	if (srv.tick == NULL)
		client_busy();
	if (srv.ndirty == srv.capdirty) {
		srv.capdirty = srv.capdirty == 0 ? 64 : srv.capdirty * 2;
		srv.dirty = ereallocarray(srv.dirty, srv.capdirty,
		    sizeof(*srv.dirty));
	}
	c->didx = (uint32_t)srv.ndirty;
	srv.dirty[srv.ndirty++] = c;
}

/* Take c off that list (it is being freed). */
static void
client_undirty(struct client *c)
{
	struct client *last = srv.dirty[--srv.ndirty];

	srv.dirty[c->didx] = last;
	last->didx = c->didx;
	c->flags &= ~CF_DIRTY;
}

static void
client_woke(struct loop *l, void *arg)
{
	(void)l;
	(void)arg;
	srv.woken = 0;
}

/* Work queued outside a callback (a close in the prepoll flush) is done
 * in the next pass, after the next poll(): a zero timer makes that poll
 * return. */
void
client_wake(void)
{
	if (!srv.woken) {
		srv.woken = 1;
		loop_timer_after(srv.loop, 0, client_woke, NULL);
	}
}
