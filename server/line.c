/* Line handling: each input line of a connection, cleaned, is a /hello,
 * a name, a command or something said to the room. */
#include <stdint.h>
#include <string.h>
#include <wctype.h>

#include "client.h"
#include "cmd.h"
#include "line.h"
#include "login.h"
#include "mesh.h"
#include "outq.h"
#include "room.h"
#include "server.h"
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
	else if (s[0] == '/')
		mesh_say(c, EV_MSG, s + 1, n - 1);
	else
		mesh_say(c, EV_MSG, s, n);
	client_owe_prompt(c);
}

static void
line_hello(struct client *c)
{
	static struct chunk *hello;

	if (hello == NULL)
		hello = chunk_new("\nHELLO\t1\ttcpchatd\n", 18);
	c->flags |= CF_STRUCT;
	client_reply(c, hello);
	client_owe_prompt(c);
}

int
line_input(void *arg, char *line, size_t len)
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
			line_hello(c);
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
	c->flags |= CF_SPOKE;
	client_error(c, "toolong", "line too long (over %lld bytes), "
	    "ignored", srv.o.max_line);
	client_owe_prompt(c);
	return 0;
}
