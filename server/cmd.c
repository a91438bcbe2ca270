/* Slash commands: one sorted table (name, arity, usage, handler). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client.h"
#include "cmd.h"
#include "login.h"
#include "tcpchatd.h"
#include "names.h"
#include "room.h"
#include "server.h"
#include "text.h"

#define CMD_ARGS_MAX	2

static cmd_fn	cmd_help, cmd_join, cmd_me, cmd_msg, cmd_nick, cmd_quit,
		cmd_rooms, cmd_who;

/* Sorted by name: cmd_find() searches it with bsearch(). */
static const struct cmd cmds[] = {
	{ "help", 0, 0, 1, "/help", "list the commands", cmd_help },
	{ "join", 1, 1, 0, "/join ROOM", "move to ROOM (made on first join)",
	    cmd_join },
	{ "me", 0, 1, 0, "/me TEXT", "say TEXT as an action", cmd_me },
	{ "msg", 1, 2, 0, "/msg NICK TEXT", "send TEXT to NICK only",
	    cmd_msg },
	{ "nick", 1, 1, 1, "/nick NAME", "take NAME as your name", cmd_nick },
	{ "quit", 0, 1, 1, "/quit [REASON]", "leave the chat", cmd_quit },
	{ "rooms", 0, 0, 0, "/rooms", "list the rooms and their sizes",
	    cmd_rooms },
	{ "who", 0, 0, 0, "/who", "list the people in your room", cmd_who },
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
	if ((cmd = cmd_find(name)) == NULL) {
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
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		client_notice(c, "%-16s %s", cmds[i].usage, cmds[i].help);
	client_notice(c, "%-16s %s", "//TEXT", "say TEXT with its leading /");
}

static void
cmd_join(struct client *c, int argc, char **argv)
{
	const char *why;
	char reason[64 + NAME_KEY_MAX];
	struct room *r;

	(void)argc;
	if ((r = room_find(argv[0], strlen(argv[0]), 1, &why)) == NULL) {
		client_error(c, "badroom", "%s", why);
		return;
	}
	if (r == c->room) {
		client_notice(c, "You are in %s already.", r->name);
		return;
	}
	snprintf(reason, sizeof(reason), "moved to %s", r->name);
	room_leave(c, reason);
	room_enter(r, c, 1);
}

static void
cmd_me(struct client *c, int argc, char **argv)
{
	if (argc == 0) {
		client_error(c, "notext", "nothing to say: usage: /me TEXT");
		return;
	}
	room_say(c, EV_ME, argv[0], strlen(argv[0]));
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
		client_error(c, "nosuchnick", "no one is called %s", argv[0]);
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
	if (other != NULL && other != c) {
		client_error(c, "nametaken", "the name %s is taken",
		    argv[0]);
		return;
	}
	if (strcmp(c->nick, argv[0]) == 0)
		return;
	room_rename(c, argv[0], key);
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
	room_list(c);
}

static void
cmd_who(struct client *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	room_who(c);
}
