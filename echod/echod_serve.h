/* One connection served to the end by the calling thread or process: the
 * fork model's children and the threads model's workers both run it. */
#ifndef ECHOD_SERVE_H
#define ECHOD_SERVE_H

struct echod_conf;
struct echod_stats;

/* Echo on fd (non-blocking) until the client leaves, errs, idles out, or
 * stopfd becomes readable (shutdown); closes fd. Counts lines and bytes
 * in stats, not the connection itself (the caller does). */
void	echod_serve(int fd, int stopfd, const struct echod_conf *,
	    struct echod_stats *);

#endif
