/* Big digits: a time drawn in glyphs five rows high, like an office wall. */
#include <string.h>

#include "bigdigits.h"

/* Three columns by five rows per digit. */
static const char *const big_digit[10][BIG_HEIGHT] = {
	{ "###", "# #", "# #", "# #", "###" },
	{ "  #", "  #", "  #", "  #", "  #" },
	{ "###", "  #", "###", "#  ", "###" },
	{ "###", "  #", "###", "  #", "###" },
	{ "# #", "# #", "###", "  #", "  #" },
	{ "###", "#  ", "###", "  #", "###" },
	{ "###", "#  ", "###", "# #", "###" },
	{ "###", "  #", "  #", "  #", "  #" },
	{ "###", "# #", "###", "# #", "###" },
	{ "###", "# #", "###", "  #", "###" },
};
static const char *const big_colon[BIG_HEIGHT] = { " ", "#", " ", "#", " " };
static const char *const big_blank[BIG_HEIGHT] = {
	"   ", "   ", "   ", "   ", "   "
};

static const char *
bigdigits_glyph(char ch, int r)
{
	if (ch >= '0' && ch <= '9')
		return big_digit[ch - '0'][r];
	if (ch == ':')
		return big_colon[r];
	return big_blank[r];
}

int
bigdigits_width(const char *s)
{
	int w = 0;

	for (; *s != '\0'; s++)
		w += (int)strlen(bigdigits_glyph(*s, 0)) + 1;
	return w > 0 ? w - 1 : 0;
}

size_t
bigdigits_row(const char *s, int r, char *buf, size_t len)
{
	const char *g;
	size_t n = 0, k;

	if (len == 0)
		return 0;
	for (; *s != '\0' && r >= 0 && r < BIG_HEIGHT; s++) {
		if (n > 0 && n + 1 < len)
			buf[n++] = ' ';
		g = bigdigits_glyph(*s, r);
		k = strlen(g);
		if (n + k >= len)
			k = len - 1 - n;
		memcpy(buf + n, g, k);
		n += k;
	}
	buf[n] = '\0';
	return n;
}
