/* tcpchatd's shared state, and the server: listeners, the loop's passes,
 * start and shutdown. */
#ifndef SERVER_H
#define SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "addrlim.h"
#include "hist.h"
#include "htab.h"
#include "tcpchatd.h"
#include "loop.h"
#include "outq.h"
#include "rate.h"

struct client;

/* What the command line asked for. */
struct opts {
	const char	*port;
	const char	*bind;
	const char	*log;
	const char	*motd;
	const char	*redis;		/* cluster: --redis URL */
	const char	*node;		/* cluster: --node NAME */
	long long	 cluster_expiry;	/* cluster: seconds */
	long long	 max_clients;
	long long	 history;
	long long	 history_bytes;
	long long	 max_line;
	long long	 max_queue;
	long long	 name_timeout;
	long long	 stall_timeout;
	long long	 idle_timeout;	/* 0: never */
	long long	 line_rate;
	long long	 line_burst;
	long long	 flush_gap_us;
	long long	 max_per_addr;
	long long	 max_unnamed_per_addr;
	int		 verbosity;
};

struct server {
	struct opts	  o;
	struct loop	 *loop;
	int		  lfd[LISTEN_MAX];
	int		  nlfd;
	int		  paused;	/* listeners off after EMFILE */
	int		  pause_logged;	/* EMFILE logged in this burst */
	int		  stopping;	/* shutting down */
	struct rate	  rate;		/* each client's input lines */
	struct client	**all;		/* every connection */
	uint32_t	  nall, capall;
	uint32_t	  njoined;	/* connections with a name */
	uint32_t	  nblocked;	/* connections with unsent data */
	struct client	**dirty;	/* to flush before the next poll */
	size_t		  ndirty, capdirty;
	struct client	**closing;	/* to free in the next pass */
	size_t		  nclosing, capclosing;
	int		  woken;	/* a wake-up timer is pending */
	struct timer	 *tick;		/* stall checks, then trimming */
	uint64_t	  activity;	/* flushes asked for since the tick */
	int64_t		  trimmed;	/* loop_now() of the last trim */
	int64_t		  flushed;	/* loop_clock() of the last flush */
	struct timer	 *flush_timer;	/* wakes the loop for a late flush */
	struct addrlim	  addrs;	/* connections per address */
	struct htab	  nicks;	/* folded nick -> client */
	struct htab	  rooms;	/* folded room name -> room */
	uint32_t	  nrooms;
	struct hist_pool  history;	/* every room's, bounded together */
	char		**motd;		/* cleaned --motd lines */
	size_t		  nmotd;
	char		 *clean;	/* sanitised copy of one input line */
	char		 *scratch;	/* SCRATCH_MAX bytes for every read() */
	struct chunk	 *banner;	/* welcome, penguin, motd, prompt */
	struct chunk	 *nameprompt;	/* "[ENTER YOUR NAME]:" */
	struct chunk	 *nameq;	/* "NAME?\n" */
	struct chunk	 *nl;		/* "\n" */
};

/* The one instance, in state.c: every module reads it, none of them
 * owns it. */
extern struct server srv;

/* Fill srv with defaults. */
void	server_defaults(void);
/* Build the banner, load the log, listen; 0, or -1 with a reason in err
 * and the sysexits code in *code. */
int	server_start(char *err, size_t errlen, int *code);
/* Run the loop until shutdown; the exit status. */
int	server_run(void);
/* Begin the graceful shutdown (a second call stops at once). */
void	server_stop(void);

#endif
