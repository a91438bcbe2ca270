/* Splitting a message too long for the server into pieces it takes: at a
 * word where one is near the limit, else between characters, never inside
 * one, so every piece is valid UTF-8 when the whole was. */
#include "split.h"

/* The longest prefix of s[0..max) that ends between two characters: a
 * UTF-8 continuation byte (10xxxxxx) never starts a character. */
static size_t
split_char_cut(const char *s, size_t max)
{
	size_t cut;

	cut = max;
	while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
		cut--;
	return cut > 0 ? cut : max;
}

size_t
split_next(const char *s, size_t n, size_t max, size_t *next)
{
	size_t cut, i;

	if (n <= max) {
		*next = n;
		return n;
	}
	/* A space at s[max] itself ends a piece of exactly max bytes. */
	for (i = max; i > max / 4; i--)
		if (s[i] == ' ')
			break;
	if (i > max / 4) {
		cut = i;
		while (cut > 0 && s[cut - 1] == ' ')
			cut--;
	} else
		cut = i = split_char_cut(s, max);
	while (i < n && s[i] == ' ')
		i++;
	*next = i;
	return cut;
}

size_t
split_count(const char *s, size_t n, size_t max)
{
	size_t count, off, next;

	count = 0;
	for (off = 0; off < n; off += next) {
		split_next(s + off, n - off, max, &next);
		count++;
		if (next == 0)
			break;
	}
	return count;
}
