/* Parsing one line of the structured presentation into an event. */
#include <stdlib.h>
#include <string.h>

#include "wire.h"
#include "num.h"
#include "proto.h"

/* Field shapes: t time, c code, r room, n nick, m second nick, x free
 * text (may be missing when last), l list of words (may be empty). */
static const struct evdef {
	const char	*name;
	enum ev_type	 type;
	const char	*shape;
} evdefs[] = {
	{ "BYE",	EV_BYE,		"x" },
	{ "ERR",	EV_ERR,		"cx" },
	{ "HELLO",	EV_HELLO,	"cx" },
	{ "HIST",	EV_HIST,	"trnx" },
	{ "HISTEND",	EV_HISTEND,	"r" },
	{ "HISTME",	EV_HISTME,	"trnx" },
	{ "JOIN",	EV_JOIN,	"trn" },
	{ "ME",		EV_ME,		"trnx" },
	{ "MSG",	EV_MSG,		"trnx" },
	{ "NAME?",	EV_NAME,	"" },
	{ "NICK",	EV_NICK,	"tnm" },
	{ "NOTICE",	EV_NOTICE,	"tx" },
	{ "PART",	EV_PART,	"trnx" },
	{ "PRIV",	EV_PRIV,	"tnmx" },
	{ "ROOMS",	EV_ROOMS,	"l" },
	{ "USERS",	EV_USERS,	"rl" },
	{ "WELCOME",	EV_WELCOME,	"nr" },
};

#define NDEFS	(sizeof(evdefs) / sizeof(evdefs[0]))

static int
wire_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct evdef *)elem)->name);
}

const char *
wire_name(enum ev_type type)
{
	size_t i;

	for (i = 0; i < NDEFS; i++)
		if (evdefs[i].type == type)
			return evdefs[i].name;
	return "?";
}

/* Unix seconds: an optional '-' and digits, nothing else. */
static int
wire_time(const char *s, int64_t *ts)
{
	const char *why;
	long long v;

	if (num_parse(s, INT64_MIN, INT64_MAX, &v, &why) == -1)
		return -1;
	*ts = v;
	return 0;
}

/* Split a list field at TABs and spaces (names never hold either). */
static void
wire_list(char *s, struct event *ev, char **items, int max)
{
	char *word;

	ev->list = items;
	ev->nlist = 0;
	while ((word = strsep(&s, " \t")) != NULL) {
		if (*word != '\0' && ev->nlist < max)
			items[ev->nlist++] = word;
	}
}

static int
wire_field(char shape, char *f, struct event *ev, char **items, int max)
{
	switch (shape) {
	case 't':
		return wire_time(f, &ev->ts);
	case 'c':
		ev->code = f;
		break;
	case 'r':
		ev->room = f;
		break;
	case 'n':
		ev->nick = f;
		break;
	case 'm':
		ev->nick2 = f;
		break;
	case 'x':
		ev->text = f;
		return 0;
	case 'l':
		wire_list(f, ev, items, max);
		return 0;
	}
	return *f == '\0' ? -1 : 0;
}

static void
wire_clear(struct event *ev, enum ev_type type)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = type;
	ev->code = ev->room = ev->nick = ev->nick2 = ev->text = "";
}

int
wire_parse(char *line, struct event *ev, char **items, int max)
{
	char *fields[8], *rest;
	const struct evdef *d;
	size_t n, want;
	int got, i;

	rest = strchr(line, '\t');
	if (rest != NULL)
		*rest++ = '\0';
	d = bsearch(line, evdefs, NDEFS, sizeof(*d), wire_cmp);
	if (d == NULL)
		return -1;
	wire_clear(ev, d->type);
	n = strlen(d->shape);
	if (n == 0)
		return 0;
	/* A trailing free field keeps its TABs; other shapes leave room
	 * for fields a later protocol version may add. */
	want = (d->shape[n - 1] == 'x' || d->shape[n - 1] == 'l') ? n : n + 1;
	got = rest == NULL ? 0 : proto_split(rest, fields, (int)want);
	for (i = 0; i < (int)n; i++) {
		if (i >= got) {
			if (i == (int)n - 1 && (d->shape[i] == 'x' ||
			    d->shape[i] == 'l'))
				break;
			return -1;
		}
		if (wire_field(d->shape[i], fields[i], ev, items, max) == -1)
			return -1;
	}
	return 0;
}
