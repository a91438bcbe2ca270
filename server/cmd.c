/* Slash commands: one sorted table (name, arity, usage, handler). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "cmd.h"
#include "login.h"
#include "mesh.h"
#include "tcpchatd.h"
#include "names.h"
#include "room.h"
#include "server.h"
#include "text.h"
#include "efun.h"

#define CMD_ARGS_MAX	2

static cmd_fn	cmd_help, cmd_join, cmd_me, cmd_msg, cmd_nick, cmd_part,
		cmd_quit, cmd_rooms, cmd_say, cmd_who;

/* Sorted by name: cmd_find() searches it with bsearch(). */
static const struct cmd cmds[] = {
	{ "help", 0, 0, 1, "/help", "list the commands", cmd_help, 0,
	    NULL },
	{ "join", 1, 1, 1, "/join ROOM", "move to ROOM (made on first join)",
	    cmd_join, 0, "enter ROOM too (made on first join)" },
	{ "me", 0, 1, 0, "/me TEXT", "say TEXT as an action", cmd_me, 0,
	    "say TEXT as an action (/me #ROOM TEXT: in ROOM)" },
	{ "msg", 1, 2, 0, "/msg NICK TEXT", "send TEXT to NICK only",
	    cmd_msg, 0, NULL },
	{ "nick", 1, 1, 1, "/nick NAME", "take NAME as your name", cmd_nick,
	    0, NULL },
	{ "part", 0, 2, 0, "/part [ROOM] [REASON]", "leave ROOM (or the "
	    "last one joined)", cmd_part, 1, NULL },
	{ "quit", 0, 1, 1, "/quit [REASON]", "leave the chat", cmd_quit, 0,
	    "leave the chat and every room" },
	{ "rooms", 0, 0, 0, "/rooms", "list the rooms and their sizes",
	    cmd_rooms, 0, NULL },
	{ "say", 2, 2, 0, "/say ROOM TEXT", "say TEXT in ROOM", cmd_say, 1,
	    NULL },
	{ "who", 0, 1, 0, "/who", "list the people in your room", cmd_who, 0,
	    "list the people in ROOM (/who ROOM) or your last" },
};

const struct cmd *
cmd_table(size_t *n)
{
	*n = sizeof(cmds) / sizeof(cmds[0]);
	return cmds;
}

static int
cmd_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct cmd *)elem)->name);
}

const struct cmd *
cmd_find(const char *name)
{
	return bsearch(name, cmds, sizeof(cmds) / sizeof(cmds[0]),
	    sizeof(cmds[0]), cmd_cmp);
}

/* Split s at spaces into at most max words, the last taking the rest;
 * returns the count. */
static int
cmd_split(char *s, char **argv, int max)
{
	size_t n;
	int argc = 0;

	while (argc < max) {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		argv[argc++] = s;
		if (argc == max) {
			n = strlen(s);
			s = text_trim(s, &n);
			s[n] = '\0';
			break;
		}
		while (*s != ' ' && *s != '\0')
			s++;
		if (*s == ' ')
			*s++ = '\0';
	}
	return argc;
}

void
cmd_run(struct client *c, char *line, size_t n)
{
	const struct cmd *cmd;
	char *name = line + 1, *rest, *argv[CMD_ARGS_MAX];
	int argc;

	(void)n;
	rest = name + strcspn(name, " ");
	if (*rest != '\0')
		*rest++ = '\0';
	for (argv[0] = name; *argv[0] != '\0'; argv[0]++)
		if (*argv[0] >= 'A' && *argv[0] <= 'Z')
			*argv[0] += 'a' - 'A';
	if ((cmd = cmd_find(name)) == NULL ||
	    (cmd->v2 && !(c->flags & CF_V2))) {
		client_error(c, "unknown", "unknown command /%s (try /help)",
		    name);
		return;
	}
	if (c->state == CS_NAME && !cmd->anytime) {
		client_error(c, "usage", "choose a name first");
		return;
	}
	argc = cmd_split(rest, argv, cmd->maxargs);
	if (argc < cmd->minargs) {
		client_error(c, "usage", "usage: %s", cmd->usage);
		return;
	}
	cmd->fn(c, argc, argv);
}

static void
cmd_help(struct client *c, int argc, char **argv)
{
	size_t i;

	(void)argc;
	(void)argv;
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (!(c->flags & CF_V2) && cmds[i].v2)
			continue;
		client_notice(c, "%-16s %s", cmds[i].usage,
		    (c->flags & CF_V2) && cmds[i].help2 != NULL ?
		    cmds[i].help2 : cmds[i].help);
	}
	client_notice(c, "%-16s %s", "//TEXT", "say TEXT with its leading /");
}

/* Before a name: the room to enter once named (checked now, made then),
 * so that a client going back to a room passes through no other. */
static void
cmd_join_later(struct client *c, const char *room)
{
	char key[NAME_KEY_MAX];
	const char *why, *name = room[0] == '#' ? room + 1 : room;

	if (names_check(name, strlen(name), key, &why) == -1) {
		client_error(c, "badroom", "%s", why);
		return;
	}
	free(c->wantroom);
	c->wantroom = estrdup(name);
	if (!(c->flags & CF_STRUCT))
		client_notice(c, "You will be in %s once you have a name.",
		    name);
}

/* Protocol 2 adds the room (and makes it the current one); everyone
 * else moves. */
static void
cmd_join(struct client *c, int argc, char **argv)
{
	const char *why;
	char reason[64 + NAME_KEY_MAX];
	struct room *r;

	(void)argc;
	if (c->state == CS_NAME) {
		cmd_join_later(c, argv[0]);
		return;
	}
	if ((r = room_find(argv[0], strlen(argv[0]), 1, &why)) == NULL) {
		client_error(c, "badroom", "%s", why);
		return;
	}
	if (r == c->room || ((c->flags & CF_V2) && room_has(c, r))) {
		c->room = r;
		client_notice(c, "You are in #%s already", r->name);
		return;
	}
	if (c->flags & CF_V2) {
		if (c->nin >= ROOMS_PER_CONN_MAX) {
			client_error(c, "toomany", "you are in %d rooms, the "
			    "most one connection may be in: /part one first",
			    ROOMS_PER_CONN_MAX);
			return;
		}
		mesh_enter(r, c, 1);
		return;
	}
	snprintf(reason, sizeof(reason), "moved to %s", r->name);
	if (c->room != NULL)
		mesh_part(c, c->room, reason);
	mesh_enter(r, c, 1);
}

/* The room c named (with or without '#'), if c is in it; else an error
 * to c and NULL. */
static struct room *
cmd_my_room(struct client *c, const char *name)
{
	struct room *r;
	const char *why;

	if ((r = room_find(name, strlen(name), 0, &why)) == NULL ||
	    !room_has(c, r)) {
		client_error(c, "notin", "you are not in #%s",
		    name[0] == '#' ? name + 1 : name);
		return NULL;
	}
	return r;
}

/* c's current room, or an error to c and NULL (protocol 2 may be in
 * none). */
static struct room *
cmd_cur_room(struct client *c)
{
	if (c->room == NULL)
		client_error(c, "noroom", "you are in no room: /join one");
	return c->room;
}

static void
cmd_me(struct client *c, int argc, char **argv)
{
	struct room *r;
	char *text;
	size_t n;

	if (argc == 0) {
		client_error(c, "notext", "nothing to say: usage: /me TEXT");
		return;
	}
	text = argv[0];
	/* Protocol 2 names the room: "/me #dev waves". */
	if ((c->flags & CF_V2) && text[0] == '#') {
		n = strcspn(text, " ");
		if (text[n] == '\0') {
			client_error(c, "notext", "nothing to say: usage: "
			    "/me #ROOM TEXT");
			return;
		}
		text[n] = '\0';
		if ((r = cmd_my_room(c, text)) == NULL)
			return;
		for (text += n + 1; *text == ' '; text++)
			;
	} else if ((r = cmd_cur_room(c)) == NULL)
		return;
	mesh_say_in(r, c, EV_ME, text, strlen(text));
}

/* /part [ROOM] [REASON]: the first word is the room when it starts with
 * '#' or names a room c is in; else all of it is the reason. */
static void
cmd_part(struct client *c, int argc, char **argv)
{
	char reason[256];
	const char *why, *text = NULL;
	struct room *r = NULL;

	if (argc > 0 && argv[0][0] != '#' &&
	    ((r = room_find(argv[0], strlen(argv[0]), 0, &why)) == NULL ||
	    !room_has(c, r))) {
		if (argc == 2)
			argv[0][strlen(argv[0])] = ' ';	/* one reason */
		text = argv[0];
		r = NULL;
	} else if (argc > 0) {
		if ((r = cmd_my_room(c, argv[0])) == NULL)
			return;
		text = argc == 2 ? argv[1] : NULL;
	}
	if (r == NULL && (r = cmd_cur_room(c)) == NULL)
		return;
	if (text != NULL)
		snprintf(reason, sizeof(reason), "part: %s", text);
	else
		snprintf(reason, sizeof(reason), "part");
	mesh_part(c, r, reason);
}

static void
cmd_say(struct client *c, int argc, char **argv)
{
	struct room *r;

	(void)argc;
	if ((r = cmd_my_room(c, argv[0])) != NULL)
		mesh_say_in(r, c, EV_MSG, argv[1], strlen(argv[1]));
}

static void
cmd_msg(struct client *c, int argc, char **argv)
{
	char key[NAME_KEY_MAX];
	struct ev e = { .kind = EV_PRIV };
	struct client *to;
	const char *why;

	if (names_check(argv[0], strlen(argv[0]), key, &why) == -1 ||
	    (to = htab_get(&srv.nicks, key)) == NULL) {
		/* cluster: someone on another node? */
		if (mesh_priv(c, argv[0], argc < 2 ? NULL : argv[1],
		    argc < 2 ? 0 : strlen(argv[1])) == -1)
			client_error(c, "nosuchnick", "no one is called %s",
			    argv[0]);
		else if (argc < 2)
			client_error(c, "notext", "nothing to say: usage: "
			    "/msg NICK TEXT");
		return;
	}
	if (argc < 2) {
		client_error(c, "notext", "nothing to say: usage: /msg NICK "
		    "TEXT");
		return;
	}
	e.ts = time(NULL);
	e.nick = c->nick;
	e.arg = to->nick;
	e.text = argv[1];
	e.textlen = strlen(argv[1]);
	client_event(to, &e);
	if (to != c)
		client_event(c, &e);
	event_release(&e);
}

static void
cmd_nick(struct client *c, int argc, char **argv)
{
	char key[NAME_KEY_MAX];
	struct client *other;
	const char *why;

	(void)argc;
	if (c->state == CS_NAME) {
		login_name(c, argv[0], strlen(argv[0]));
		return;
	}
	if (names_check(argv[0], strlen(argv[0]), key, &why) == -1) {
		client_error(c, "badname", "%s", why);
		return;
	}
	other = htab_get(&srv.nicks, key);
	if ((other != NULL && other != c) ||
	    mesh_claiming(key)) {	/* cluster: a claim out for it */
		client_error(c, "nametaken", "the name %s is taken",
		    argv[0]);
		return;
	}
	if (strcmp(c->nick, argv[0]) == 0)
		return;
	mesh_rename(c, argv[0], key);	/* cluster: claimed first */
}

static void
cmd_quit(struct client *c, int argc, char **argv)
{
	char reason[256];

	/* Cut at a character, or BYE, PART and the log get invalid UTF-8. */
	if (argc > 0)
		snprintf(reason, sizeof(reason), "quit: %.*s",
		    (int)text_cut(argv[0], strlen(argv[0]),
		    sizeof(reason) - 1 - strlen("quit: ")), argv[0]);
	else
		snprintf(reason, sizeof(reason), "quit");
	client_bye(c, reason, "Goodbye!");
}

static void
cmd_rooms(struct client *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	mesh_list(c);
}

/* Protocol 2 may name any room; version 1 and text ask about their own
 * and ignore words after /who, as they always did. */
static void
cmd_who(struct client *c, int argc, char **argv)
{
	struct room *r;
	const char *why;

	if (argc > 0 && (c->flags & CF_V2)) {
		if ((r = room_find(argv[0], strlen(argv[0]), 0, &why)) !=
		    NULL)
			mesh_who(c, r);
		else if (mesh_who_elsewhere(c, argv[0]) == -1)
			client_error(c, "badroom", "no room is called %s",
			    argv[0]);
		return;
	}
	if ((r = cmd_cur_room(c)) != NULL)
		mesh_who(c, r);
}
