/* FTP commands: parsing a control line, the command table, reply lines. */
#ifndef FTPCMD_H
#define FTPCMD_H

#include <sys/types.h>
#include <sys/socket.h>
#include <stddef.h>

enum ftpcmd_id {
	FTPCMD_ABOR, FTPCMD_ACCT, FTPCMD_ALLO, FTPCMD_CDUP, FTPCMD_CWD,
	FTPCMD_EPRT, FTPCMD_EPSV, FTPCMD_FEAT, FTPCMD_HELP, FTPCMD_LIST,
	FTPCMD_MDTM, FTPCMD_MLSD, FTPCMD_MLST, FTPCMD_MODE, FTPCMD_NLST,
	FTPCMD_NOOP, FTPCMD_OPTS, FTPCMD_PASS, FTPCMD_PASV, FTPCMD_PORT,
	FTPCMD_PWD, FTPCMD_QUIT, FTPCMD_REST, FTPCMD_RETR, FTPCMD_SIZE,
	FTPCMD_STAT, FTPCMD_STRU, FTPCMD_SYST, FTPCMD_TYPE, FTPCMD_USER,
	FTPCMD_WRITE		/* STOR, DELE, MKD, ...: refused */
};

enum ftpcmd_arg {
	FTPCMD_ARG_NONE,	/* an argument is a syntax error */
	FTPCMD_ARG_OPT,
	FTPCMD_ARG_REQ
};

struct ftpcmd_def {
	const char	*name;		/* upper case, sorted */
	enum ftpcmd_id	 id;
	enum ftpcmd_arg	 arg;
	int		 login;		/* needs a login */
	const char	*usage;
};

struct ftpcmd {
	const struct ftpcmd_def *def;
	char		*arg;		/* in the line; "" if none */
};

#define FTPCMD_VERB_MAX	4	/* every FTP verb is 3 or 4 letters */
#define FTPCMD_TEXT_MAX	512	/* text of one reply line, bytes */
/* One reply line: code, separator, text, CRLF. */
#define FTPCMD_REPLY_LINE	(FTPCMD_TEXT_MAX + 8)

/* The table, sorted by name; ftpcmd_count entries. */
extern const struct ftpcmd_def	ftpcmd_table[];
extern const size_t		ftpcmd_count;

/* The entry for verb (any case, NUL-terminated), or NULL. */
const struct ftpcmd_def	*ftpcmd_find(const char *verb);
/* Parse one control line (its CRLF removed, len + 1 bytes of room) in
 * place. Telnet IAC
 * sequences are dropped. Returns 0 with *cmd filled, or the reply code
 * (500 unknown or malformed, 501 bad argument) with a reason in *why. */
int	ftpcmd_parse(char *line, size_t len, struct ftpcmd *cmd,
	    const char **why);
/* Copy untrusted s into out (outlen > 0) for a reply or a listing: bytes
 * below 0x20 and DEL become '?', '"' is doubled when quote is set; cut
 * to fit. Returns the bytes written; out is NUL-terminated. */
size_t	ftpcmd_safe(const char *s, char *out, size_t outlen, int quote);
/* Format one reply line "CODE TEXT\r\n" (or "CODE-TEXT\r\n" when more
 * follow) into out (FTPCMD_REPLY_LINE room), text made safe and cut to
 * FTPCMD_TEXT_MAX. Returns the bytes written. */
size_t	ftpcmd_reply(int code, int more, const char *text, char *out);
/* PORT h1,h2,h3,h4,p1,p2 into an IPv4 address; 0, or -1 if malformed. */
int	ftpcmd_port(const char *arg, struct sockaddr_storage *,
	    socklen_t *);
/* EPRT |af|addr|port| (RFC 2428) into an address; 0, or -1. */
int	ftpcmd_eprt(const char *arg, struct sockaddr_storage *,
	    socklen_t *);
/* A REST offset: decimal, 0..2^62; 0, or -1. */
int	ftpcmd_offset(const char *arg, off_t *);
/* Skip leading ls(1)-style options ("-la ") that clients put before a
 * LIST or NLST path; returns the path part (maybe ""). */
char	*ftpcmd_listarg(char *arg);

#endif
