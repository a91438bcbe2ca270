/* The client's commands: one sorted table, local and server ones. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "command.h"

/* Sorted by name: command_find() searches it and /help lists it. */
static const struct command cmds[] = {
	{ "clear", 0, 0, chat_cmd_clear, "/clear",
	    "clear the message area (local)" },
	{ "close", 0, 0, chat_cmd_close, "/close",
	    "close this window (local)" },
	{ "help", 0, 0, chat_cmd_help, "/help",
	    "list commands and keys (local)" },
	{ "ignore", 0, 2, chat_cmd_ignore, "/ignore [-save] [NICK]",
	    "hide NICK (-save: for good), or list" },
	{ "join", 1, 1, chat_cmd_join, "/join ROOM",
	    "move to ROOM, made on first join" },
	{ "me", 1, -1, chat_cmd_server, "/me TEXT",
	    "say TEXT as an action" },
	{ "msg", 2, -1, chat_cmd_server, "/msg NICK TEXT",
	    "send TEXT to NICK only" },
	{ "nick", 1, 1, chat_cmd_server, "/nick NAME",
	    "change your name" },
	{ "query", 1, 1, chat_cmd_query, "/query NICK",
	    "open a window to talk with NICK alone (local)" },
	{ "quit", 0, -1, chat_cmd_quit, "/quit [REASON]",
	    "leave the chat and exit" },
	{ "reconnect", 0, 0, chat_cmd_reconnect, "/reconnect",
	    "connect again now, delays from the start (local)" },
	{ "rooms", 0, 0, chat_cmd_server, "/rooms",
	    "list the rooms and how many are in each" },
	{ "unignore", 1, 1, chat_cmd_unignore, "/unignore NICK",
	    "show NICK again (for good)" },
	{ "who", 0, 0, chat_cmd_server, "/who",
	    "list the people in this room" },
	{ "window", 1, 1, chat_cmd_window, "/window N",
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
