/* Table: where each clock goes for a screen size, and the plain line. */
#ifndef TABLE_H
#define TABLE_H

#include <stddef.h>

#include "clock.h"

#define TABLE_CELL_MIN	18	/* the widest state, "down(unknown-host)";
				 * "UTC+05:45 +1d", "UTC-09:30 stale" */
#define TABLE_CELL_MAX	24	/* longer names are cut in columns */
#define TABLE_GAP	2	/* columns between two clocks */
#define TABLE_SMALL_LINES 3	/* name, time, offset */
#define TABLE_HEADER	2	/* title line and a blank one */

enum table_mode {
	TABLE_COLUMNS,		/* one column per clock, side by side */
	TABLE_ROWS		/* one row (or block, if big) per clock */
};

struct table_layout {
	enum table_mode	mode;
	int		big;	/* large digits fit and were asked for */
	int		cellw;	/* columns: width of one clock's column */
	int		namew;	/* rows: width of the name field */
	int		lines;	/* screen lines one clock takes */
	int		shown;	/* clocks that fit on the screen */
};

/* Lay out n clocks whose widest name is namew columns on a width x height
 * screen; big asks for large digits (given up when they do not fit).
 * Everything laid out fits in width. */
void	table_layout(struct table_layout *, int width, int height, size_t n,
	    int namew, int big);
/* The most one clock can add to the plain line: a space, its name, "=",
 * "stale(", the cell (text or state) and ")". */
#define TABLE_PLAIN_ENTRY	(1 + CLOCKWALL_NAME_MAX + 1 + 6 + \
				    CLOCKWALL_TEXT_MAX + 16 + 1)

/* The line --plain prints: "NewYork=10:00:01 London=down(refused)", a
 * stale clock as "Name=stale(10:00:01)", spaces in a value as "_"; into
 * buf, NUL terminated, cut between clocks to fit len (never, with
 * n * TABLE_PLAIN_ENTRY + 1 bytes); returns its length. */
size_t	table_plain(const struct clock *, size_t n, char *buf, size_t len);
/* The third line of a clock's cell: its offset and a date marker
 * ("UTC+09:00 +1d"; "UTC+09:00 stale" when it went quiet), or its state
 * when it has no time; into buf. */
char	*table_info(const struct clock *, long our_gmtoff, char *buf,
	    size_t len);

#endif
