/* The screen: curses set-up, the message area with its scrollback, the
 * people list, the status line and the input line. */
#ifndef UI_H
#define UI_H

#include <stddef.h>
#include <stdint.h>

#include "people.h"
#include "sb.h"

/* What the screen shows besides the messages, gathered by the caller. */
struct ui_frame {
	const char		*status;	/* the status line's text */
	const struct people	*people;
	const char		*title;		/* over the people list */
	const char		*me;		/* to colour our own name */
	const char		*prompt;
	const char		*input;		/* the line being typed */
	size_t			 point;		/* cursor byte in input */
};

struct win_view;

/* Start curses (colours unless color is 0) showing the window view v.
 * 0, or -1 when curses cannot drive the terminal (an unknown TERM). */
int	ui_init(int color, struct win_view *v);
/* Restore the terminal; safe to call more than once (atexit does). */
void	ui_end(void);
/* Ctrl-Z: give the terminal back as it was, stop until continued, then
 * take it again and redraw. */
void	ui_suspend(void);
/* The terminal changed size: re-lay-out and redraw everything. */
void	ui_resize(void);
/* Redraw everything on the next ui_draw() (Ctrl-L). */
void	ui_redraw(void);
/* Add a line to window view v (and a day-change line before it when the
 * date moved on); drawn if v is shown. */
void	ui_add(struct win_view *v, const struct sbline *);
/* Show window view v from now on. */
void	ui_view(struct win_view *v);
/* Empty the message area. */
void	ui_clear(void);
/* Scroll up (rows > 0) or down (< 0) by rows; back at the bottom the
 * view follows new lines again. */
void	ui_scroll(int rows);
/* Scroll by a page: up (1) or down (-1). */
void	ui_page(int dir);
/* To the oldest line (1) or back to the newest (-1). */
void	ui_scroll_end(int dir);
/* Lines below the view while scrolled up (0 when following). */
uint64_t ui_unread(void);
/* Show or hide the people list (F2). */
void	ui_toggle_people(void);
/* Ring the terminal bell at the next draw. */
void	ui_bell(void);
/* Something changed: draw on the next ui_draw(). */
void	ui_dirty(void);
/* Draw what changed, once per loop pass, cursor in the input line. */
void	ui_draw(const struct ui_frame *);

#endif
