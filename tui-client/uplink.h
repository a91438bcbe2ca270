/* The glue between a chat and its connection, shared by the full-screen
 * and the line client: hello on connect, server lines into the chat, a
 * server that never says HELLO given up on. */
#ifndef UPLINK_H
#define UPLINK_H

#include <stddef.h>

#include "session.h"

struct chat;
struct loop;
struct timer;

/* What the owner adds when the connection comes up or goes down. */
struct uplink_cb {
	void	(*up)(void *arg);
	void	(*down)(void *arg, const char *why);
};

struct uplink {
	struct loop		*loop;
	struct chat		*chat;
	struct session		*conn;
	struct timer		*hello;		/* waiting for HELLO */
	const struct uplink_cb	*cb;
	void			*arg;
};

/* Connect chat to the first of n servers (reconnecting if retry, to the
 * next one each time); the chat's io is the owner's, which sends through
 * uplink_send(). */
void	uplink_start(struct uplink *, struct loop *, struct chat *,
	    const char *const *hosts, const char *const *ports, size_t n,
	    int retry, const struct uplink_cb *, void *arg);
/* Close and free the connection. */
void	uplink_free(struct uplink *);
/* Queue a line for the server; 0, or -1 when not connected. */
int	uplink_send(struct uplink *, const char *line);
/* The chat's state changed: once HELLO came, stop waiting for it. */
void	uplink_update(struct uplink *);
/* Connect again now (/reconnect). */
void	uplink_restart(struct uplink *);
/* The server accepted our name. */
void	uplink_online(struct uplink *);

#endif
