/* How a scrollback line is laid out: clock, head, text, wrapped rows. */
#ifndef FMT_H
#define FMT_H

#include <stddef.h>
#include <stdint.h>

#include "sb.h"

#define FMT_CLOCK_COLS	6	/* "HH:MM " */
#define FMT_ALONE_MIN	8	/* narrower first rows move text below */

/* Where a line's parts go on rows cols wide. */
struct fmt_layout {
	int	pw;	/* columns of "HH:MM head " */
	int	indent;	/* columns before text on the following rows */
	int	first;	/* text columns on the first row */
	int	rest;	/* text columns on the following rows */
	int	alone;	/* the first row holds the prefix only */
};

/* The layout of l on rows cols wide. */
void	fmt_layout(const struct sbline *l, int cols, struct fmt_layout *);
/* Rows l takes on rows cols wide (at least 1). */
int	fmt_rows(const struct sbline *l, int cols);
/* "HH:MM" of ts in the local zone into buf (6 bytes). */
void	fmt_clock(int64_t ts, char *buf);
/* "[YYYY-MM-DD HH:MM:SS] head text" in the local zone into buf; the
 * length (truncated like snprintf). */
int	fmt_plain(const struct sbline *l, char *buf, size_t len);

#endif
