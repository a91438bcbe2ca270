/* Logging to stderr: one line per event, with level and time. */
#ifndef LOG_H
#define LOG_H

enum log_level {
	LOG_QUIET = -1,		/* -q: errors only */
	LOG_NORMAL = 0,		/* warnings and notable events */
	LOG_VERBOSE = 1,	/* -v: per-connection events */
	LOG_DEBUG = 2		/* -vv */
};

/* Set the program name and how much to say. */
void	log_init(const char *prog, int level);
/* Whether messages at level are shown. */
int	log_enabled(int level);
/* An error: always shown. */
void	log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Information someone asked for (a signal's statistics): always shown,
 * and not as an error. */
void	log_notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A warning or notable event: shown unless quiet. */
void	log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Per-connection chatter: shown with -v. */
void	log_verbose(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
/* Debugging: shown with -vv. */
void	log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
