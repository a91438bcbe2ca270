/* Replies: lines appended to a session's bounded output buffer. */
#ifndef FTPREPLY_H
#define FTPREPLY_H

struct ftpsess;

/* Queue "CODE TEXT\r\n"; the text (printf-formatted) is made safe: no
 * control byte of a name reaches the client. Past TCPFTPD_REPLY_MAX
 * queued bytes the line is dropped and the session marked overflowed. */
void	ftpreply(struct ftpsess *, int code, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* Queue "CODE-TEXT\r\n", the first lines of a multi-line reply. */
void	ftpreply_more(struct ftpsess *, int code, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* Queue " TEXT\r\n", a line inside a multi-line reply. */
void	ftpreply_inner(struct ftpsess *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Bytes queued and not yet written. */
size_t	ftpreply_pending(const struct ftpsess *);

#endif
