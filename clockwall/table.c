/* Table: where each clock goes for a screen size, and the plain line. */
#include <stdio.h>
#include <string.h>

#include "bigdigits.h"
#include "offset.h"
#include "table.h"

static int
table_min(int a, int b)
{
	return a < b ? a : b;
}

static int
table_max(int a, int b)
{
	return a > b ? a : b;
}

/* Side by side: every column as wide as the widest name (within limits)
 * or the time, whichever is wider. */
static int
table_columns(struct table_layout *t, int width, int height, size_t n,
    int namew, int big)
{
	int cellw, lines;

	cellw = table_max(table_min(namew, TABLE_CELL_MAX), TABLE_CELL_MIN);
	lines = TABLE_SMALL_LINES;
	if (big) {
		cellw = table_max(cellw, bigdigits_width("00:00:00"));
		lines = 1 + BIG_HEIGHT + 1;
	}
	if (n == 0 || (long)n * (cellw + TABLE_GAP) - TABLE_GAP > width ||
	    (big && TABLE_HEADER + lines > height))
		return 0;
	t->mode = TABLE_COLUMNS;
	t->big = big;
	t->cellw = cellw;
	t->namew = cellw;
	t->lines = lines;
	t->shown = (int)n;
	return 1;
}

/* Big digits stacked: every clock's block must fit the height. */
static int
table_big_rows_fit(int width, int height, size_t n)
{
	return bigdigits_width("00:00:00") <= width &&
	    TABLE_HEADER + (long)n * (BIG_HEIGHT + 2) <= height;
}

/* One clock per row (a block of rows if big): a name field, then the
 * time and offset; what does not fit the width is cut when drawn. */
static void
table_rows(struct table_layout *t, int width, int height, size_t n,
    int namew, int big)
{
	int room;

	t->mode = TABLE_ROWS;
	t->big = big && table_big_rows_fit(width, height, n);
	t->lines = t->big ? BIG_HEIGHT + 2 : 1;
	if (t->big) {
		/* The name has a line of its own above the digits. */
		t->namew = table_max(1, table_min(namew, width));
		t->cellw = width;
	} else {
		/* The name may take a third of the width, never all. */
		t->namew = table_min(namew, table_max(width / 3, 4));
		t->namew = table_max(1, table_min(t->namew, width - 2));
		t->cellw = table_max(1, width - t->namew - 1);
	}
	room = (height - TABLE_HEADER) / t->lines;
	t->shown = (int)table_min(table_max(room, 0), (int)
	    table_min((int)n, CLOCKWALL_CLOCKS_MAX));
}

void
table_layout(struct table_layout *t, int width, int height, size_t n,
    int namew, int big)
{
	memset(t, 0, sizeof(*t));
	if (width < 1)
		width = 1;
	if (big && table_columns(t, width, height, n, namew, 1))
		return;
	if (big && table_big_rows_fit(width, height, n)) {
		table_rows(t, width, height, n, namew, 1);
		return;
	}
	if (table_columns(t, width, height, n, namew, 0))
		return;
	table_rows(t, width, height, n, namew, 0);
}

/* A space inside a value would split it in two for a script. */
static void
table_unspace(char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == ' ')
			s[i] = '_';
}

size_t
table_plain(const struct clock *c, size_t n, char *buf, size_t len)
{
	char cell[CLOCKWALL_TEXT_MAX + 16];
	size_t i, used = 0;
	int k;

	if (len == 0)
		return 0;
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		clock_cell(&c[i], cell, sizeof(cell));
		k = snprintf(buf + used, len - used, "%s%s=%s%s%s",
		    i ? " " : "", c[i].spec.name,
		    c[i].state == CLOCK_STALE ? "stale(" : "", cell,
		    c[i].state == CLOCK_STALE ? ")" : "");
		if (k < 0 || (size_t)k >= len - used) {
			buf[used] = '\0';
			break;
		}
		table_unspace(buf + used + (i ? 1 : 0), k - (i ? 1 : 0));
		used += k;
	}
	return used;
}

char *
table_info(const struct clock *c, long our_gmtoff, char *buf, size_t len)
{
	char off[16];
	int days;

	if (c->state == CLOCK_CONNECTING || c->state == CLOCK_DOWN) {
		snprintf(buf, len, "%s", c->state == CLOCK_DOWN ?
		    "retrying" : "");
		return buf;
	}
	if (c->sod < 0) {
		snprintf(buf, len, "%s", c->state == CLOCK_STALE ? "stale" :
		    "not a time");
		return buf;
	}
	if (c->dated) {
		offset_format(offset_minutes_dated(c->day, c->sod, c->utc),
		    off, sizeof(off));
		days = offset_days_dated(c->day, c->utc, our_gmtoff);
	} else {
		offset_format(offset_minutes(c->sod, c->utc), off,
		    sizeof(off));
		days = offset_days(c->sod, c->utc, our_gmtoff);
	}
	if (c->state == CLOCK_STALE)
		snprintf(buf, len, "%s stale", off);
	else
		snprintf(buf, len, "%s%s", off, days > 0 ? " +1d" : days < 0 ?
		    " -1d" : "");
	return buf;
}
