/* FTP commands: the sorted table, one control line parsed, safe replies. */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ftpcmd.h"
#include "num.h"

#define N	FTPCMD_ARG_NONE
#define O	FTPCMD_ARG_OPT
#define R	FTPCMD_ARG_REQ
#define W	FTPCMD_WRITE

/* Sorted by name (a unit test checks); HELP is generated from it. */
const struct ftpcmd_def ftpcmd_table[] = {
	{ "ABOR", FTPCMD_ABOR, N, 0, "ABOR (abort the transfer)" },
	{ "ACCT", FTPCMD_ACCT, O, 0, "ACCT <account> (not needed)" },
	{ "ALLO", FTPCMD_ALLO, O, 0, "ALLO <size> (not needed)" },
	{ "APPE", W, O, 1, "APPE <path> (refused: read-only)" },
	{ "CDUP", FTPCMD_CDUP, N, 1, "CDUP (up one folder)" },
	{ "CWD", FTPCMD_CWD, R, 1, "CWD <path> (change folder)" },
	{ "DELE", W, O, 1, "DELE <path> (refused: read-only)" },
	{ "EPRT", FTPCMD_EPRT, R, 1, "EPRT |af|addr|port| (active, own "
	    "address only)" },
	{ "EPSV", FTPCMD_EPSV, O, 1, "EPSV [1|2|ALL] (extended passive)" },
	{ "FEAT", FTPCMD_FEAT, N, 0, "FEAT (list extensions)" },
	{ "HELP", FTPCMD_HELP, O, 0, "HELP [command]" },
	{ "LIST", FTPCMD_LIST, O, 1, "LIST [path] (long listing)" },
	{ "MDTM", FTPCMD_MDTM, R, 1, "MDTM <path> (modification time)" },
	{ "MKD", W, O, 1, "MKD <path> (refused: read-only)" },
	{ "MLSD", FTPCMD_MLSD, O, 1, "MLSD [path] (machine listing)" },
	{ "MLST", FTPCMD_MLST, O, 1, "MLST [path] (facts of one entry)" },
	{ "MODE", FTPCMD_MODE, R, 0, "MODE S (stream only)" },
	{ "NLST", FTPCMD_NLST, O, 1, "NLST [path] (names only)" },
	{ "NOOP", FTPCMD_NOOP, O, 0, "NOOP (do nothing)" },
	{ "OPTS", FTPCMD_OPTS, R, 0, "OPTS UTF8 ON" },
	{ "PASS", FTPCMD_PASS, O, 0, "PASS [password] (any)" },
	{ "PASV", FTPCMD_PASV, N, 1, "PASV (passive, IPv4)" },
	{ "PORT", FTPCMD_PORT, R, 1, "PORT h1,h2,h3,h4,p1,p2 (active, own "
	    "address only)" },
	{ "PWD", FTPCMD_PWD, N, 1, "PWD (print the folder)" },
	{ "QUIT", FTPCMD_QUIT, N, 0, "QUIT (log out)" },
	{ "REST", FTPCMD_REST, R, 1, "REST <offset> (resume the next RETR)" },
	{ "RETR", FTPCMD_RETR, R, 1, "RETR <path> (download)" },
	{ "RMD", W, O, 1, "RMD <path> (refused: read-only)" },
	{ "RNFR", W, O, 1, "RNFR <path> (refused: read-only)" },
	{ "RNTO", W, O, 1, "RNTO <path> (refused: read-only)" },
	{ "SITE", W, O, 1, "SITE <command> (refused: read-only)" },
	{ "SIZE", FTPCMD_SIZE, R, 1, "SIZE <path> (bytes of a file)" },
	{ "STAT", FTPCMD_STAT, N, 0, "STAT (session status)" },
	{ "STOR", W, O, 1, "STOR <path> (refused: read-only)" },
	{ "STOU", W, O, 1, "STOU (refused: read-only)" },
	{ "STRU", FTPCMD_STRU, R, 0, "STRU F (file only)" },
	{ "SYST", FTPCMD_SYST, N, 0, "SYST (system type)" },
	{ "TYPE", FTPCMD_TYPE, R, 0, "TYPE A|I (both send bytes as stored)" },
	{ "USER", FTPCMD_USER, R, 0, "USER <name> (any name)" },
	{ "XCUP", FTPCMD_CDUP, N, 1, "XCUP (as CDUP)" },
	{ "XCWD", FTPCMD_CWD, R, 1, "XCWD <path> (as CWD)" },
	{ "XMKD", W, O, 1, "XMKD <path> (refused: read-only)" },
	{ "XPWD", FTPCMD_PWD, N, 1, "XPWD (as PWD)" },
	{ "XRMD", W, O, 1, "XRMD <path> (refused: read-only)" },
};
const size_t ftpcmd_count = sizeof(ftpcmd_table) / sizeof(ftpcmd_table[0]);

#undef N
#undef O
#undef R
#undef W

static int
ftpcmd_cmp(const void *key, const void *elem)
{
	const struct ftpcmd_def *d = elem;

	return strcmp(key, d->name);
}

const struct ftpcmd_def *
ftpcmd_find(const char *verb)
{
	char up[FTPCMD_VERB_MAX + 1];
	size_t i;

	for (i = 0; verb[i] != '\0'; i++) {
		if (i == FTPCMD_VERB_MAX)
			return NULL;
		up[i] = toupper((unsigned char)verb[i]);
	}
	up[i] = '\0';
	return bsearch(up, ftpcmd_table, ftpcmd_count,
	    sizeof(ftpcmd_table[0]), ftpcmd_cmp);
}

/*
 * Drop Telnet commands (RFC 854) in place: clients send IAC IP IAC DM
 * before ABOR, and IAC IAC stands for one 0xff byte. Option negotiation
 * (WILL, WONT, DO, DONT) takes one more byte. Returns the new length.
 * Controls are read with SO_OOBINLINE, so the urgent DM arrives here.
 */
static size_t
ftpcmd_untelnet(char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		if (p[i] != 0xff) {
			s[o++] = s[i];
			continue;
		}
		if (i + 1 < len && p[i + 1] == 0xff)
			s[o++] = s[++i];
		else if (i + 1 < len && p[i + 1] >= 251 && p[i + 1] <= 254)
			i += 2;
		else if (i + 1 < len && p[i + 1] >= 240)
			i++;
		/* else a lone IAC: a byte it commanded went out of band */
	}
	return o;
}

int
ftpcmd_parse(char *line, size_t len, struct ftpcmd *cmd, const char **why)
{
	char verb[FTPCMD_VERB_MAX + 1];
	size_t i, n;

	len = ftpcmd_untelnet(line, len);
	if (memchr(line, '\0', len) != NULL ||
	    memchr(line, '\r', len) != NULL ||
	    memchr(line, '\n', len) != NULL) {
		*why = "control bytes (NUL, CR, LF) in a command";
		return 501;
	}
	for (i = 0; i < len && line[i] == ' '; i++)
		;
	for (n = 0; i + n < len && line[i + n] != ' '; n++)
		if (n == FTPCMD_VERB_MAX ||
		    !isalpha((unsigned char)line[i + n])) {
			*why = "unknown command";
			return 500;
		}
	if (n == 0) {
		*why = "empty command";
		return 500;
	}
	memcpy(verb, line + i, n);
	verb[n] = '\0';
	if ((cmd->def = ftpcmd_find(verb)) == NULL) {
		*why = "unknown command";
		return 500;
	}
	i += n;
	if (i < len)
		i++;		/* the one space before the argument */
	line[len] = '\0';
	cmd->arg = line + i;
	if (cmd->def->arg == FTPCMD_ARG_REQ && *cmd->arg == '\0') {
		*why = "an argument is needed";
		return 501;
	}
	if (cmd->def->arg == FTPCMD_ARG_NONE &&
	    cmd->arg[strspn(cmd->arg, " ")] != '\0') {
		*why = "this command takes no argument";
		return 501;
	}
	return 0;
}

size_t
ftpcmd_safe(const char *s, char *out, size_t outlen, int quote)
{
	size_t o = 0;
	unsigned char c;

	for (; *s != '\0'; s++) {
		c = *s;
		if (c < 0x20 || c == 0x7f)
			c = '?';
		if (o + 1 + (quote && c == '"') >= outlen)
			break;
		out[o++] = c;
		if (quote && c == '"')
			out[o++] = '"';
	}
	out[o] = '\0';
	return o;
}

size_t
ftpcmd_reply(int code, int more, const char *text, char *out)
{
	size_t n;

	if (code < 100 || code > 599)
		code = 500;
	n = (size_t)snprintf(out, 5, "%03d%c", code, more ? '-' : ' ');
	n += ftpcmd_safe(text, out + n, FTPCMD_TEXT_MAX + 1, 0);
	out[n++] = '\r';
	out[n++] = '\n';
	out[n] = '\0';
	return n;
}

/* A byte 0..255 in decimal at *s, moving *s past it; -1 if none. */
static int
ftpcmd_byte(const char **s)
{
	int v = 0, digits = 0;

	while (**s >= '0' && **s <= '9' && digits < 4) {
		v = v * 10 + (**s - '0');
		(*s)++;
		digits++;
	}
	return digits == 0 || digits > 3 || v > 255 ? -1 : v;
}

int
ftpcmd_port(const char *arg, struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	unsigned char b[6];
	int i, v;

	for (i = 0; i < 6; i++) {
		if ((v = ftpcmd_byte(&arg)) == -1)
			return -1;
		b[i] = v;
		if (i < 5 && *arg++ != ',')
			return -1;
	}
	if (*arg != '\0')
		return -1;
	memset(ss, 0, sizeof(*ss));
	sin->sin_family = AF_INET;
	memcpy(&sin->sin_addr, b, 4);
	sin->sin_port = htons((b[4] << 8) | b[5]);
	*len = sizeof(*sin);
	return 0;
}

int
ftpcmd_eprt(const char *arg, struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	char buf[128], *f[4], *p, d;
	long long port;
	const char *why;
	int i;

	d = arg[0];
	if (d < 33 || d > 126 || strlen(arg) >= sizeof(buf))
		return -1;
	strcpy(buf, arg);
	p = buf + 1;
	for (i = 0; i < 3; i++) {
		f[i] = p;
		if ((p = strchr(p, d)) == NULL)
			return -1;
		*p++ = '\0';
	}
	if (*p != '\0')
		return -1;
	if (num_parse(f[2], 1, 65535, &port, &why) == -1)
		return -1;
	memset(ss, 0, sizeof(*ss));
	if (strcmp(f[0], "1") == 0 && inet_pton(AF_INET, f[1],
	    &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		*len = sizeof(*sin);
		return 0;
	}
	if (strcmp(f[0], "2") == 0 && inet_pton(AF_INET6, f[1],
	    &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		*len = sizeof(*sin6);
		return 0;
	}
	return -1;
}

int
ftpcmd_offset(const char *arg, off_t *off)
{
	long long v;
	const char *why;

	if (num_parse(arg, 0, 1LL << 62, &v, &why) == -1)
		return -1;
	*off = v;
	return 0;
}

char *
ftpcmd_listarg(char *arg)
{
	while (*arg == '-') {
		arg += strcspn(arg, " ");
		arg += strspn(arg, " ");
	}
	return arg;
}
