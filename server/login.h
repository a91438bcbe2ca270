/* The name phase: a connection becomes a named person in a room, and at
 * its end stops being one. */
#ifndef LOGIN_H
#define LOGIN_H

#include <stddef.h>

struct client;

/* A new connection has --name-timeout seconds to choose a name. */
void	login_start(struct client *);
/* Take a name (s, n bytes, sanitised): checks, then the default room;
 * a bad or taken one is answered, and after NAME_TRIES_MAX the
 * connection is told goodbye. */
void	login_name(struct client *, char *s, size_t n);
/* c is closing: it leaves its room (the others are told) and its name
 * is free again. */
void	login_leave(struct client *);

#endif
