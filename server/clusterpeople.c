/* The cluster's people table: folded nick -> nick, room, node. */
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
	if (p == NULL)
		return;
	free(p->nick);
	free(p->roomkey);
	free(p->room);
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

void
clusterpeople_put(struct htab *t, const char *key, const char *nick,
    const char *roomkey, const char *room, const char *node)
{
	struct clusterpeople_person *p = ecalloc(1, sizeof(*p));

	snprintf(p->key, sizeof(p->key), "%s", key);
	p->nick = estrdup(nick);
	p->roomkey = estrdup(roomkey);
	p->room = estrdup(room);
	p->node = estrdup(node);
	person_free(htab_del(t, key));
	htab_put(t, p->key, p);
}

void
clusterpeople_del(struct htab *t, const char *key)
{
	person_free(htab_del(t, key));
}

static int
people_rename(struct htab *t, struct clusterpeople_person *p,
    const char *newnick)
{
	char key2[NAME_KEY_MAX];

	if (clusterpeople_fold(newnick, key2) == -1)
		return 1;
	htab_del(t, p->key);
	snprintf(p->key, sizeof(p->key), "%s", key2);
	free(p->nick);
	p->nick = estrdup(newnick);
	person_free(htab_del(t, key2));
	htab_put(t, p->key, p);
	return 1;
}

int
clusterpeople_apply(struct htab *t, const struct cluster_event *ev,
    const char *roomkey)
{
	struct clusterpeople_person *p;
	char key[NAME_KEY_MAX];
	int here;

	if (clusterpeople_fold(ev->nick, key) == -1)
		return 1;
	p = htab_get(t, key);
	here = p != NULL && strcmp(p->node, ev->node) == 0;
	switch (ev->kind) {
	case CLUSTER_JOIN:
		if (here && strcmp(p->roomkey, roomkey) == 0)
			return 0;
		clusterpeople_put(t, key, ev->nick, roomkey, ev->room,
		    ev->node);
		return 1;
	case CLUSTER_PART:
		if (!here || strcmp(p->roomkey, roomkey) != 0)
			return 0;
		clusterpeople_del(t, key);
		return 1;
	case CLUSTER_NICK:
		if (!here)
			return 0;
		return people_rename(t, p, ev->arg);
	default:
		return 1;
	}
}
