/* Splitting a bracketed paste into the lines it holds. */
#include "paste.h"

const char *
paste_next(const char *p, size_t n, size_t *off, size_t *len)
{
	size_t i, start;

	start = *off;
	if (start >= n)
		return NULL;
	for (i = start; i < n && p[i] != '\n' && p[i] != '\r'; i++)
		;
	*len = i - start;
	if (i < n && p[i] == '\r' && i + 1 < n && p[i + 1] == '\n')
		i++;
	*off = i < n ? i + 1 : n;
	return p + start;
}

int
paste_count(const char *p, size_t n)
{
	size_t off, len;
	int count;

	off = 0;
	count = 0;
	while (paste_next(p, n, &off, &len) != NULL)
		count++;
	return count;
}
