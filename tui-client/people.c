/* The people in the current room, kept sorted without regard to case. */
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "people.h"
#include "text.h"
#include "efun.h"

void
people_init(struct people *p)
{
	memset(p, 0, sizeof(*p));
}

void
people_clear(struct people *p)
{
	size_t i;

	for (i = 0; i < p->count; i++)
		free(p->names[i]);
	free(p->names);
	people_init(p);
}

static uint32_t
people_next(const char **s)
{
	uint32_t cp;
	int len;

	len = utf8_decode(*s, strlen(*s), &cp);
	if (len <= 0) {
		cp = (unsigned char)**s;
		len = 1;
	}
	*s += len;
	return (uint32_t)towlower((wint_t)cp);
}

int
people_cmp(const char *a, const char *b)
{
	uint32_t ca, cb;

	while (*a != '\0' && *b != '\0') {
		ca = people_next(&a);
		cb = people_next(&b);
		if (ca != cb)
			return ca < cb ? -1 : 1;
	}
	return (*a != '\0') - (*b != '\0');
}

/* Index of name, or where it would go (with *found 0). */
static size_t
people_find(const struct people *p, const char *name, int *found)
{
	size_t lo, hi, mid;
	int c;

	lo = 0;
	hi = p->count;
	*found = 0;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = people_cmp(name, p->names[mid]);
		if (c == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

void
people_add(struct people *p, const char *name)
{
	size_t at;
	int found;

	at = people_find(p, name, &found);
	if (found)
		return;
	if (p->count == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->names = ereallocarray(p->names, p->cap, sizeof(char *));
	}
	memmove(p->names + at + 1, p->names + at,
	    (p->count - at) * sizeof(char *));
	p->names[at] = estrdup(name);
	p->count++;
}

int
people_del(struct people *p, const char *name)
{
	size_t at;
	int found;

	at = people_find(p, name, &found);
	if (!found)
		return -1;
	free(p->names[at]);
	p->count--;
	memmove(p->names + at, p->names + at + 1,
	    (p->count - at) * sizeof(char *));
	return 0;
}

void
people_rename(struct people *p, const char *old, const char *new)
{
	people_del(p, old);
	people_add(p, new);
}

int
people_has(const struct people *p, const char *name)
{
	int found;

	people_find(p, name, &found);
	return found;
}
