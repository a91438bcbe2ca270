/* The cluster's people table: folded nick -> nick, rooms, node. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "efun.h"
#include "clusterpeople.h"
#include "names.h"

int
clusterpeople_fold(const char *name, char *key)
{
	const char *why;

	return names_check(name, strlen(name), key, &why);
}

static void
person_free(struct clusterpeople_person *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nrooms; i++) {
		free(p->rooms[i].key);
		free(p->rooms[i].name);
	}
	free(p->rooms);
	free(p->nick);
	free(p->node);
	free(p);
}

void
clusterpeople_init(struct htab *t)
{
	htab_init(t);
}

void
clusterpeople_clear(struct htab *t)
{
	struct clusterpeople_person *p;
	size_t i = 0;

	while ((p = htab_next(t, &i)) != NULL)
		person_free(p);
	htab_free(t);
	htab_init(t);
}

static size_t
person_find(const struct clusterpeople_person *p, const char *roomkey)
{
	size_t i;

	for (i = 0; i < p->nrooms; i++)
		if (strcmp(p->rooms[i].key, roomkey) == 0)
			break;
	return i;
}

int
clusterpeople_in(const struct clusterpeople_person *p, const char *roomkey)
{
	return p != NULL && person_find(p, roomkey) < p->nrooms;
}

void
clusterpeople_put(struct htab *t, const char *key, const char *nick,
    const char *roomkey, const char *room, const char *node)
{
	struct clusterpeople_person *p = htab_get(t, key);

	if (p == NULL || strcmp(p->node, node) != 0) {
		person_free(htab_del(t, key));
		p = ecalloc(1, sizeof(*p));
		snprintf(p->key, sizeof(p->key), "%s", key);
		p->nick = estrdup(nick);
		p->node = estrdup(node);
		htab_put(t, p->key, p);
	} else if (strcmp(p->nick, nick) != 0) {
		free(p->nick);
		p->nick = estrdup(nick);
	}
	if (clusterpeople_in(p, roomkey))
		return;
	if (p->nrooms == p->caprooms) {
		p->caprooms = p->caprooms == 0 ? 2 : p->caprooms * 2;
		p->rooms = ereallocarray(p->rooms, p->caprooms,
		    sizeof(*p->rooms));
	}
	p->rooms[p->nrooms].key = estrdup(roomkey);
	p->rooms[p->nrooms++].name = estrdup(room);
}

void
clusterpeople_part(struct htab *t, const char *key, const char *roomkey,
    int keep)
{
	struct clusterpeople_person *p = htab_get(t, key);
	size_t i;

	if (p == NULL || (i = person_find(p, roomkey)) == p->nrooms)
		return;
	free(p->rooms[i].key);
	free(p->rooms[i].name);
	p->rooms[i] = p->rooms[--p->nrooms];
	if (p->nrooms == 0 && !keep)
		person_free(htab_del(t, key));
}

void
clusterpeople_del(struct htab *t, const char *key)
{
	person_free(htab_del(t, key));
}

struct clusterpeople_person *
clusterpeople_rename(struct htab *t, const char *key, const char *newkey,
    const char *newnick)
{
	struct clusterpeople_person *p;

	if ((p = htab_del(t, key)) == NULL)
		return NULL;
	snprintf(p->key, sizeof(p->key), "%s", newkey);
	free(p->nick);
	p->nick = estrdup(newnick);
	person_free(htab_del(t, newkey));
	htab_put(t, p->key, p);
	return p;
}

int
clusterpeople_apply(struct htab *t, const struct cluster_event *ev,
    const char *roomkey)
{
	struct clusterpeople_person *p;
	char key[NAME_KEY_MAX], key2[NAME_KEY_MAX];
	int here;

	if (clusterpeople_fold(ev->nick, key) == -1)
		return 1;
	p = htab_get(t, key);
	here = p != NULL && strcmp(p->node, ev->node) == 0;
	switch (ev->kind) {
	case CLUSTER_JOIN:
		if (here && clusterpeople_in(p, roomkey))
			return 0;
		clusterpeople_put(t, key, ev->nick, roomkey, ev->room,
		    ev->node);
		return 1;
	case CLUSTER_PART:
		if (!here || !clusterpeople_in(p, roomkey))
			return 0;
		clusterpeople_part(t, key, roomkey, 0);
		return 1;
	case CLUSTER_NICK:
		if (!here)
			return 0;
		if (clusterpeople_fold(ev->arg, key2) == 0)
			(void)clusterpeople_rename(t, key, key2, ev->arg);
		return 1;
	default:
		return 1;
	}
}
