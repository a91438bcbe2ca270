/* Stable nick colours: a hash of the nick picks one of a few slots. */
#ifndef COLOR_H
#define COLOR_H

#define COLOR_SLOTS	12	/* 6 colours, plain and bold */

/* The colour slot of nick, 0..COLOR_SLOTS-1; the same for every spelling
 * that differs only in ASCII case. */
int	color_of(const char *nick);

#endif
