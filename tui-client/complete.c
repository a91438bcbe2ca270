/* Tab completion: what the word under the cursor can become. */
#include <strings.h>
#include <string.h>

#include "complete.h"

enum complete_kind
complete_kind(const char *line, int start)
{
	if (start == 0 && line[0] == '/')
		return COMPLETE_CMD;
	return COMPLETE_NICK;
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
