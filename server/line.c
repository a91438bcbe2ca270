/* Line handling: each input line of a connection, cleaned, is a /hello,
 * a name, a command or something said to the room. */
#include <stdint.h>
#include <string.h>
#include <wctype.h>

#include "client.h"
#include "cmd.h"
#include "line.h"
#include "login.h"
#include "loop.h"
#include "mesh.h"
#include "outq.h"
#include "room.h"
#include "server.h"
#include "tcpchatd.h"
#include "text.h"

/* Whether s holds nothing but white space (of any script). */
static int
line_blank(const char *s, size_t n)
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
line_is_cmd(const char *s, size_t n)
{
	return n > 0 && s[0] == '/' && (n == 1 || s[1] != '/');
}

static void
line_chat(struct client *c, char *s, size_t n)
{
	if (line_blank(s, n)) {
		client_owe_prompt(c);
		return;
	}
	if (line_is_cmd(s, n))
		cmd_run(c, s, n);
	else if (c->room == NULL)
		client_error(c, "noroom", "you are in no room: /join one");
	else if (s[0] == '/')
		mesh_say(c, EV_MSG, s + 1, n - 1);
	else
		mesh_say(c, EV_MSG, s, n);
	client_owe_prompt(c);
}

/* The version a first line "/hello tcpchat N" asks for (N: 1 to 9
 * digits, the answer the newest this server speaks up to N), or 0 if
 * the line is something else. */
static int
line_hello_version(const char *s, size_t n)
{
	static const char hello[] = "/hello tcpchat ";
	size_t k = sizeof(hello) - 1, i;
	long v = 0;

	if (n <= k || n > k + 9 || memcmp(s, hello, k) != 0)
		return 0;
	for (i = k; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	if (v < 1)
		return 0;
	return v > PROTO_MAX ? PROTO_MAX : (int)v;
}

static void
line_hello(struct client *c, int version)
{
	static struct chunk *hello[PROTO_MAX + 1];

	if (hello[version] == NULL)
		hello[version] = chunk_fmt("\nHELLO\t%d\ttcpchatd\n", version);
	c->flags |= CF_STRUCT;
	if (version >= 2)
		c->flags |= CF_V2;
	client_reply(c, hello[version]);
	client_owe_prompt(c);
}

int
line_input(void *arg, char *line, size_t len)
{
	struct client *c = arg;
	size_t n;
	int v;

	c->flags &= ~CF_SHOWN;
	if (srv.stopping || c->state == CS_CLOSING)
		return -1;
	c->heard = loop_now(srv.loop);
	if (!(c->flags & CF_SPOKE)) {
		c->flags |= CF_SPOKE;
		if ((v = line_hello_version(line, len)) > 0) {
			line_hello(c, v);
			return 0;
		}
	}
	n = text_clean(line, len, srv.clean);
	srv.clean[n] = '\0';
	if (c->state == CS_CHAT)
		line_chat(c, srv.clean, n);
	else if (line_is_cmd(srv.clean, n))
		cmd_run(c, srv.clean, n);
	else
		login_name(c, srv.clean, n);
	if (c->state == CS_NAME && !mesh_waiting(c))	/* cluster */
		client_owe_prompt(c);
	return c->state == CS_CLOSING ? -1 : 0;
}

int
line_toolong(void *arg)
{
	struct client *c = arg;

	if (c->state == CS_CLOSING)
		return -1;
	c->heard = loop_now(srv.loop);
	c->flags |= CF_SPOKE;
	client_error(c, "toolong", "line too long (over %lld bytes), "
	    "ignored", srv.o.max_line);
	client_owe_prompt(c);
	return 0;
}
