/* loadgen.h: what loadgen's modules share: limits, records, one run's state. */

#ifndef LOADGEN_H
#define LOADGEN_H

#include <netinet/in.h>

#include <stddef.h>
#include <stdint.h>

struct addrinfo;
struct epoll_event;

#define PER_SOURCE_MAX	5000		/* connections per source address */
#define SIZE_MIN	40		/* room for the message header */
#define SIZE_MAX_MSG	900		/* with a prefix, below CARRY_MAX */
#define SERIES_MAX	3600		/* RSS samples kept, one a second */
#define NS		1000000000LL
#define MS		1000000LL

enum cstate { CL_IDLE, CL_CONNECTING, CL_PROMPT, CL_JOINED, CL_DEAD };

struct client {
	int		fd;
	uint8_t		state;
	uint8_t		slow;
	uint8_t		discarding;	/* skipping an over-long line */
	uint8_t		wantout;	/* EPOLLOUT requested */
	uint16_t	carry;		/* bytes held in this client's slot */
	int32_t		sender;		/* index in senders, or -1 */
	uint32_t	joins;
	uint8_t		in;		/* known to be in the room */
	int64_t		cutoff_ns;	/* slow client: when it was cut off */
	struct sockaddr_in local;	/* slow client: its own address */
};

struct sender {
	uint32_t	client;
	uint32_t	seq;		/* last sequence number used */
	uint32_t	len;
	uint32_t	off;
	char		*buf;
};

struct opts {
	const char	*host;
	const char	*port;
	const char	*label;
	long		 clients;	/* readers + slow */
	long		 senders;
	long		 size;
	double		 rate;		/* msg/s in total, 0: flat out */
	double		 duration;
	double		 settle;	/* longest wait for the join notices */
	double		 drain;		/* longest wait after sending */
	long		 sources;
	long		 slow;
	long		 window;
	long		 pass_us;
	long		 connect_window;
	long		 server_pid;
	int		 irc;
	int		 json;
	int		 quiet;
};

struct stats {
	int64_t		 t0;
	int64_t		 hs_done;	/* handshake complete */
	int64_t		 send_start;
	int64_t		 send_end;
	int64_t		 last_delivery;
	int64_t		 last_join;
	int		 hs_complete;
	uint32_t	 connected;
	uint32_t	 connect_failed;
	uint32_t	 named;
	uint32_t	 in;		/* clients known to be in the room */
	uint32_t	 pending;	/* handshakes in progress */
	uint32_t	 dead;
	uint32_t	 dead_in_send;
	uint32_t	 readers_live;	/* at the start of sending */
	uint64_t	 joins;
	uint64_t	 joins_expected;
	uint64_t	 lefts;
	uint64_t	 sent;
	uint64_t	 skipped;	/* not sent: buffer full, sender gone */
	uint64_t	 delivered;
	uint64_t	 dups;
	uint64_t	 order;
	uint64_t	 foreign;	/* not this run's: history, IRC NAMES */
	uint64_t	 invalid;
	uint64_t	 long_lines;
	uint64_t	 bytes_in;
	int64_t		 lag_max;	/* generator behind its schedule */
	int64_t		 lat_max;
	/* server and generator resources */
	long		 rss_start;
	long		 rss_hs;
	long		 rss_peak;
	long		 rss_final;
	long		 series[SERIES_MAX];
	int		 nseries;
	double		 scpu[4];	/* at start, handshake, send, end */
	double		 gcpu[4];
	int64_t		 next_sample;
	int64_t		 next_series;
	int64_t		 next_progress;
};

/*
 * One run's state, defined in loadgen.c.  Clients 0..nreaders-1 read,
 * the rest are slow; clients 0..O.senders-1 also send, as snd[k].
 */
extern struct opts	 O;		/* set once by opts_parse */
extern struct stats	 S;		/* counters the report reads */
extern struct client	*cl;		/* O.clients of them */
extern struct sender	*snd;		/* O.senders of them */
extern uint32_t		*lastseq;	/* readers * senders: last seq seen */
extern int		 ep;		/* the epoll instance */
extern int64_t		 now;		/* CLOCK_MONOTONIC ns, per loop pass */
extern unsigned		 runid;		/* tells this run's messages apart */
extern long		 nreaders;
extern struct addrinfo	*target;	/* the server's address */
#define TARGETS_MAX	8		/* --port P1,P2,...: cluster nodes */
extern struct addrinfo	*targets[TARGETS_MAX]; /* client i: i % ntargets */
extern int		 ntargets;

/* loadgen.c */
/* Monotonic time in nanoseconds. */
int64_t		clock_ns(void);
/* Nanoseconds as seconds. */
double		secs(int64_t);
/* One line of progress on stderr, unless --quiet. */
void		progress(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
/* "loadgen: " and the message on stderr, then exit with code. */
void		die(int, const char *, ...)
		    __attribute__((noreturn, format(printf, 2, 3)));

/* loadgen_opts.c */
/* Fill O and nreaders from the command line; usage errors exit 64. */
void		opts_parse(int, char **);

/* loadgen_client.c */
/* Allocate cl and the read buffers; every client idle, none a sender. */
void		clients_alloc(void);
/* Start client i's non-blocking connect; a refusal kills it. */
void		client_connect(size_t);
/* Close client i and count it as failed, dead or cut off. */
void		client_kill(size_t);
/* Set the epoll events wanted for client i. */
void		ev_set(size_t, uint32_t);
/* Handle one epoll event: connect done, lines to read, room to write. */
void		event_handle(const struct epoll_event *);
/* Every 100 ms: kill slow clients whose server end is gone. */
void		slow_check(void);

/* loadgen_sender.c */
/* Allocate snd and make clients 0..O.senders-1 senders; after
 * clients_alloc. */
void		senders_alloc(void);
/* Write what sender k has queued; want EPOLLOUT while some is left. */
void		sender_flush(uint32_t);
/* Queue what is due if queue is set (by --rate, or up to --window when
 * flat out), then write what is queued. */
void		senders_pump(int);

/* loadgen_report.c */
/* Count one delivery's latency in ns. */
void		hist_add(int64_t);
/* ... and again when reader and sender are on different servers. */
void		hist_cross_add(int64_t);
/* The server's RSS in KiB, or -1 without --server-pid. */
long		proc_rss(void);
/* Record CPU of server and generator at phase 0..3. */
void		cpu_mark(int);
/* Sample the server's RSS if a quarter second has passed. */
void		rss_sample(void);
/* Print the result on stdout: JSON with --json, else four lines. */
void		report_print(void);

#endif
