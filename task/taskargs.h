/* The command lines of taskd and taskc, parsed into options. */
#ifndef TASKARGS_H
#define TASKARGS_H

#include <stddef.h>

enum taskargs_what {
	TASKARGS_RUN,		/* options filled in: go */
	TASKARGS_HELP,		/* -h: print the help, exit 0 */
	TASKARGS_VERSION,	/* -V: print the version, exit 0 */
	TASKARGS_USAGE,		/* unknown option or too many operands */
	TASKARGS_BAD		/* a bad value: the reason is in err */
};

struct taskd_opts {
	const char	*bind;		/* -b: NULL for every address */
	const char	*port;
	const char	*results;	/* --results FILE or NULL */
	int		 every;		/* seconds between ticks */
	int		 timeout;	/* seconds before re-dispatch */
	unsigned	 max_per_addr;	/* workers from one address; 0: any */
	int		 level;		/* log level: -q, -v, -vv */
};

struct taskc_opts {
	const char	*host;
	const char	*port;
	long long	 count;		/* exit after this many tasks; 0: never */
	int		 quiet;		/* no prompt, no output but errors */
};

/* taskd [-hqVv] [-b ADDR] [-p PORT] [--every SECS] [--timeout SECS]
 * [--results FILE] [--max-per-addr N] [port]. Resets getopt first. */
enum taskargs_what taskargs_taskd(int argc, char *argv[], struct taskd_opts *,
	    char *err, size_t errlen);
/* taskc [-hqV] [--count N] [host] [port]. Resets getopt first. */
enum taskargs_what taskargs_taskc(int argc, char *argv[], struct taskc_opts *,
	    char *err, size_t errlen);

#endif
