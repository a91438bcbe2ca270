/* The --log file: events appended as structured lines, replayed at start. */
#ifndef LOGFILE_H
#define LOGFILE_H

#include <stddef.h>
#include <stdint.h>

#include "hist.h"

/* A kept message read back from the log; the strings point into the
 * line parsed. */
struct logrec {
	int64_t		 ts;
	enum hist_kind	 kind;
	const char	*room;
	const char	*nick;
	const char	*text;
	size_t		 textlen;
};

/* Called for every MSG and ME record while a log is opened. */
typedef void	logfile_rec_fn(const struct logrec *, void *arg);

/* Parse one log line (NUL-terminated, no "\n", modified in place): 1 for
 * a MSG or ME record (filled in), 0 for another well-formed event, -1 for
 * a malformed line. */
int	logfile_parse(char *line, struct logrec *);
/* Open path for appending (creating it), first passing every MSG and ME
 * record to fn, oldest first, and cutting off a torn last line. 0, or -1
 * with a reason in err. */
int	logfile_open(const char *path, logfile_rec_fn *, void *arg, char *err,
	    size_t errlen);
/* Whether a log is open. */
int	logfile_active(void);
/* Queue complete lines for the next logfile_sync(). */
void	logfile_append(const void *, size_t);
/* Write everything queued and fdatasync once; 0, or -1 with errno (what
 * could not be written stays queued, up to LOGBUF_MAX bytes). */
int	logfile_sync(void);
/* Sync and close. */
void	logfile_close(void);

#endif
