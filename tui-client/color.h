/* Stable nick colours: a hash of the nick picks one of a few slots. */
#ifndef COLOR_H
#define COLOR_H

#define COLOR_SLOTS	12	/* 6 colours, plain and bold */

/* The colour slot of nick, 0..COLOR_SLOTS-1; the same for every spelling
 * that differs only in ASCII case. */
int	color_of(const char *nick);
/* The terminal colour (a curses colour number) slot is drawn in on a
 * terminal of colors colours; *bold tells it from another slot of the
 * same colour where there are few. Never a reserved colour. */
int	color_nick(int slot, int colors, int *bold);
/* Whether colour is kept for errors (red), notices (cyan) or mentions
 * (yellow), in the 8, 16 or 256 colour palettes. */
int	color_reserved(int colour);

#endif
