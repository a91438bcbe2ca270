/* Windows: one per room and one per private conversation, each with its
 * own scrollback; knows nothing of curses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "people.h"
#include "tcpchat.h"
#include "text.h"
#include "wins.h"
#include "efun.h"

#define WINS_NAME_COLS	16	/* a name in the status list, at most */

static struct win *
wins_new_one(enum win_kind kind, const char *name, size_t lines)
{
	struct win *w;

	w = ecalloc(1, sizeof(*w));
	w->kind = kind;
	w->name = name != NULL ? estrdup(name) : NULL;
	sb_init(&w->view.sb, lines);
	return w;
}

static void
wins_free_one(struct win *w)
{
	sb_free(&w->view.sb);
	free(w->name);
	free(w);
}

static void
wins_append(struct wins *ws, struct win *w)
{
	if (ws->n == ws->cap) {
		ws->cap = ws->cap ? ws->cap * 2 : 8;
		ws->list = ereallocarray(ws->list, ws->cap, sizeof(*ws->list));
	}
	ws->list[ws->n++] = w;
}

void
wins_init(struct wins *ws, size_t lines)
{
	memset(ws, 0, sizeof(*ws));
	ws->lines = lines;
	wins_append(ws, wins_new_one(WIN_ROOM, NULL, lines));
}

void
wins_free(struct wins *ws)
{
	size_t i;

	for (i = 0; i < ws->n; i++)
		wins_free_one(ws->list[i]);
	free(ws->list);
	memset(ws, 0, sizeof(*ws));
}

struct win *
wins_current(const struct wins *ws)
{
	return ws->list[ws->cur];
}

int
wins_find(const struct wins *ws, enum win_kind kind, const char *name)
{
	size_t i;

	for (i = 0; i < ws->n; i++)
		if (ws->list[i]->kind == kind && ws->list[i]->name != NULL &&
		    people_cmp(ws->list[i]->name, name) == 0)
			return (int)i;
	return -1;
}

size_t
wins_open(struct wins *ws, enum win_kind kind, const char *name)
{
	int i;

	if ((i = wins_find(ws, kind, name)) >= 0)
		return (size_t)i;
	if (ws->n >= WINDOWS_MAX)
		return 0;
	wins_append(ws, wins_new_one(kind, name, ws->lines));
	return ws->n - 1;
}

int
wins_close(struct wins *ws, size_t i)
{
	size_t k, rooms;

	if (i >= ws->n)
		return -1;
	for (k = rooms = 0; k < ws->n; k++)
		rooms += ws->list[k]->kind == WIN_ROOM;
	if (ws->list[i]->kind == WIN_ROOM && rooms == 1)
		return -1;
	wins_free_one(ws->list[i]);
	memmove(ws->list + i, ws->list + i + 1,
	    (ws->n - i - 1) * sizeof(*ws->list));
	ws->n--;
	if (ws->cur >= i && ws->cur > 0)
		ws->cur--;
	ws->list[ws->cur]->activity = WIN_QUIET;
	return 0;
}

void
wins_select(struct wins *ws, size_t i)
{
	if (i >= ws->n)
		return;
	ws->cur = i;
	ws->list[i]->activity = WIN_QUIET;
}

size_t
wins_next_active(const struct wins *ws)
{
	enum win_activity level;
	size_t k, i;

	for (level = WIN_HOT; level >= WIN_NEW; level--)
		for (k = 1; k < ws->n; k++) {
			i = (ws->cur + k) % ws->n;
			if (ws->list[i]->activity == level)
				return i;
		}
	return ws->cur;
}

void
wins_mark(struct wins *ws, size_t i, enum win_activity level)
{
	if (i >= ws->n || i == ws->cur)
		return;
	if (level > ws->list[i]->activity)
		ws->list[i]->activity = level;
}

void
wins_rename(struct wins *ws, size_t i, const char *name)
{
	if (i >= ws->n)
		return;
	free(ws->list[i]->name);
	ws->list[i]->name = name != NULL ? estrdup(name) : NULL;
}

size_t
wins_status(const struct wins *ws, char *buf, size_t len)
{
	static const char marks[] = { [WIN_QUIET] = '\0', [WIN_NEW] = '*',
	    [WIN_HOT] = '!' };
	const struct win *w;
	const char *name;
	size_t i, at;
	int n;

	if (len == 0)
		return 0;
	at = 0;
	buf[0] = '\0';
	for (i = 0; i < ws->n && at < len; i++) {
		w = ws->list[i];
		name = w->name != NULL ? w->name : "-";
		n = snprintf(buf + at, len - at, "%s%zu:%s%.*s%.1s",
		    i == 0 ? "[" : " ", i + 1, w->kind == WIN_ROOM ? "#" : "",
		    (int)text_fit(name, strlen(name), WINS_NAME_COLS, NULL),
		    name, &marks[w->activity]);
		if (n < 0 || (size_t)n >= len - at) {
			buf[at] = '\0';	/* cut between windows */
			return at;
		}
		at += (size_t)n;
	}
	if (at + 1 < len) {
		buf[at++] = ']';
		buf[at] = '\0';
	}
	return at;
}
