/* Stable nick colours: a hash of the nick picks one of a few slots. */
#include <stdint.h>

#include "color.h"

/* FNV-1a over the ASCII-folded bytes: cheap, stable across runs and
 * machines, and it spreads short similar names. */
int
color_of(const char *nick)
{
	const unsigned char *p;
	uint32_t h;
	unsigned char c;

	h = 2166136261u;
	for (p = (const unsigned char *)nick; *p != '\0'; p++) {
		c = *p;
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		h ^= c;
		h *= 16777619u;
	}
	h ^= h >> 16;
	return (int)(h % COLOR_SLOTS);
}
