/* Listings: LIST, NLST and MLSD lines, made safe, streamed from a folder. */
#ifndef FTPLIST_H
#define FTPLIST_H

#include <sys/types.h>
#include <sys/stat.h>
#include <dirent.h>
#include <stddef.h>
#include <time.h>

enum ftplist_mode {
	FTPLIST_LONG,		/* LIST: like ls -l */
	FTPLIST_NAMES,		/* NLST: names only */
	FTPLIST_FACTS		/* MLSD: RFC 3659 facts */
};

/* The longest line any mode makes, CRLF included. */
#define FTPLIST_LINE_MAX	(NAME_MAX + 160)

/* A folder being listed as the data connection drains. */
struct ftplist {
	DIR		*dir;
	enum ftplist_mode mode;
	time_t		 now;
};

/* One line for name (any bytes; control bytes become '?') with status st
 * into out (FTPLIST_LINE_MAX room); now decides between a time and a
 * year in LIST. Returns the bytes written. */
size_t	ftplist_line(enum ftplist_mode, const char *name,
	    const struct stat *st, time_t now, char *out);
/* MLST/MLSD facts without the name ("type=file;size=3;...;"). */
size_t	ftplist_facts(const struct stat *st, char *out, size_t outlen);
/* "YYYYMMDDHHMMSS" in UTC (MDTM, modify=) into out (15 bytes). */
void	ftplist_time(time_t, char *out);
/* Start listing the folder open on fd (which it takes over); 0, or -1
 * with errno (fd is closed then too). */
int	ftplist_open(struct ftplist *, int fd, enum ftplist_mode);
/* Fill out with whole lines, at most cap bytes (cap >= FTPLIST_LINE_MAX);
 * the bytes written, 0 at the end. "." and ".." are left out. */
size_t	ftplist_fill(struct ftplist *, char *out, size_t cap);
/* Close the folder; safe twice. */
void	ftplist_close(struct ftplist *);

#endif
