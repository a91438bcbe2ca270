/* The client's commands: one sorted table, local and server ones, and
 * the dispatch of each line the user types. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chat.h"
#include "command.h"
#include "efun.h"
#include "sb.h"

static command_fn	command_clear, command_close, command_help,
			command_ignore, command_join, command_part,
			command_query,
			command_quit, command_reconnect, command_server,
			command_unignore, command_window;

/* Sorted by name: command_find() searches it and /help lists it. */
static const struct command cmds[] = {
	{ "clear", 0, 0, command_clear, "/clear",
	    "clear the message area (local)" },
	{ "close", 0, 0, command_close, "/close",
	    "close this window (local)" },
	{ "help", 0, 0, command_help, "/help",
	    "list commands and keys (local)" },
	{ "ignore", 0, 2, command_ignore, "/ignore [-save] [NICK]",
	    "hide NICK (-save: for good), or list" },
	{ "join", 1, 1, command_join, "/join ROOM",
	    "enter ROOM (made on first join) in a window of its own" },
	{ "me", 1, -1, command_server, "/me TEXT",
	    "say TEXT as an action" },
	{ "msg", 2, -1, command_server, "/msg NICK TEXT",
	    "send TEXT to NICK only" },
	{ "nick", 1, 1, command_server, "/nick NAME",
	    "change your name" },
	{ "part", 0, -1, command_part, "/part [ROOM] [REASON]",
	    "leave ROOM (or this one), closing its window" },
	{ "query", 1, 1, command_query, "/query NICK",
	    "open a window to talk with NICK alone (local)" },
	{ "quit", 0, -1, command_quit, "/quit [REASON]",
	    "leave the chat and exit" },
	{ "reconnect", 0, 0, command_reconnect, "/reconnect",
	    "connect again now, delays from the start (local)" },
	{ "rooms", 0, 0, command_server, "/rooms",
	    "list the rooms and how many are in each" },
	{ "unignore", 1, 1, command_unignore, "/unignore NICK",
	    "show NICK again (for good)" },
	{ "who", 0, 0, command_server, "/who",
	    "list the people in this room" },
	{ "window", 1, 1, command_window, "/window N",
	    "go to window number N (local)" },
};

#define NCMDS	(sizeof(cmds) / sizeof(cmds[0]))

const struct command *
command_table(size_t *n)
{
	*n = NCMDS;
	return cmds;
}

const struct command *
command_find(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < NCMDS; i++)
		if (strlen(cmds[i].name) == len &&
		    strncasecmp(cmds[i].name, name, len) == 0)
			return &cmds[i];
	return NULL;
}

static int
command_words(const char *s)
{
	int n;

	for (n = 0; *s != '\0'; n++) {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		while (*s != ' ' && *s != '\0')
			s++;
	}
	return n;
}

int
command_arity_ok(const struct command *c, const char *args)
{
	int n;

	n = command_words(args);
	if (n < c->min)
		return 0;
	return c->max < 0 || n <= c->max;
}

/* A name typed while the server waits for one. */
static void
command_input_name(struct chat *c, const char *line)
{
	while (*line == ' ')
		line++;
	if (strncmp(line, "/quit", 5) == 0) {
		c->io->quit(c->arg);
		return;
	}
	if (strncmp(line, "/nick ", 6) == 0)
		line += 6;
	else if (*line == '/') {
		c->io->send(c->arg, line);	/* the server may know it */
		return;
	}
	if (*line == '\0')
		return;
	chat_name(c, line);
}

static void
command_run(struct chat *c, const char *line)
{
	const struct command *cmd;
	const char *args;
	size_t len;

	len = strcspn(line + 1, " ");
	args = line + 1 + len;
	while (*args == ' ')
		args++;
	if ((cmd = command_find(line + 1, len)) == NULL) {
		/* The server may know it; it answers ERR if not. */
		if (c->io->send(c->arg, line) == -1)
			chat_notice(c, SB_ERR, "Not connected");
		return;
	}
	if (!command_arity_ok(cmd, args)) {
		chat_notice(c, SB_ERR, "Usage: %s", cmd->usage);
		return;
	}
	cmd->fn(c, cmd, args);
}

void
command_input(struct chat *c, const char *line)
{
	if (c->naming) {
		command_input_name(c, line);
		return;
	}
	if (line[0] == '/' && line[1] != '/' && line[1] != '\0')
		command_run(c, line);
	else if (line[0] == '/' && line[1] == '/')
		chat_say(c, line + 1);
	else
		chat_say(c, line);
}

static void
command_clear(struct chat *c, const struct command *cmd, const char *args)
{
	(void)cmd;
	(void)args;
	c->io->clear(c->arg);
}

static void
command_help(struct chat *c, const struct command *cmd, const char *args)
{
	const struct command *t;
	const char *const *k;
	size_t i, n;

	(void)cmd;
	(void)args;
	t = command_table(&n);
	chat_notice(c, SB_SYS, "Commands (a line not starting with / is "
	    "a message; // sends a literal /):");
	for (i = 0; i < n; i++)
		chat_notice(c, SB_SYS, "  %-16s %s", t[i].usage, t[i].help);
	for (k = c->io->keys_help; k != NULL && *k != NULL; k++)
		chat_notice(c, SB_SYS, "%s", *k);
}

static void
command_quit(struct chat *c, const struct command *cmd, const char *args)
{
	(void)cmd;
	if (args[0] != '\0')
		chat_sendf(c, "/quit %s", args);
	else
		c->io->send(c->arg, "/quit");
	c->io->quit(c->arg);
}

static void
command_ignore_list(struct chat *c)
{
	size_t i, len;
	char *list;

	if (c->ignored.count == 0) {
		chat_notice(c, SB_SYS, "Ignoring nobody");
		return;
	}
	for (i = len = 0; i < c->ignored.count; i++)
		len += strlen(c->ignored.names[i]) + 2;
	list = emalloc(len + 1);
	list[0] = '\0';
	for (i = 0; i < c->ignored.count; i++) {
		if (i > 0)
			strcat(list, ", ");
		strcat(list, c->ignored.names[i]);
	}
	chat_notice(c, SB_SYS, "Ignoring: %s", list);
	free(list);
}

/* /ignore [-save] [NICK]: for the session, or kept in the config. */
static void
command_ignore(struct chat *c, const struct command *cmd, const char *args)
{
	char nick[256];
	int save;

	(void)cmd;
	save = strncmp(args, "-save", 5) == 0 && (args[5] == ' ' ||
	    args[5] == '\0');
	if (save)
		for (args += 5; *args == ' '; args++)
			;
	snprintf(nick, sizeof(nick), "%.*s", (int)strcspn(args, " "), args);
	if (nick[0] == '\0' || args[strcspn(args, " ")] != '\0') {
		if (nick[0] == '\0' && !save)
			command_ignore_list(c);
		else
			chat_notice(c, SB_ERR, "Usage: %s", cmd->usage);
		return;
	}
	chat_ignore(c, nick);
	if (!save) {
		chat_notice(c, SB_SYS, "Ignoring %s for this session "
		    "(/ignore -save %s keeps it)", nick, nick);
		return;
	}
	if (c->io->save_ignore == NULL)
		chat_notice(c, SB_ERR, "Ignoring %s; not saved: no config "
		    "file", nick);
	else if (c->io->save_ignore(c->arg, nick, 1) == -1)
		chat_notice(c, SB_ERR, "Ignoring %s; not saved: %s", nick,
		    strerror(errno));
	else
		chat_notice(c, SB_SYS, "Ignoring %s, kept in the config", nick);
}

static void
command_unignore(struct chat *c, const struct command *cmd,
    const char *args)
{
	(void)cmd;
	if (people_del(&c->ignored, args) == -1)
		chat_notice(c, SB_ERR, "Not ignoring %s", args);
	else
		chat_notice(c, SB_SYS, "No longer ignoring %s", args);
	if (c->io->save_ignore != NULL &&
	    c->io->save_ignore(c->arg, args, 0) == -1)
		chat_notice(c, SB_ERR, "The config still ignores %s: %s",
		    args, strerror(errno));
}

static void
command_reconnect(struct chat *c, const struct command *cmd,
    const char *args)
{
	(void)cmd;
	(void)args;
	if (c->io->reconnect == NULL) {
		chat_notice(c, SB_ERR, "The line client does not reconnect");
		return;
	}
	chat_notice(c, SB_SYS, "Reconnecting");
	c->quiet = c->welcomed || c->hello;
	c->io->reconnect(c->arg);
}

static void
command_winop(struct chat *c, enum chat_winop op, const char *name)
{
	if (c->io->window == NULL) {
		chat_notice(c, SB_ERR, "The line client has no windows");
		return;
	}
	c->io->window(c->arg, op, name);
}

static void
command_close(struct chat *c, const struct command *cmd, const char *args)
{
	(void)cmd;
	(void)args;
	command_winop(c, CHAT_WIN_CLOSE, NULL);
}

static void
command_query(struct chat *c, const struct command *cmd, const char *args)
{
	(void)cmd;
	command_winop(c, CHAT_WIN_QUERY, args);
}

static void
command_window(struct chat *c, const struct command *cmd, const char *args)
{
	(void)cmd;
	command_winop(c, CHAT_WIN_GOTO, args);
}

/* Joining the room we are in would only replay its history again:
 * protocol 2 shows its window instead. */
static void
command_join(struct chat *c, const struct command *cmd, const char *args)
{
	const char *room;

	room = args[0] == '#' ? args + 1 : args;
	if (c->welcomed && c->v2 && chat_in_room(c, room)) {
		chat_notice(c, SB_SYS, "You are in #%s already", room);
		if (c->io->window != NULL)
			c->io->window(c->arg, CHAT_WIN_ROOM, room);
		return;
	}
	if (c->welcomed && c->room != NULL && people_cmp(room, c->room) == 0) {
		chat_notice(c, SB_SYS, "You are in #%s already", c->room);
		return;
	}
	if (c->v2 && c->nin >= CHAT_ROOMS_MAX) {
		chat_notice(c, SB_ERR, "You are in %d rooms, the most the "
		    "server allows: /part one first", CHAT_ROOMS_MAX);
		return;
	}
	free(c->asked);
	c->asked = estrdup(room);
	command_server(c, cmd, args);
}

/* /part [ROOM] [REASON]: the room named (with '#', or one we are in),
 * else the one shown; the server's PART closes its window. */
static void
command_part(struct chat *c, const struct command *cmd, const char *args)
{
	char room[256];
	size_t n;

	(void)cmd;
	if (!c->welcomed) {
		chat_notice(c, SB_ERR, "Not connected");
		return;
	}
	if (!c->v2) {
		chat_notice(c, SB_ERR, "This server keeps you in one room: "
		    "/join another to move");
		return;
	}
	n = strcspn(args, " ");
	snprintf(room, sizeof(room), "%.*s", (int)n, args);
	if (n > 0 && n < sizeof(room) && (args[0] == '#' ||
	    chat_in_room(c, room))) {
		chat_sendf(c, "/part %s", args);
		return;
	}
	if (c->room == NULL) {
		chat_notice(c, SB_ERR, "You are in no room here");
		return;
	}
	if (args[0] != '\0')
		chat_sendf(c, "/part #%s %s", c->room, args);
	else
		chat_sendf(c, "/part #%s", c->room);
}

/* Commands the server runs: sent as typed, once the arity is right. */
static void
command_server(struct chat *c, const struct command *cmd, const char *args)
{
	char head[256];
	size_t nick;

	if (!c->welcomed) {
		chat_notice(c, SB_ERR, "Not connected");
		return;
	}
	/* Messages may be long: split like any other. Protocol 2 names
	 * the room shown. */
	if (strcmp(cmd->name, "me") == 0 && c->v2 && c->room != NULL) {
		snprintf(head, sizeof(head), "/me #%.*s ",
		    chat_cut(c->room, 128), c->room);
		chat_send_split(c, head, args);
		return;
	}
	if (strcmp(cmd->name, "me") == 0) {
		chat_send_split(c, "/me ", args);
		return;
	}
	if (strcmp(cmd->name, "who") == 0 && c->v2 && c->room != NULL) {
		chat_sendf(c, "/who %s", c->room);
		return;
	}
	if (strcmp(cmd->name, "msg") == 0 &&
	    (nick = strcspn(args, " ")) < sizeof(head) - 8) {
		snprintf(head, sizeof(head), "/msg %.*s ", (int)nick, args);
		args += nick;
		while (*args == ' ')
			args++;
		chat_send_split(c, head, args);
		return;
	}
	if (args[0] != '\0')
		chat_sendf(c, "/%s %s", cmd->name, args);
	else
		chat_sendf(c, "/%s", cmd->name);
}
