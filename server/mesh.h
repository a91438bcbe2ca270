/* The chat as one over several tcpchatd nodes (--redis): the glue between
 * the commands and the cluster module. Each call does what the server
 * alone does when there is no --redis. Called by line, cmd and login;
 * calls room and client below it, never up (a claim's answer goes back
 * through the function pointer given with it). */
#ifndef MESH_H
#define MESH_H

#include <stddef.h>

#include "event.h"

struct client;
struct room;

/* A claim's answer for c (still connected): ok 1 if the name is its. */
typedef void	mesh_claimed_fn(struct client *, const char *nick,
		    const char *key, int ok);

/* Join the cluster if --redis was given (after listening on port, which
 * names the node by default); 0, or -1 with a reason in err. */
int	mesh_start(int port, char *err, size_t errlen);
/* Graceful shutdown starts: this node's people leave the cluster. */
void	mesh_leave(void);
/* After the last flush. */
void	mesh_stop(void);

/* Whether a name (folded key) is held by a claim out from this node. */
int	mesh_claiming(const char *key);
/* Whether c waits for a claim's answer (its lines are ignored). */
int	mesh_waiting(const struct client *);
/* Claim nick for c across the cluster (at once without --redis): fn is
 * called later with the answer, unless c closes first. */
void	mesh_claim(struct client *, const char *nick, size_t n,
	    const char *key, mesh_claimed_fn *fn);
/* c is closing: its claim is dropped, its name freed in the cluster. */
void	mesh_forget(struct client *);

/* room_enter(), room_part(), room_say_in() across the cluster: shown here
 * when Redis gives the event back in the room's order. */
void	mesh_enter(struct room *, struct client *, int moved);
void	mesh_part(struct client *, struct room *, const char *reason);
/* mesh_part() of every room c is in (c is closing). */
void	mesh_part_all(struct client *, const char *reason);
void	mesh_say_in(struct room *, struct client *, enum ev_kind,
	    const char *text, size_t n);
/* mesh_say_in() c's current room (which must not be NULL). */
void	mesh_say(struct client *, enum ev_kind, const char *text, size_t n);
/* c (named, in a room) takes nick: claimed first, then the room told. */
void	mesh_rename(struct client *, const char *nick, const char *key);
/* A private message to a nick no one here has; -1: no one anywhere. */
int	mesh_priv(struct client *, const char *to, const char *text,
	    size_t n);
/* room_who() and room_list() counting the other nodes' people. */
void	mesh_who(struct client *, struct room *);
/* mesh_who() of a room no one here is in, by name (with or without '#');
 * -1 when no one on another node is in it either. */
int	mesh_who_elsewhere(struct client *, const char *name);
void	mesh_list(struct client *);

#endif
