/* Tab completion: what the word under the cursor can become. */
#ifndef COMPLETE_H
#define COMPLETE_H

#include <stddef.h>

enum complete_kind {
	COMPLETE_NICK,		/* a name from the people list */
	COMPLETE_CMD		/* "/name" from the command table */
};

/* What to complete for the word starting at byte start of line. */
enum complete_kind complete_kind(const char *line, int start);
/* The next candidate at or after *at that starts with word (any ASCII
 * case), or NULL; *at moves past it so repeated calls walk them all. */
const char *complete_next(const char *word, const char *const *cands,
	    size_t n, size_t *at);

#endif
