/* A cluster node's link to Redis: a command and a subscribed connection. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "efun.h"
#include "log.h"
#include "loop.h"
#include "tcpchatd.h"
#include "clusterlink.h"
#include "clusterpeople.h"
#include "clusterscript.h"
#include "redisconn.h"

#define ROOM_PREFIX	"tcpchat:room:"
#define NODE_PREFIX	"tcpchat:node:"

struct clusterlink {
	struct clusterlink_cb	 cb;
	char			*node;
	struct redisconn	*cmd, *sub;
	char			 sha[41];
	int			 loaded;	/* since the last connect */
	int			 acks;		/* subscriptions confirmed */
	int64_t			 up_since;
};

static void
link_script_reply(redisAsyncContext *ac, void *reply, void *priv)
{
	struct clusterlink *k = priv;
	redisReply *r = reply;

	(void)ac;
	if (r == NULL)
		return;
	if (r->type != REDIS_REPLY_STRING || r->len != 40) {
		log_error("cluster: SCRIPT LOAD: %s", r->type ==
		    REDIS_REPLY_ERROR ? r->str : "not a digest");
		redisconn_drop(k->cmd, "SCRIPT LOAD failed");
		return;
	}
	memcpy(k->sha, r->str, 40);
	k->sha[40] = '\0';
	if (!k->loaded) {
		k->loaded = 1;
		if (k->cb.cmd_up != NULL)
			k->cb.cmd_up(k->cb.arg);
	}
}

void
clusterlink_reload(struct clusterlink *k)
{
	const char *v[] = { "SCRIPT", "LOAD", clusterscript_text() };
	size_t l[] = { 6, 4, strlen(v[2]) };

	(void)redisconn_command(k->cmd, link_script_reply, k, 3, v, l);
}

static void
link_cmd_up(struct redisconn *rc, void *arg)
{
	struct clusterlink *k = arg;

	(void)rc;
	k->up_since = loop_clock();
	k->loaded = 0;
	clusterlink_reload(k);
}

static void
link_cmd_down(struct redisconn *rc, int up, const char *why, void *arg)
{
	struct clusterlink *k = arg;

	(void)rc;
	(void)why;
	k->loaded = 0;
	if (up && k->cb.cmd_down != NULL)
		k->cb.cmd_down(k->cb.arg);
}

static void
link_fatal(struct redisconn *rc, const char *why, void *arg)
{
	struct clusterlink *k = arg;

	(void)rc;
	if (k->cb.fatal != NULL)
		k->cb.fatal(k->cb.arg, why);
}

/* Subscriptions. */

static int
link_kind(const redisReply *r, const char *want)
{
	return r != NULL && r->type == REDIS_REPLY_ARRAY && r->elements >= 3 &&
	    r->element[0]->type == REDIS_REPLY_STRING &&
	    strcmp(r->element[0]->str, want) == 0;
}

static void
link_acked(struct clusterlink *k)
{
	if (++k->acks == 2 && k->cb.sub_up != NULL)
		k->cb.sub_up(k->cb.arg);
}

static void
link_room(redisAsyncContext *ac, void *reply, void *priv)
{
	struct clusterlink *k = priv;
	redisReply *r = reply, *ch, *msg;
	struct cluster_event ev;
	char epoch[CLUSTER_EPOCH_MAX + 1], key[NAME_KEY_MAX];
	const char *why, *rk;
	size_t plen = sizeof(ROOM_PREFIX) - 1;

	(void)ac;
	if (r == NULL)
		return;
	if (link_kind(r, "psubscribe")) {
		link_acked(k);
		return;
	}
	if (!link_kind(r, "pmessage") || r->elements != 4 ||
	    (ch = r->element[2])->type != REDIS_REPLY_STRING ||
	    (msg = r->element[3])->type != REDIS_REPLY_STRING ||
	    ch->len < plen || strncmp(ch->str, ROOM_PREFIX, plen) != 0)
		return;
	rk = ch->str + plen;
	if (clusterdecode_push(msg->str, msg->len, &ev, epoch, &why) == -1) {
		log_info("cluster: bad event on %.80s skipped: %s", ch->str,
		    why);
		return;
	}
	if (clusterpeople_fold(ev.room, key) == -1 || strcmp(key, rk) != 0)
		log_info("cluster: event for %.80s names another room", ch->str);
	else if (k->cb.push != NULL)
		k->cb.push(k->cb.arg, key, &ev, epoch);
	clusterdecode_free(&ev);
}

static void
link_note(redisAsyncContext *ac, void *reply, void *priv)
{
	struct clusterlink *k = priv;
	redisReply *r = reply, *msg;
	struct cluster_event ev;
	const char *why;
	uint64_t beat;
	int kind;

	(void)ac;
	if (r == NULL)
		return;
	if (link_kind(r, "subscribe")) {
		link_acked(k);
		return;
	}
	if (!link_kind(r, "message") || (msg = r->element[2])->type !=
	    REDIS_REPLY_STRING)
		return;
	kind = clusterdecode_note(msg->str, msg->len, &ev, &beat, &why);
	if (kind == -1)
		log_info("cluster: bad note skipped: %s", why);
	else if (kind == CLUSTER_NOTE_BEAT && k->cb.beat != NULL)
		k->cb.beat(k->cb.arg, beat);
	else if (kind == CLUSTER_NOTE_PRIV && k->cb.priv != NULL)
		k->cb.priv(k->cb.arg, &ev);
	clusterdecode_free(&ev);
}

static void
link_sub_up(struct redisconn *rc, void *arg)
{
	struct clusterlink *k = arg;
	redisAsyncContext *ac = redisconn_ctx(rc);
	char ch[sizeof(NODE_PREFIX) + CLUSTER_NODE_MAX];

	k->acks = 0;
	snprintf(ch, sizeof(ch), NODE_PREFIX "%s", k->node);
	redisAsyncCommand(ac, link_room, k, "PSUBSCRIBE " ROOM_PREFIX "*");
	redisAsyncCommand(ac, link_note, k, "SUBSCRIBE %s", ch);
}

static void
link_sub_down(struct redisconn *rc, int up, const char *why, void *arg)
{
	struct clusterlink *k = arg;

	(void)rc;
	(void)why;
	k->acks = 0;
	if (up && k->cb.sub_down != NULL)
		k->cb.sub_down(k->cb.arg);
}

/* The interface. */

struct clusterlink *
clusterlink_new(struct loop *l, const struct redisurl *u, const char *node,
    int timeout_ms, int ping_ms, const struct clusterlink_cb *cb)
{
	struct clusterlink *k = ecalloc(1, sizeof(*k));
	struct redisconn_opts co = { 0 }, so = { 0 };
	struct redisconn_cb ccb = { link_cmd_up, link_cmd_down, link_fatal,
	    NULL };
	struct redisconn_cb scb = { link_sub_up, link_sub_down, link_fatal,
	    NULL };
	char name[CLUSTER_NODE_MAX + 8];

	k->cb = *cb;
	k->node = estrdup(node);
	co.timeout_ms = so.timeout_ms = timeout_ms;
	co.ping_ms = ping_ms;		/* the subscribed one is not PINGed:
					 * the heartbeat echo checks it */
	co.backoff_max_ms = so.backoff_max_ms = REDISCONN_BACKOFF_MAX_MS;
	ccb.arg = scb.arg = k;
	snprintf(name, sizeof(name), "%s/cmd", node);
	k->cmd = redisconn_new(l, u, name, &co, &ccb);
	snprintf(name, sizeof(name), "%s/sub", node);
	k->sub = redisconn_new(l, u, name, &so, &scb);
	redisconn_start(k->cmd);
	redisconn_start(k->sub);
	return k;
}

void
clusterlink_free(struct clusterlink *k)
{
	if (k == NULL)
		return;
	k->cb.cmd_down = k->cb.sub_down = NULL;
	k->cb.push = NULL;
	k->cb.priv = NULL;
	k->cb.beat = NULL;
	k->cb.sub_up = k->cb.cmd_up = NULL;
	redisconn_free(k->cmd);
	redisconn_free(k->sub);
	free(k->node);
	free(k);
}

int
clusterlink_ready(const struct clusterlink *k)
{
	return redisconn_up(k->cmd) && k->loaded;
}

int
clusterlink_subscribed(const struct clusterlink *k)
{
	return redisconn_up(k->sub) && k->acks == 2;
}

const char *
clusterlink_sha(const struct clusterlink *k)
{
	return k->sha;
}

int64_t
clusterlink_up_since(const struct clusterlink *k)
{
	return k->up_since;
}

int
clusterlink_command(struct clusterlink *k, redisCallbackFn *fn, void *priv,
    int argc, const char **argv, const size_t *lens)
{
	return redisconn_command(k->cmd, fn, priv, argc, argv, lens);
}

void
clusterlink_drop_sub(struct clusterlink *k, const char *why)
{
	redisconn_drop(k->sub, why);
}

void
clusterlink_drop_cmd(struct clusterlink *k, const char *why)
{
	redisconn_drop(k->cmd, why);
}
