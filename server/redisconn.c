/* A Redis connection on common/loop.c: hiredis's hooks, deadlines, retry. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "efun.h"
#include "log.h"
#include "loop.h"
#include "redisconn.h"

enum rc_state {
	RC_DOWN,	/* a retry timer is pending (or not started) */
	RC_CONNECTING,	/* connect() and the handshake under a deadline */
	RC_UP
};

struct redisconn {
	struct loop		*loop;
	struct redisurl		 url;
	char			*name;
	struct redisconn_opts	 o;
	struct redisconn_cb	 cb;

	enum rc_state		 state;
	redisAsyncContext	*ac;
	int			 fd;		/* watched fd, or -1 */
	int			 reading, writing;
	int			 busy;		/* inside hiredis's handlers */
	int			 drop_pending;
	char			 drop_why[128];

	struct timer		*timer;		/* retry, connect deadline,
						 * or the next PING */
	int64_t			 ping_sent;	/* 0: no PING unanswered */
	int			 backoff_ms;
	unsigned		 fails;		/* attempts since last up */
};

static void	rc_connect(struct redisconn *);
static void	rc_lost(struct redisconn *, const char *why);

/* The hooks hiredis calls to say what it waits for. */

static void
rc_io(struct loop *l, int fd, int revents, void *arg)
{
	struct redisconn *rc = arg;
	redisAsyncContext *ac = rc->ac;

	(void)l;
	(void)fd;
	if (ac == NULL)
		return;
	rc->busy = 1;
	if (rc->reading && (revents & (POLLIN | POLLHUP | POLLERR)))
		redisAsyncHandleRead(ac);
	if (rc->ac == ac && rc->writing &&
	    (revents & (POLLOUT | POLLHUP | POLLERR)))
		redisAsyncHandleWrite(ac);
	rc->busy = 0;
}

static void
rc_watch(struct redisconn *rc)
{
	int ev = (rc->reading ? POLLIN : 0) | (rc->writing ? POLLOUT : 0);

	if (rc->fd == -1) {
		rc->fd = rc->ac->c.fd;
		if (loop_add(rc->loop, rc->fd, ev, rc_io, rc) == -1) {
			log_error("redis %s: watching fd %d: %s", rc->name,
			    rc->fd, strerror(errno));
			rc->fd = -1;
		}
		return;
	}
	(void)loop_events(rc->loop, rc->fd, ev);
}

static void
rc_add_read(void *p)
{
	struct redisconn *rc = p;

	rc->reading = 1;
	rc_watch(rc);
}

static void
rc_del_read(void *p)
{
	struct redisconn *rc = p;

	rc->reading = 0;
	if (rc->fd != -1)
		rc_watch(rc);
}

static void
rc_add_write(void *p)
{
	struct redisconn *rc = p;

	rc->writing = 1;
	rc_watch(rc);
}

static void
rc_del_write(void *p)
{
	struct redisconn *rc = p;

	rc->writing = 0;
	if (rc->fd != -1)
		rc_watch(rc);
}

/* hiredis frees the context after this: forget it and its fd. */
static void
rc_cleanup(void *p)
{
	struct redisconn *rc = p;

	if (rc->fd != -1)
		(void)loop_del(rc->loop, rc->fd);
	rc->fd = -1;
	rc->reading = rc->writing = 0;
	rc->ac = NULL;
}

static void
rc_attach(struct redisconn *rc, redisAsyncContext *ac)
{
	rc->ac = ac;
	rc->fd = -1;
	rc->reading = rc->writing = 0;
	ac->ev.data = rc;
	ac->ev.addRead = rc_add_read;
	ac->ev.delRead = rc_del_read;
	ac->ev.addWrite = rc_add_write;
	ac->ev.delWrite = rc_del_write;
	ac->ev.cleanup = rc_cleanup;
	ac->data = rc;
}

/* Timers. */

static void
rc_set_timer(struct redisconn *rc, int ms, loop_timer_fn *fn)
{
	loop_timer_cancel(rc->loop, rc->timer);
	rc->timer = loop_timer_after(rc->loop, ms, fn, rc);
}

static void
rc_retry_due(struct loop *l, void *arg)
{
	struct redisconn *rc = arg;

	(void)l;
	rc->timer = NULL;
	rc_connect(rc);
}

static void
rc_connect_due(struct loop *l, void *arg)
{
	struct redisconn *rc = arg;

	(void)l;
	rc->timer = NULL;
	rc_lost(rc, "no answer within the connect timeout");
}

static void
rc_ping_reply(redisAsyncContext *ac, void *r, void *priv)
{
	struct redisconn *rc = priv;
	redisReply *reply = r;

	(void)ac;
	if (reply == NULL)
		return;
	rc->ping_sent = 0;
	if (reply->type == REDIS_REPLY_ERROR)
		log_info("redis %s: PING answered %.*s", rc->name,
		    (int)(reply->len > 200 ? 200 : reply->len), reply->str);
}

static void
rc_ping_due(struct loop *l, void *arg)
{
	struct redisconn *rc = arg;
	int64_t now = loop_clock();

	(void)l;
	rc->timer = NULL;
	if (rc->ping_sent != 0 &&
	    now - rc->ping_sent >= (int64_t)rc->o.timeout_ms * 1000000) {
		rc_lost(rc, "PING unanswered within the timeout");
		return;
	}
	if (rc->ping_sent == 0 && redisAsyncCommand(rc->ac, rc_ping_reply, rc,
	    "PING") == REDIS_OK)
		rc->ping_sent = now;
	rc_set_timer(rc, rc->o.ping_ms < rc->o.timeout_ms ? rc->o.ping_ms :
	    rc->o.timeout_ms, rc_ping_due);
}

/* Losing and (re)connecting. */

static void
rc_schedule_retry(struct redisconn *rc)
{
	int ms = rc->backoff_ms;

	/* Up to a quarter more, so nodes do not retry in step. */
	ms += (int)(random() % (ms / 4 + 1));
	rc->backoff_ms = rc->backoff_ms * 2 > rc->o.backoff_max_ms ?
	    rc->o.backoff_max_ms : rc->backoff_ms * 2;
	rc_set_timer(rc, ms, rc_retry_due);
	if (rc->fails == 1)
		log_info("redis %s: retrying every %d ms at most", rc->name,
		    rc->o.backoff_max_ms);
}

/* The one way down: from a failed attempt, a deadline, or hiredis's
 * disconnect callback. Freeing the context calls pending callbacks with
 * NULL replies, and possibly rc_on_disconnect, which comes back here. */
static void
rc_lost(struct redisconn *rc, const char *why)
{
	int was_up = rc->state == RC_UP;
	redisAsyncContext *ac = rc->ac;

	if (rc->state == RC_DOWN)
		return;
	rc->state = RC_DOWN;
	rc->ping_sent = 0;
	loop_timer_cancel(rc->loop, rc->timer);
	rc->timer = NULL;
	if (ac != NULL && !rc->busy) {
		ac->onDisconnect = NULL;
		redisAsyncFree(ac);
	} else if (ac != NULL) {
		/* Inside hiredis: it frees the context when we return. */
		redisAsyncDisconnect(ac);
	}
	rc->fails++;
	if (was_up)
		log_info("redis %s: connection lost: %s", rc->name, why);
	else if (rc->fails == 1 || log_enabled(LOG_VERBOSE))
		log_info("redis %s: cannot connect: %s", rc->name, why);
	if (rc->cb.down != NULL)
		rc->cb.down(rc, was_up, why, rc->cb.arg);
	if (rc->state == RC_DOWN && rc->timer == NULL)
		rc_schedule_retry(rc);
}

static void
rc_on_disconnect(const redisAsyncContext *ac, int status)
{
	struct redisconn *rc = ac->data;

	char why[256];

	(void)status;
	/* hiredis is freeing ac: rc_lost must not touch it. */
	snprintf(why, sizeof(why), "%s", ac->errstr[0] != '\0' ?
	    ac->errstr : "closed by the server");
	rc->ac = NULL;
	rc_lost(rc, why);
}

static void
rc_handshake_done(redisAsyncContext *ac, void *r, void *priv)
{
	struct redisconn *rc = priv;
	redisReply *reply = r;
	char buf[REDISURL_LEN_MAX];

	(void)ac;
	if (reply == NULL || rc->state != RC_CONNECTING)
		return;
	if (reply->type == REDIS_REPLY_ERROR) {
		rc_lost(rc, reply->str);
		return;
	}
	rc->state = RC_UP;
	rc->backoff_ms = rc->o.backoff_min_ms;
	log_info("redis %s: connected to %s%s", rc->name,
	    redisurl_show(&rc->url, buf, sizeof(buf)),
	    rc->fails > 0 ? " (recovered)" : "");
	rc->fails = 0;
	if (rc->o.ping_ms > 0)
		rc_set_timer(rc, rc->o.ping_ms, rc_ping_due);
	else {
		loop_timer_cancel(rc->loop, rc->timer);
		rc->timer = NULL;
	}
	if (rc->cb.up != NULL)
		rc->cb.up(rc, rc->cb.arg);
}

/* AUTH or SELECT answered: an error there is a configuration error. */
static void
rc_config_reply(redisAsyncContext *ac, void *r, void *priv)
{
	struct redisconn *rc = priv;
	redisReply *reply = r;
	char why[300];

	(void)ac;
	if (reply == NULL || reply->type != REDIS_REPLY_ERROR ||
	    rc->state != RC_CONNECTING)
		return;
	snprintf(why, sizeof(why), "redis refused %s: %.*s",
	    strncmp(reply->str, "ERR DB", 6) == 0 ||
	    strstr(reply->str, "DB index") != NULL ? "the database" :
	    "the credentials", (int)(reply->len > 200 ? 200 : reply->len),
	    reply->str);
	log_error("redis %s: %s", rc->name, why);
	if (rc->cb.fatal != NULL)
		rc->cb.fatal(rc, why, rc->cb.arg);
}

static void
rc_on_connect(const redisAsyncContext *cac, int status)
{
	redisAsyncContext *ac = (redisAsyncContext *)cac;
	struct redisconn *rc = ac->data;
	char db[16];

	if (status != REDIS_OK) {
		char why[256];

		/* hiredis frees the context after this returns. */
		snprintf(why, sizeof(why), "%s", ac->errstr);
		rc->ac = NULL;
		rc_lost(rc, why);
		return;
	}
	if (rc->url.pass[0] != '\0' && rc->url.user[0] != '\0')
		redisAsyncCommand(ac, rc_config_reply, rc, "AUTH %s %s",
		    rc->url.user, rc->url.pass);
	else if (rc->url.pass[0] != '\0')
		redisAsyncCommand(ac, rc_config_reply, rc, "AUTH %s",
		    rc->url.pass);
	if (rc->url.db != 0) {
		snprintf(db, sizeof(db), "%d", rc->url.db);
		redisAsyncCommand(ac, rc_config_reply, rc, "SELECT %s", db);
	}
	redisAsyncCommand(ac, rc_handshake_done, rc, "PING");
}

static void
rc_connect(struct redisconn *rc)
{
	redisAsyncContext *ac;

	if (rc->url.path[0] != '\0')
		ac = redisAsyncConnectUnix(rc->url.path);
	else
		ac = redisAsyncConnect(rc->url.host, rc->url.port);
	rc->state = RC_CONNECTING;
	if (ac == NULL) {
		rc_lost(rc, "out of memory");
		return;
	}
	if (ac->err) {
		char why[256];

		snprintf(why, sizeof(why), "%s", ac->errstr);
		redisAsyncFree(ac);
		rc_lost(rc, why);
		return;
	}
	rc_attach(rc, ac);
	redisAsyncSetDisconnectCallback(ac, rc_on_disconnect);
	/* This asks for POLLOUT: the first writable event ends connect(). */
	redisAsyncSetConnectCallback(ac, rc_on_connect);
	rc_set_timer(rc, rc->o.timeout_ms, rc_connect_due);
}

/* The interface. */

struct redisconn *
redisconn_new(struct loop *l, const struct redisurl *u, const char *name,
    const struct redisconn_opts *o, const struct redisconn_cb *cb)
{
	struct redisconn *rc = ecalloc(1, sizeof(*rc));

	rc->loop = l;
	rc->url = *u;
	rc->name = estrdup(name);
	rc->o = *o;
	if (rc->o.timeout_ms <= 0)
		rc->o.timeout_ms = REDISCONN_TIMEOUT_MS;
	if (rc->o.backoff_min_ms <= 0)
		rc->o.backoff_min_ms = REDISCONN_BACKOFF_MIN_MS;
	if (rc->o.backoff_max_ms < rc->o.backoff_min_ms)
		rc->o.backoff_max_ms = rc->o.backoff_min_ms;
	rc->cb = *cb;
	rc->fd = -1;
	rc->backoff_ms = rc->o.backoff_min_ms;
	return rc;
}

void
redisconn_start(struct redisconn *rc)
{
	if (rc->state == RC_DOWN) {
		loop_timer_cancel(rc->loop, rc->timer);
		rc->timer = NULL;
		rc_connect(rc);
	}
}

int
redisconn_up(const struct redisconn *rc)
{
	return rc->state == RC_UP;
}

redisAsyncContext *
redisconn_ctx(const struct redisconn *rc)
{
	return rc->state == RC_UP ? rc->ac : NULL;
}

int
redisconn_command(struct redisconn *rc, redisCallbackFn *fn, void *priv,
    int argc, const char **argv, const size_t *lens)
{
	if (rc->state != RC_UP || rc->ac == NULL)
		return -1;
	if (redisAsyncCommandArgv(rc->ac, fn, priv, argc, argv, lens) !=
	    REDIS_OK)
		return -1;
	return 0;
}

static void
rc_drop_deferred(struct loop *l, void *arg)
{
	struct redisconn *rc = arg;

	(void)l;
	rc->drop_pending = 0;
	rc_lost(rc, rc->drop_why);
}

void
redisconn_drop(struct redisconn *rc, const char *why)
{
	if (rc->state == RC_DOWN || rc->drop_pending)
		return;
	snprintf(rc->drop_why, sizeof(rc->drop_why), "%s", why);
	if (!rc->busy) {
		rc_lost(rc, rc->drop_why);
		return;
	}
	rc->drop_pending = 1;
	loop_defer(rc->loop, rc_drop_deferred, rc);
}

void
redisconn_free(struct redisconn *rc)
{
	if (rc == NULL)
		return;
	loop_timer_cancel(rc->loop, rc->timer);
	rc->timer = NULL;
	rc->cb.down = NULL;
	rc->cb.up = NULL;
	if (rc->ac != NULL) {
		rc->ac->onDisconnect = NULL;
		redisAsyncFree(rc->ac);
	}
	free(rc->name);
	free(rc);
}
