/* Screen: the full-screen curses table, drawn in place. */
#ifndef SCREEN_H
#define SCREEN_H

#include <stddef.h>

#include "clock.h"

/* Start curses (colour unless color is 0); endwin() is registered with
 * atexit so every exit path restores the terminal.  -1, with the terminal
 * untouched, when TERM is unset, unknown or cannot address the cursor. */
int	screen_init(int color);
/* Restore the terminal; safe to call more than once. */
void	screen_end(void);
/* Take the terminal's new size after SIGWINCH. */
void	screen_resize(void);
/* Draw every clock into curses and send the changes with one doupdate();
 * full repaints the terminal from scratch (Ctrl-L). */
void	screen_draw(const struct clock *, size_t n, int big, int full);
#define SCREEN_KEY_RESIZE	0x10000	/* the terminal changed size */

/* The next key (SCREEN_KEY_RESIZE for curses' KEY_RESIZE), or -1 when
 * none is waiting. */
int	screen_key(void);

#endif
