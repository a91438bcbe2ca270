/* --log-dir: each window's lines appended to DIR/NAME.log as plain text
 * with local times ("#general.log", "bob.log"). */
#ifndef CHATLOG_H
#define CHATLOG_H

#include <stddef.h>

#include "sb.h"

/* The file name for a window (room or nick name): bytes other than
 * letters, digits, '-', '_' and '.' become '_', never a leading '.';
 * rooms get a leading '#'. Into buf, NUL-terminated. */
void	chatlog_name(int room, const char *name, char *buf, size_t len);
/* Append l to dir's log of that window, making dir (0700) if needed;
 * 0, or -1 with errno set. */
int	chatlog_write(const char *dir, int room, const char *name,
	    const struct sbline *l);

#endif
