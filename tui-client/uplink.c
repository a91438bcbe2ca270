/* The glue between a chat and its connection, shared by the full-screen
 * and the line client. */
#include <stddef.h>

#include "chat.h"
#include "loop.h"
#include "session.h"
#include "tcpchat.h"
#include "uplink.h"

static void
uplink_cancel_hello(struct uplink *u)
{
	loop_timer_cancel(u->loop, u->hello);
	u->hello = NULL;
}

/* A server that never says HELLO is not a tcpchatd (or is stuck). */
static void
uplink_no_hello(struct loop *loop, void *arg)
{
	struct uplink *u = arg;

	(void)loop;
	u->hello = NULL;
	if (!u->chat->hello)
		session_fail(u->conn, "no answer to /hello: not a tcpchatd?");
}

static void
uplink_on_up(void *arg)
{
	struct uplink *u = arg;

	uplink_cancel_hello(u);
	u->hello = loop_timer_after(u->loop, HELLO_WAIT_MS, uplink_no_hello,
	    u);
	if (u->cb->up != NULL)
		u->cb->up(u->arg);
	chat_connected(u->chat);
}

static void
uplink_on_line(void *arg, char *line, size_t len)
{
	struct uplink *u = arg;

	if (u->chat->retake)
		return;		/* dropped below: the rest is not read */
	chat_server_line(u->chat, line, len);
	if (u->chat->bye != NULL)
		session_clean(u->conn);
	if (u->chat->retake)
		session_fail(u->conn, "name still held");
}

static void
uplink_on_down(void *arg, const char *why)
{
	struct uplink *u = arg;

	uplink_cancel_hello(u);
	u->cb->down(u->arg, why);
}

static const struct session_cb uplink_session_cb = {
	.up = uplink_on_up,
	.line = uplink_on_line,
	.down = uplink_on_down,
};

void
uplink_start(struct uplink *u, struct loop *loop, struct chat *chat,
    const char *const *hosts, const char *const *ports, size_t n,
    int retry, const struct uplink_cb *cb, void *arg)
{
	u->loop = loop;
	u->chat = chat;
	u->hello = NULL;
	u->cb = cb;
	u->arg = arg;
	u->conn = NULL;
	/* session_new() may call back (a failed lookup) before it returns:
	 * those callbacks must find u->conn NULL-safe. */
	u->conn = session_new(loop, hosts, ports, n, retry,
	    &uplink_session_cb, u);
}

void
uplink_free(struct uplink *u)
{
	uplink_cancel_hello(u);
	session_free(u->conn);
	u->conn = NULL;
}

int
uplink_send(struct uplink *u, const char *line)
{
	if (u->conn == NULL)
		return -1;
	return session_send(u->conn, line);
}

void
uplink_update(struct uplink *u)
{
	if (u->chat->hello && u->hello != NULL)
		uplink_cancel_hello(u);
}

void
uplink_restart(struct uplink *u)
{
	session_restart(u->conn);
}

void
uplink_online(struct uplink *u)
{
	session_online(u->conn);
}
