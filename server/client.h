/* A connection's output: its queue, prompt and flushing, kicks, closing,
 * and the list of connections to flush before the next poll. */
#ifndef CLIENT_H
#define CLIENT_H

#include <sys/socket.h>
#include <stdarg.h>
#include <stdint.h>

#include "event.h"
#include "tcpchatd.h"
#include "framer.h"
#include "outq.h"

struct addrlim_conn;
struct addrlim_verdict;
struct room;
struct timer;

enum client_state {
	CS_NAME,	/* connected, no name yet */
	CS_CHAT,	/* named, in a room */
	CS_CLOSING	/* leaving; freed by deferred work */
};

#define CF_STRUCT	0x01	/* structured presentation */
#define CF_DIRTY	0x02	/* on the flush list */
#define CF_SHOWN	0x04	/* a prompt is the last thing on its screen */
#define CF_PROMPT	0x08	/* owes a prompt at the next flush */
#define CF_BLOCKED	0x10	/* data left after a flush: POLLOUT */
#define CF_KICKED	0x20	/* drop its queue, no last flush */
#define CF_SPOKE	0x40	/* sent at least one line */
#define CF_V2		0x80	/* structured, protocol 2: several rooms */
#define CF_MARK		0x100	/* told once in a fan-out over rooms */

/* One room a connection is in, and its index in that room's members. */
struct client_in {
	struct room	*room;
	uint32_t	 ridx;
};

/* Kept small: no buffers inline; the framer and the queue allocate only
 * while they hold something. */
struct client {
	int		 fd;
	uint8_t		 state;		/* enum client_state */
	uint16_t	 flags;		/* CF_* */
	uint8_t		 tries;		/* failed names */
	uint8_t		 rl;		/* RL_* (throttle.c) */
	uint32_t	 aidx;		/* index in srv.all */
	uint32_t	 didx;		/* index in srv.dirty, if CF_DIRTY */
	uint8_t		 nin;		/* rooms it is in: in[0..nin) */
	uint8_t		 capin;		/* 1: in is &in1 */
	struct room	*room;		/* where its lines go: its one room, or
					 * (v2) the one joined last; NULL when
					 * in none */
	struct client_in *in;		/* oldest first */
	struct client_in  in1;
	struct addrlim_conn *al;	/* its count in srv.addrs */
	char		*nick;
	char		*key;		/* folded nick, inside nick's block */
	char		*reason;	/* why it is closing */
	struct chunk	*prompt;	/* cached "[time][nick]:" */
	int64_t		 prompt_ts;
	struct timer	*timer;		/* name timeout, then idle timeout */
	int64_t		 heard;		/* loop_now() of its last line */
	int64_t		 blocked_since;	/* loop_now() when data got stuck */
	size_t		 owed;		/* reply bytes queued since empty */
	size_t		 replay;	/* bytes of the last history replay
					 * queued since empty */
	struct framer	 fr;
	struct outq	 q;
	char		 nickbuf[NICKBUF_MAX];	/* nick and key, if short */
	/* last: cold, so the fields above keep their cache lines */
	int64_t		 rl_empty;	/* when its line bucket is empty */
	struct timer	*rl_timer;	/* held: when its next line is due */
	char		*wantroom;	/* /join while choosing a name */
};

/* A connection on fd from sa at now (seconds): its reader, queue and line
 * bucket, counted in srv.all and srv.addrs; not yet watched by the loop.
 * NULL if its address is over a limit (v says which, and may name a
 * pending connection evicted to make room, for the caller to close). */
struct client	*client_new(int fd, const struct sockaddr *sa, socklen_t,
		    int64_t now, struct addrlim_verdict *v);
/* Queue one reference to ch for c; if the queue passes --max-queue, c is
 * kicked as too slow. */
void	client_push(struct client *, struct chunk *ch);
/* Queue a reply c asked for: checked against --max-queue before, and not
 * counted against it afterwards until the queue drains, so one large
 * reply (a history) fits with the events that follow it. */
void	client_reply(struct client *, struct chunk *ch);
/* Queue a room's history replay for c: a reply that, until the queue
 * drains, does not count against --max-queue for the replies after it
 * either, so a joiner gets the whole history whatever its size (and a
 * second replay counts the first as backlog). */
void	client_replay(struct client *, struct chunk *ch);
/* Deliver an event in c's presentation (a text one is followed by c's
 * prompt at the next flush). */
void	client_event(struct client *, struct ev *);
/* client_error() (code) or client_notice() (code NULL) with a va_list. */
void	client_say(struct client *, const char *code, const char *fmt,
	    va_list ap) __attribute__((format(printf, 3, 0)));
/* Tell c about an error: "ERR code text", or the text as a line. */
void	client_error(struct client *, const char *code, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* Tell c something: "NOTICE ts text", or the text as a line. */
void	client_notice(struct client *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* c owes its prompt (text) or NAME? (structured, no name yet). */
void	client_owe_prompt(struct client *);
/* A text client whose screen ends in a prompt gets a newline first. */
void	client_fresh_line(struct client *);
/* Say goodbye ("BYE reason" or text) and close. */
void	client_bye(struct client *, const char *reason, const char *text);
/* Start closing c with a reason: it gets no more input or events; it goes
 * on srv.closing, where its leave notice, last flush and free wait for
 * the next pass outside any fan-out (conn_reap()). */
void	client_close(struct client *, const char *reason);
/* Write what is queued (one writev), watching POLLOUT while data is left. */
void	client_flush(struct client *);
/* Flush every client on the dirty list and empty it. */
void	client_flush_dirty(void);
/* Put c on the list flushed before the next poll (once). */
void	client_dirty(struct client *);
/* Make sure the loop passes again soon even if no fd is ready. */
void	client_wake(void);
/* Set c's nick (n bytes) and its folded key, in one allocation. */
void	client_set_nick(struct client *, const char *nick, size_t n,
	    const char *key);
/* Drop c's cached prompt (its nick changed). */
void	client_idle(struct client *);
/* Free c now: closing, or at shutdown (no notices). */
void	client_destroy(struct client *);

#endif
