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

/* Green, blue, magenta: what 8 colours leave once red, cyan and yellow
 * speak for errors, notices and mentions. */
static const int color_few[] = { 2, 4, 5 };
/* On 256 colours, one per slot, none of them near red, cyan or yellow. */
static const int color_many[COLOR_SLOTS] = { 34, 33, 127, 141, 70, 69,
    170, 29, 63, 135, 98, 66 };

int
color_nick(int slot, int colors, int *bold)
{
	int n;

	if (slot < 0)
		slot = 0;
	slot %= COLOR_SLOTS;
	if (colors >= 256) {
		*bold = 0;
		return color_many[slot];
	}
	n = (int)(sizeof(color_few) / sizeof(color_few[0]));
	*bold = slot / n % 2;
	return color_few[slot % n];
}

int
color_reserved(int colour)
{
	switch (colour) {
	case 1: case 3: case 6:		/* red, yellow, cyan */
	case 9: case 11: case 14:	/* their bright versions */
	case 196: case 226: case 51:	/* and in the 6x6x6 cube */
	case 160: case 220: case 44:
		return 1;
	}
	return 0;
}
