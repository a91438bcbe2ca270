/* echod's command line: options into a configuration, no exits, no output. */
#ifndef ECHOD_ARGS_H
#define ECHOD_ARGS_H

#include <stddef.h>

enum echod_model {
	ECHOD_POLL,		/* one thread, one poll() loop */
	ECHOD_FORK,		/* a child process per client */
	ECHOD_THREADS		/* a fixed pool of worker threads */
};

struct echod_conf {
	const char		*host;		/* -b, NULL: every address */
	const char		*port;
	enum echod_model	 model;
	int			 threads;	/* workers (threads model) */
	int			 delay_ms;
	size_t			 max_line;	/* bytes, "\n" not counted */
	int			 max_clients;
	unsigned		 max_per_addr;	/* from one address; 0: any */
	int			 idle_s;	/* 0: never */
	int			 reverb;
	int			 stats;		/* answer "STATS" lines */
	int			 verbosity;	/* a log.h level */
};

enum echod_args_result {
	ECHOD_ARGS_RUN,		/* conf is filled in */
	ECHOD_ARGS_HELP,	/* -h: print the help */
	ECHOD_ARGS_VERSION,	/* -V: print the version */
	ECHOD_ARGS_USAGE,	/* a bad option: print the usage */
	ECHOD_ARGS_BAD		/* a bad value: err says which and why */
};

/* The model called name ("poll", "fork", "threads"), or -1. */
int	echod_args_model(const char *name);
/* The name of a model. */
const char *echod_args_model_name(enum echod_model);
/* Parse argv into conf (defaults first); ncpu sizes the default pool.
 * On ECHOD_ARGS_BAD, err holds "port \"99999\": too large" or alike. */
enum echod_args_result echod_args_parse(struct echod_conf *, int argc,
	    char *argv[], long ncpu, char *err, size_t errlen);

#endif
