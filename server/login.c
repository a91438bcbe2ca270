/* The name phase: a connection becomes a named person in a room, and at
 * its end stops being one. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addrlim.h"
#include "client.h"
#include "htab.h"
#include "login.h"
#include "tcpchatd.h"
#include "log.h"
#include "loop.h"
#include "mesh.h"
#include "names.h"
#include "room.h"
#include "server.h"
#include "text.h"

static void
login_fail(struct client *c, const char *code, const char *fmt, ...)
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
login_welcome(struct client *c, struct room *r)
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

/* --idle-timeout: the timer is armed once and, when it fires early
 * because the client spoke meanwhile, again for the time left, so a
 * line costs no timer work. */
static void
login_idle(struct loop *l, void *arg)
{
	struct client *c = arg;
	int64_t quiet, limit = srv.o.idle_timeout * 1000000000LL;
	char msg[64];

	c->timer = NULL;
	if (c->state != CS_CHAT)
		return;
	quiet = loop_now(l) - c->heard;
	if (quiet < limit) {
		c->timer = loop_timer_after(l, (limit - quiet) / 1000000 + 1,
		    login_idle, c);
		return;
	}
	log_verbose("fd %d: %s idle for %lld s", c->fd, c->nick,
	    srv.o.idle_timeout);
	snprintf(msg, sizeof(msg), "Idle for %lld seconds, goodbye.",
	    srv.o.idle_timeout);
	if (c->flags & CF_STRUCT)
		client_notice(c, "%s", msg);
	client_bye(c, "idle", msg);
}

static mesh_claimed_fn	login_named;

void
login_name(struct client *c, char *s, size_t n)
{
	char key[NAME_KEY_MAX];
	const char *why;

	if (mesh_waiting(c))	/* cluster: its claim is out */
		return;
	s = text_trim(s, &n);
	if (names_check(s, n, key, &why) == -1) {
		login_fail(c, "badname", "%s", why);
		return;
	}
	if (htab_get(&srv.nicks, key) != NULL ||
	    mesh_claiming(key)) {	/* cluster: a claim out for it */
		login_fail(c, "nametaken",
		    "the name %.*s is taken, try another", (int)n, s);
		return;
	}
	if (srv.njoined >= srv.o.max_clients) {
		client_error(c, "full", CHAT_FULL, srv.o.max_clients,
		    srv.o.max_clients);
		client_bye(c, "full", "Goodbye.");
		return;
	}
	mesh_claim(c, s, n, key, login_named);	/* cluster: answered later */
}

/* The answer to the claim of nick: c is a person in the chat now. */
static void
login_named(struct client *c, const char *s, const char *key, int ok)
{
	const char *why;
	struct room *r;

	if (!ok) {	/* cluster: someone on another node has it */
		login_fail(c, "nametaken", "the name %s is taken, try another",
		    s);
		return;
	}
	client_set_nick(c, s, strlen(s), key);
	htab_put(&srv.nicks, c->key, c);
	srv.njoined++;
	addrlim_settle(&srv.addrs, c->al);
	loop_timer_cancel(srv.loop, c->timer);
	c->timer = NULL;
	if (srv.o.idle_timeout > 0)
		c->timer = loop_timer_after(srv.loop,
		    srv.o.idle_timeout * 1000, login_idle, c);
	c->state = CS_CHAT;
	c->flags &= ~CF_PROMPT;
	log_verbose("fd %d: joined as %s", c->fd, c->nick);
	/* A room asked for with /join before the name, so a returning
	 * client goes straight there; the default if it cannot be made. */
	r = NULL;
	if (c->wantroom != NULL)
		r = room_find(c->wantroom, strlen(c->wantroom), 1, &why);
	free(c->wantroom);
	c->wantroom = NULL;
	if (r == NULL)
		r = room_find(ROOM_DEFAULT, strlen(ROOM_DEFAULT), 1, &why);
	login_welcome(c, r);
	mesh_enter(r, c, 0);
}

static void
login_timeout(struct loop *l, void *arg)
{
	struct client *c = arg;

	(void)l;
	c->timer = NULL;
	if (c->state == CS_NAME)
		client_bye(c, "timeout", "Timed out waiting for a name, "
		    "goodbye.");
}

void
login_start(struct client *c)
{
	c->timer = loop_timer_after(srv.loop, srv.o.name_timeout * 1000,
	    login_timeout, c);
}

void
login_leave(struct client *c)
{
	mesh_part_all(c, c->reason);	/* each room's PART to the cluster */
	mesh_forget(c);	/* cluster: its claim, its name */
	if (c->key != NULL) {
		htab_del(&srv.nicks, c->key);
		srv.njoined--;
	}
}
