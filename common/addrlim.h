/* Per-address connection limits: counts, verdicts, eviction, quiet logs. */
#ifndef ADDRLIM_H
#define ADDRLIM_H

/*
 * One address must not lock everyone else out. A server keeps one struct
 * addrlim and one handle per connection it admitted. Connections are
 * counted per address key: an IPv4 address; an IPv6 /64 (what one
 * subscriber or one LAN usually gets, so a host cannot dodge the count by
 * hopping addresses); a v4-mapped IPv6 address (::ffff:a.b.c.d) as that
 * IPv4 address. A connection is "pending" from its admission until the
 * server settles it (a name was chosen, a login done) or releases it.
 *
 * addrlim_admit() decides, in O(1):
 *   - refused, ADDRLIM_PER_ADDR: the address already holds per_addr
 *     connections in all;
 *   - refused, ADDRLIM_PENDING_PER_ADDR: it holds pending_per_addr pending
 *     connections;
 *   - the pool of pending connections (pending) is full: if some other
 *     address holds more pending connections than this one, the oldest
 *     pending connection of the address holding the most is evicted (the
 *     caller closes it, with ADDRLIM_EVICTED as its last line) and the
 *     newcomer is admitted; otherwise refused, ADDRLIM_PENDING;
 *   - else admitted.
 * A limit of 0 is no limit. A refusal's text names the limit in one line;
 * verdict.log is set for the first refusal of an address in
 * ADDRLIM_LOG_EVERY_S seconds, so a flood costs one log line a minute.
 * The module never prints, never exits (memory aside: efun.h).
 *
 * Usage, in a poll() server (c is the caller's connection):
 *
 *	static struct addrlim lim;
 *	addrlim_init(&lim, &(struct addrlim_limits){ .per_addr = 64,
 *	    .pending_per_addr = 16, .pending = 1024,
 *	    .pending_as = "waiting for a name" });
 *
 *	accept:	struct addrlim_verdict v;
 *		c->al = addrlim_admit(&lim, sa, salen, c, time(NULL), &v);
 *		if (c->al == NULL) {
 *			dprintf(fd, "%s\n", v.why);	(one line: which limit)
 *			if (v.log)
 *				log_info("%s: refused: %s", v.addr, v.why);
 *			close(fd);
 *			return;
 *		}
 *		if (v.victim != NULL)		(a struct conn *, owner above)
 *			conn_close_saying(v.victim, ADDRLIM_EVICTED);
 *	login:	addrlim_settle(&lim, c->al);
 *	close:	addrlim_release(&lim, c->al);
 *
 * A server without a pending phase (a clock, an echo) settles at once:
 * addrlim_settle() right after a successful admit, and sets only per_addr.
 */

#include <sys/socket.h>
#include <stddef.h>
#include <stdint.h>

#define ADDRLIM_LOG_EVERY_S	60	/* one refusal logged per address */
#define ADDRLIM_QUIET_MAX	4096	/* idle addresses kept for that */
#define ADDRLIM_KEYSTRLEN	48	/* "192.0.2.1", "2001:db8:1:2::/64" */
#define ADDRLIM_WHY_MAX		160	/* one refusal line, NUL included */
#define ADDRLIM_EVICTED		"Closed to make room for others: too many " \
				"connections are pending and your address " \
				"holds the most."

/* Which limit refused a connection. */
enum addrlim_limit {
	ADDRLIM_NONE = 0,		/* admitted */
	ADDRLIM_PER_ADDR,		/* per_addr connections in all */
	ADDRLIM_PENDING_PER_ADDR,	/* pending_per_addr pending ones */
	ADDRLIM_PENDING			/* the pending pool, nobody to evict */
};

/* What the caller configures; 0 means no limit. */
struct addrlim_limits {
	unsigned	 per_addr;	   /* connections from one address */
	unsigned	 pending_per_addr; /* pending ones from one address */
	unsigned	 pending;	   /* pending ones from everywhere */
	const char	*pending_as;	   /* words for "pending" in refusals,
					    * e.g. "waiting for a name" */
};

/* An address key: family 4 (an IPv4 address), 6 (an IPv6 /64) or 0 (any
 * other family, all counted as one). */
struct addrlim_key {
	uint8_t		 family;
	uint8_t		 bytes[8];	/* v4: 4 used; v6: the /64 prefix */
};

/* The outcome of one addrlim_admit(). */
struct addrlim_verdict {
	enum addrlim_limit hit;		/* ADDRLIM_NONE when admitted */
	int		 log;		/* refused, and worth a log line */
	void		*victim;	/* admitted by evicting this owner's
					 * connection: close it now */
	char		 addr[ADDRLIM_KEYSTRLEN];	/* the key, printable */
	char		 why[ADDRLIM_WHY_MAX];	/* refused: the line to send */
};

struct addrlim_addr;
struct addrlim_conn;

/* Private: fields are the module's. */
struct addrlim {
	struct addrlim_limits	  lim;
	struct addrlim_addr	**tab;		/* hash of keys, chained */
	size_t			  ntab;		/* buckets, a power of two */
	size_t			  naddr;	/* keys in the table */
	struct addrlim_addr	**bypend;	/* keys by pending count */
	size_t			  npend_max;	/* bypend's length */
	size_t			  maxpend;	/* highest non-empty bypend */
	size_t			  npending;	/* pending connections */
	size_t			  nconn;	/* admitted connections */
	struct addrlim_addr	 *quiet_head;	/* idle keys kept to rate- */
	struct addrlim_addr	 *quiet_tail;	/*  limit logs, oldest first */
	size_t			  nquiet;
	uint64_t		  seed;		/* hash seed */
};

/* Start empty with these limits (copied; pending_as must outlive lim). */
void	addrlim_init(struct addrlim *, const struct addrlim_limits *);
/* Free everything; outstanding handles become invalid. */
void	addrlim_free(struct addrlim *);
/* The key of sa; 0, or -1 for a family other than AF_INET/AF_INET6
 * (then key->family is 0 and all such are counted as one). */
int	addrlim_key(const struct sockaddr *sa, socklen_t, struct addrlim_key *);
/* "192.0.2.1", "2001:db8:1:2::/64" or "other" into buf; returns buf. */
char	*addrlim_keystr(const struct addrlim_key *, char *buf, size_t len);
/* Admit a pending connection from sa owned by owner at time now (seconds,
 * any monotonic origin): its handle, or NULL when refused. v is filled in
 * both cases (see above). */
struct addrlim_conn *addrlim_admit(struct addrlim *, const struct sockaddr *,
	    socklen_t, void *owner, int64_t now, struct addrlim_verdict *v);
/* The connection is no longer pending (named, logged in); idempotent. */
void	addrlim_settle(struct addrlim *, struct addrlim_conn *);
/* The connection closed: forget it (NULL is a no-op). */
void	addrlim_release(struct addrlim *, struct addrlim_conn *);
/* For the caller's own refusals (a full server): 1 if a refusal from sa
 * is worth logging at now (the first in ADDRLIM_LOG_EVERY_S), else 0. */
int	addrlim_log_ok(struct addrlim *, const struct sockaddr *, socklen_t,
	    int64_t now);
/* Connections admitted from sa's key and pending among them. */
void	addrlim_count(const struct addrlim *, const struct sockaddr *,
	    socklen_t, unsigned *total, unsigned *pending);
/* Pending connections from everywhere. */
size_t	addrlim_pending(const struct addrlim *);

#endif
