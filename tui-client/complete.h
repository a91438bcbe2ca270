/* Tab completion: what the word under the cursor can become, in the
 * order most likely wanted. */
#ifndef COMPLETE_H
#define COMPLETE_H

#include <stddef.h>

enum complete_kind {
	COMPLETE_NICK,		/* a name from the room's people */
	COMPLETE_CMD,		/* "/name" from the command table */
	COMPLETE_ROOM,		/* a room: after /join */
	COMPLETE_JOINED,	/* a room we are in: after /part */
	COMPLETE_ANYNICK	/* anyone known: after /msg and /query */
};

/* What completion draws from; lists may be empty. */
struct complete_src {
	const char *const	*people;	/* the room's, sorted */
	size_t			 npeople;
	const char *const	*recent;	/* speakers, latest first */
	size_t			 nrecent;
	const char *const	*others;	/* known elsewhere (queries) */
	size_t			 nothers;
	const char *const	*rooms;		/* without '#' */
	size_t			 nrooms;
	const char		*me;		/* our name, or NULL */
	const char *const	*joined;	/* rooms we are in */
	size_t			 njoined;
};

/* What to complete for the word starting at byte start of line. */
enum complete_kind complete_kind(const char *line, int start);
/* The candidates of kind, each malloc'ed, into *out (malloc'ed); their
 * count. Names: the latest speakers first, the rest in order, ours last
 * (never first), with ':' when at_start; rooms with '#' when hash. */
size_t	complete_cands(const struct complete_src *, enum complete_kind,
	    int at_start, int hash, char ***out);
/* Free what complete_cands() made. */
void	complete_free(char **cands, size_t n);
/* The next candidate at or after *at that starts with word (any ASCII
 * case), or NULL; *at moves past it so repeated calls walk them all. */
const char *complete_next(const char *word, const char *const *cands,
	    size_t n, size_t *at);

#endif
