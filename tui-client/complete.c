/* Tab completion: what the word under the cursor can become, in the
 * order most likely wanted (catgirl and irssi: the latest speaker first,
 * never yourself first). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "complete.h"
#include "people.h"
#include "efun.h"

/* Whether line's first word is one of the commands in cmds and the word
 * at start is its first argument. */
static int
complete_arg_of(const char *line, int start, const char *const *cmds)
{
	size_t len;
	int i;

	len = strcspn(line, " ");
	for (i = 0; cmds[i] != NULL; i++)
		if (strlen(cmds[i]) == len &&
		    strncasecmp(line, cmds[i], len) == 0)
			break;
	if (cmds[i] == NULL)
		return 0;
	while (line[len] == ' ')
		len++;
	return (int)len == start;
}

enum complete_kind
complete_kind(const char *line, int start)
{
	static const char *const room_cmds[] = { "/join", NULL };
	static const char *const part_cmds[] = { "/part", NULL };
	static const char *const nick_cmds[] = { "/msg", "/query", NULL };

	if (start == 0 && line[0] == '/')
		return COMPLETE_CMD;
	if (complete_arg_of(line, start, room_cmds))
		return COMPLETE_ROOM;
	if (complete_arg_of(line, start, part_cmds))
		return COMPLETE_JOINED;
	if (complete_arg_of(line, start, nick_cmds))
		return COMPLETE_ANYNICK;
	return COMPLETE_NICK;
}

struct complete_out {
	char	**v;
	size_t	  n;
	size_t	  cap;
	int	  colon;
};

static int
complete_has(const struct complete_out *o, const char *name)
{
	size_t i, len;

	len = strlen(name);
	for (i = 0; i < o->n; i++)
		if (strncmp(o->v[i], name, len) == 0 &&
		    (o->v[i][len] == '\0' || o->v[i][len] == ':'))
			return 1;
	return 0;
}

static void
complete_add(struct complete_out *o, const char *prefix, const char *name)
{
	size_t len;

	if (complete_has(o, name))
		return;
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 16;
		o->v = ereallocarray(o->v, o->cap, sizeof(*o->v));
	}
	len = strlen(prefix) + strlen(name);
	o->v[o->n] = emalloc(len + 2);
	strcpy(o->v[o->n], prefix);
	strcat(o->v[o->n], name);
	if (o->colon)
		strcat(o->v[o->n], ":");
	o->n++;
}

static int
complete_in(const char *const *list, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (people_cmp(list[i], name) == 0)
			return 1;
	return 0;
}

static int
complete_is_me(const struct complete_src *s, const char *name)
{
	return s->me != NULL && people_cmp(s->me, name) == 0;
}

/* Latest speakers (of the room, or anyone if any), the rest, us last. */
static void
complete_nicks(const struct complete_src *s, int any, struct complete_out *o)
{
	size_t i;

	for (i = 0; i < s->nrecent; i++)
		if (!complete_is_me(s, s->recent[i]) && (any ||
		    complete_in(s->people, s->npeople, s->recent[i])))
			complete_add(o, "", s->recent[i]);
	for (i = 0; i < s->npeople; i++)
		if (!complete_is_me(s, s->people[i]))
			complete_add(o, "", s->people[i]);
	for (i = 0; any && i < s->nothers; i++)
		if (!complete_is_me(s, s->others[i]))
			complete_add(o, "", s->others[i]);
	if (s->me != NULL && (any || complete_in(s->people, s->npeople,
	    s->me)))
		complete_add(o, "", s->me);
}

size_t
complete_cands(const struct complete_src *s, enum complete_kind kind,
    int at_start, int hash, char ***out)
{
	struct complete_out o;
	size_t i;

	memset(&o, 0, sizeof(o));
	switch (kind) {
	case COMPLETE_ROOM:
		for (i = 0; i < s->nrooms; i++)
			complete_add(&o, hash ? "#" : "", s->rooms[i]);
		break;
	case COMPLETE_JOINED:
		for (i = 0; i < s->njoined; i++)
			complete_add(&o, hash ? "#" : "", s->joined[i]);
		break;
	case COMPLETE_ANYNICK:
		complete_nicks(s, 1, &o);
		break;
	case COMPLETE_NICK:
		o.colon = at_start;
		complete_nicks(s, 0, &o);
		break;
	case COMPLETE_CMD:
		break;		/* the command table is the caller's */
	}
	*out = o.v;
	return o.n;
}

void
complete_free(char **cands, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(cands[i]);
	free(cands);
}

const char *
complete_next(const char *word, const char *const *cands, size_t n,
    size_t *at)
{
	size_t len;

	len = strlen(word);
	while (*at < n) {
		const char *c = cands[(*at)++];

		if (strncasecmp(c, word, len) == 0)
			return c;
	}
	return NULL;
}
