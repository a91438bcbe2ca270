/* echobench: what its modules share. */
#ifndef ECHOBENCH_H
#define ECHOBENCH_H

#include <stdint.h>
#include <sys/types.h>

/* A server's figures summed over it and every descendant process. */
struct eb_proc {
	double		cpu_s;		/* seconds on a CPU, every thread */
	uint64_t	ctxsw;		/* voluntary + involuntary, all threads */
	uint64_t	hwm_kib;	/* sum of each process's peak RSS */
	uint64_t	pss_kib;	/* proportional set size now */
	long		procs;		/* processes */
	long		threads;	/* threads in all of them */
};

/* Read pid's tree from /proc; 0, or -1 if pid is gone. */
int	eb_proc_read(pid_t pid, struct eb_proc *);

#endif
