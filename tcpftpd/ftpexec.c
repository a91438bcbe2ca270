/* FTP commands carried out for a session; they only append replies. */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "addrlim.h"
#include "ftpcmd.h"
#include "ftpdata.h"
#include "ftpexec.h"
#include "ftplist.h"
#include "ftppath.h"
#include "ftpreply.h"
#include "ftpsess.h"
#include "log.h"

typedef void	ftpexec_fn(struct ftpsess *, char *arg);

/* The refusal for a path that could not be used, by errno. */
static void
ftpexec_path_error(struct ftpsess *s, const char *path, int err)
{
	switch (err) {
	case ENOENT:
		ftpreply(s, 550, "%s: No such file or folder", path);
		break;
	case ELOOP:
		ftpreply(s, 550, "%s: symbolic links are not followed", path);
		break;
	case ENOTDIR:
		ftpreply(s, 550, "%s: Not a folder", path);
		break;
	case EISDIR:
		ftpreply(s, 550, "%s: Is a folder", path);
		break;
	case EPERM:
		ftpreply(s, 550, "%s: Not a regular file (refused)", path);
		break;
	case ENAMETOOLONG:
		ftpreply(s, 501, "Path too long");
		break;
	default:
		ftpreply(s, 550, "%s: %s", path, strerror(err));
		break;
	}
}

/* arg made into a virtual path in out; on failure the reply is sent. */
static int
ftpexec_path(struct ftpsess *s, const char *arg, char *out)
{
	if (ftppath_join(s->cwd, arg, out, FTPPATH_MAX) == 0)
		return 0;
	ftpexec_path_error(s, arg, errno);
	return -1;
}

static void
ftpexec_abor(struct ftpsess *s, char *arg)
{
	(void)arg;
	if (ftpdata_abort(&s->data)) {
		ftpreply(s, 426, "Transfer aborted");
		ftpreply(s, 226, "ABOR successful");
	} else
		ftpreply(s, 225, "No transfer to abort");
}

static void
ftpexec_acct(struct ftpsess *s, char *arg)
{
	(void)arg;
	ftpreply(s, 202, "No account needed");
}

static void
ftpexec_allo(struct ftpsess *s, char *arg)
{
	(void)arg;
	ftpreply(s, 202, "No storage allocation needed");
}

static void
ftpexec_cwd(struct ftpsess *s, char *arg)
{
	char path[FTPPATH_MAX];
	struct stat st;
	int fd;

	if (ftpexec_path(s, arg, path) == -1)
		return;
	if ((fd = ftppath_open(s->conf->root, path, FTPPATH_DIR, &st)) == -1) {
		ftpexec_path_error(s, arg, errno);
		return;
	}
	close(fd);
	memcpy(s->cwd, path, strlen(path) + 1);
	ftpreply(s, 250, "Folder changed to %s", s->cwd);
}

static void
ftpexec_cdup(struct ftpsess *s, char *arg)
{
	char up[] = "..";

	(void)arg;
	ftpexec_cwd(s, up);
}

/* Whether addr is the control peer's own host, on a port that is not a
 * system service: anything else would make us an FTP bounce. */
static int
ftpexec_port_ok(const struct ftpsess *s, const struct sockaddr_storage *a)
{
	const struct sockaddr_in *a4 = (const void *)a;
	const struct sockaddr_in *p4 = (const void *)&s->peer;
	const struct sockaddr_in6 *a6 = (const void *)a;
	const struct sockaddr_in6 *p6 = (const void *)&s->peer;

	if (a->ss_family != s->peer.ss_family)
		return 0;
	if (a->ss_family == AF_INET)
		return a4->sin_addr.s_addr == p4->sin_addr.s_addr &&
		    ntohs(a4->sin_port) >= 1024;
	return memcmp(&a6->sin6_addr, &p6->sin6_addr, 16) == 0 &&
	    ntohs(a6->sin6_port) >= 1024;
}

static void
ftpexec_active(struct ftpsess *s, struct sockaddr_storage *a,
    socklen_t len)
{
	if (s->epsv_all) {
		ftpreply(s, 503, "EPSV ALL was given: only EPSV now");
		return;
	}
	if (!ftpexec_port_ok(s, a)) {
		ftpreply(s, 504, "Active mode only to your own address, port "
		    "1024 or above (no FTP bounce)");
		return;
	}
	ftpdata_active(&s->data, (struct sockaddr *)a, len,
	    (struct sockaddr *)&s->local, s->locallen);
	ftpreply(s, 200, "Active mode: will connect for the next transfer");
}

static void
ftpexec_port(struct ftpsess *s, char *arg)
{
	struct sockaddr_storage a;
	socklen_t len;

	if (ftpcmd_port(arg, &a, &len) == -1)
		ftpreply(s, 501, "Syntax: PORT h1,h2,h3,h4,p1,p2");
	else
		ftpexec_active(s, &a, len);
}

static void
ftpexec_eprt(struct ftpsess *s, char *arg)
{
	struct sockaddr_storage a;
	socklen_t len;

	if (ftpcmd_eprt(arg, &a, &len) == -1)
		ftpreply(s, 501, "Syntax: EPRT |1|h.h.h.h|port| or "
		    "|2|v6addr|port|");
	else if (a.ss_family != s->peer.ss_family)
		ftpreply(s, 522, "Network protocol not supported, use (%d)",
		    s->peer.ss_family == AF_INET ? 1 : 2);
	else
		ftpexec_active(s, &a, len);
}

static int
ftpexec_passive(struct ftpsess *s)
{
	int port;

	port = ftpdata_passive(&s->data, (struct sockaddr *)&s->local,
	    s->locallen, s->conf->pasv_lo, s->conf->pasv_hi);
	if (port == -1)
		ftpreply(s, 425, "Cannot open a passive port: %s",
		    strerror(errno));
	return port;
}

static void
ftpexec_epsv(struct ftpsess *s, char *arg)
{
	int af = s->local.ss_family == AF_INET ? 1 : 2, port;

	if (strcasecmp(arg, "ALL") == 0) {
		s->epsv_all = 1;
		ftpreply(s, 200, "EPSV ALL: only EPSV from now on");
		return;
	}
	if (*arg != '\0' && !((arg[0] == '1' || arg[0] == '2') &&
	    arg[1] == '\0')) {
		ftpreply(s, 501, "Syntax: EPSV [1|2|ALL]");
		return;
	}
	if (*arg != '\0' && arg[0] - '0' != af) {
		ftpreply(s, 522, "Network protocol not supported, use (%d)",
		    af);
		return;
	}
	if ((port = ftpexec_passive(s)) != -1)
		ftpreply(s, 229, "Entering Extended Passive Mode (|||%d|)",
		    port);
}

static void
ftpexec_pasv(struct ftpsess *s, char *arg)
{
	const unsigned char *a;
	int port;

	(void)arg;
	if (s->epsv_all) {
		ftpreply(s, 503, "EPSV ALL was given: only EPSV now");
		return;
	}
	if (s->local.ss_family != AF_INET) {
		ftpreply(s, 522, "PASV is IPv4 only: use EPSV");
		return;
	}
	if ((port = ftpexec_passive(s)) == -1)
		return;
	a = (const unsigned char *)
	    &((struct sockaddr_in *)&s->local)->sin_addr;
	ftpreply(s, 227, "Entering Passive Mode (%d,%d,%d,%d,%d,%d).",
	    a[0], a[1], a[2], a[3], port >> 8, port & 0xff);
}

static void
ftpexec_feat(struct ftpsess *s, char *arg)
{
	static const char *const feat[] = {
		"EPRT", "EPSV", "MDTM", "MLST type*;size*;modify*;perm*;",
		"PASV", "REST STREAM", "SIZE", "TVFS", "UTF8"
	};
	size_t i;

	(void)arg;
	ftpreply_more(s, 211, "Features:");
	for (i = 0; i < sizeof(feat) / sizeof(feat[0]); i++)
		ftpreply_inner(s, "%s", feat[i]);
	ftpreply(s, 211, "End");
}

static void
ftpexec_help(struct ftpsess *s, char *arg)
{
	const struct ftpcmd_def *d;
	char line[80];
	size_t i, n = 0;

	if (*arg != '\0') {
		if ((d = ftpcmd_find(arg)) == NULL)
			ftpreply(s, 501, "Unknown command %s", arg);
		else
			ftpreply(s, 214, "%s", d->usage);
		return;
	}
	ftpreply_more(s, 214, "The commands are (HELP CMD for one):");
	for (i = 0; i < ftpcmd_count; i++) {
		n += snprintf(line + n, sizeof(line) - n, "%-5s ",
		    ftpcmd_table[i].name);
		if (n > 60 || i + 1 == ftpcmd_count) {
			ftpreply_inner(s, "%s", line);
			n = 0;
		}
	}
	ftpreply(s, 214, "Read-only: STOR, DELE and the like are refused");
}

/* Start a listing of arg in mode (MLSD wants a folder). */
static void
ftpexec_list_mode(struct ftpsess *s, char *arg, enum ftplist_mode mode)
{
	char path[FTPPATH_MAX], line[FTPLIST_LINE_MAX];
	struct ftplist l;
	struct stat st;
	size_t n = 0;
	int fd;

	if (!ftpdata_ready(&s->data)) {
		ftpreply(s, 425, "Use PASV or EPSV first");
		return;
	}
	if (ftpexec_path(s, arg, path) == -1)
		return;
	if (ftppath_stat(s->conf->root, path, &st) == -1) {
		ftpexec_path_error(s, *arg ? arg : path, errno);
		return;
	}
	if (!S_ISDIR(st.st_mode) && mode == FTPLIST_FACTS) {
		ftpexec_path_error(s, arg, ENOTDIR);
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		/* One entry, by its own status: never opened. */
		n = ftplist_line(mode, ftppath_base(path), &st, time(NULL),
		    line);
		l.dir = NULL;
	} else if ((fd = ftppath_open(s->conf->root, path, FTPPATH_DIR,
	    &st)) == -1 || ftplist_open(&l, fd, mode) == -1) {
		ftpexec_path_error(s, *arg ? arg : path, errno);
		return;
	}
	ftpreply(s, 150, "Here comes the listing of %s", path);
	if (ftpdata_send_list(&s->data, &l, line, n) == -1)
		ftpreply(s, 425, "Cannot open data connection: %s",
		    strerror(errno));
}

static void
ftpexec_list(struct ftpsess *s, char *arg)
{
	ftpexec_list_mode(s, ftpcmd_listarg(arg), FTPLIST_LONG);
}

static void
ftpexec_nlst(struct ftpsess *s, char *arg)
{
	ftpexec_list_mode(s, ftpcmd_listarg(arg), FTPLIST_NAMES);
}

static void
ftpexec_mlsd(struct ftpsess *s, char *arg)
{
	ftpexec_list_mode(s, arg, FTPLIST_FACTS);
}

/* lstat of arg, or a refusal sent; 0 or -1. */
static int
ftpexec_stat(struct ftpsess *s, char *arg, char *path, struct stat *st)
{
	if (ftpexec_path(s, arg, path) == -1)
		return -1;
	if (ftppath_stat(s->conf->root, path, st) == 0)
		return 0;
	ftpexec_path_error(s, *arg ? arg : path, errno);
	return -1;
}

static void
ftpexec_mlst(struct ftpsess *s, char *arg)
{
	char path[FTPPATH_MAX], facts[160];
	struct stat st;

	if (ftpexec_stat(s, arg, path, &st) == -1)
		return;
	ftplist_facts(&st, facts, sizeof(facts));
	ftpreply_more(s, 250, "Listing %s", path);
	ftpreply_inner(s, "%s %s", facts, path);
	ftpreply(s, 250, "End");
}

static void
ftpexec_mdtm(struct ftpsess *s, char *arg)
{
	char path[FTPPATH_MAX], t[15];
	struct stat st;

	if (ftpexec_stat(s, arg, path, &st) == -1)
		return;
	ftplist_time(st.st_mtime, t);
	ftpreply(s, 213, "%s", t);
}

static void
ftpexec_size(struct ftpsess *s, char *arg)
{
	char path[FTPPATH_MAX];
	struct stat st;

	if (ftpexec_stat(s, arg, path, &st) == -1)
		return;
	if (!S_ISREG(st.st_mode))
		ftpexec_path_error(s, arg, S_ISDIR(st.st_mode) ? EISDIR :
		    S_ISLNK(st.st_mode) ? ELOOP : EPERM);
	else
		ftpreply(s, 213, "%jd", (intmax_t)st.st_size);
}

static void
ftpexec_mode(struct ftpsess *s, char *arg)
{
	if (strcasecmp(arg, "S") == 0)
		ftpreply(s, 200, "Mode S (stream)");
	else
		ftpreply(s, 504, "Only MODE S (stream)");
}

static void
ftpexec_stru(struct ftpsess *s, char *arg)
{
	if (strcasecmp(arg, "F") == 0)
		ftpreply(s, 200, "Structure F (file)");
	else
		ftpreply(s, 504, "Only STRU F (file)");
}

static void
ftpexec_type(struct ftpsess *s, char *arg)
{
	if (strcasecmp(arg, "I") == 0 || strcasecmp(arg, "L 8") == 0)
		ftpreply(s, 200, "Type set to I (binary)");
	else if (strcasecmp(arg, "A") == 0 || strcasecmp(arg, "A N") == 0)
		ftpreply(s, 200, "Type set to A (files are sent as stored)");
	else
		ftpreply(s, 504, "Only TYPE A and TYPE I");
}

static void
ftpexec_noop(struct ftpsess *s, char *arg)
{
	(void)arg;
	ftpreply(s, 200, "OK");
}

static void
ftpexec_opts(struct ftpsess *s, char *arg)
{
	if (strcasecmp(arg, "UTF8 ON") == 0 || strcasecmp(arg, "UTF8") == 0)
		ftpreply(s, 200, "Always in UTF8 mode");
	else if (strncasecmp(arg, "MLST ", 5) == 0)
		ftpreply(s, 200, "MLST OPTS type;size;modify;perm;");
	else
		ftpreply(s, 501, "Unknown option");
}

static void
ftpexec_user(struct ftpsess *s, char *arg)
{
	char name[64];

	ftpcmd_safe(arg, name, sizeof(name), 0);
	s->user = 1;
	s->logged_in = 0;
	log_verbose("%s: user %s", s->addr, name);
	ftpreply(s, 331, "Any password will do");
}

static void
ftpexec_pass(struct ftpsess *s, char *arg)
{
	(void)arg;
	if (s->logged_in)
		ftpreply(s, 230, "Already logged in");
	else if (!s->user)
		ftpreply(s, 503, "Login with USER first");
	else {
		s->logged_in = 1;
		addrlim_settle(s->conf->lim, s->al);
		ftpreply(s, 230, "Logged in: read-only access");
	}
}

static void
ftpexec_pwd(struct ftpsess *s, char *arg)
{
	char q[FTPCMD_TEXT_MAX];

	(void)arg;
	ftpcmd_safe(s->cwd, q, sizeof(q) - 32, 1);
	ftpreply(s, 257, "\"%s\" is the current folder", q);
}

static void
ftpexec_quit(struct ftpsess *s, char *arg)
{
	(void)arg;
	ftpdata_abort(&s->data);
	ftpreply(s, 221, "Goodbye");
	s->quitting = 1;
}

static void
ftpexec_rest(struct ftpsess *s, char *arg)
{
	off_t off;

	if (ftpcmd_offset(arg, &off) == -1) {
		ftpreply(s, 501, "REST wants a byte offset");
		return;
	}
	s->rest = off;
	ftpreply(s, 350, "Restarting at %jd; send RETR", (intmax_t)off);
}

static void
ftpexec_retr(struct ftpsess *s, char *arg)
{
	char path[FTPPATH_MAX];
	struct stat st;
	off_t off = s->rest;
	int fd;

	if (!ftpdata_ready(&s->data)) {
		ftpreply(s, 425, "Use PASV or EPSV first");
		return;
	}
	if (ftpexec_path(s, arg, path) == -1)
		return;
	if ((fd = ftppath_open(s->conf->root, path, FTPPATH_FILE, &st)) ==
	    -1) {
		ftpexec_path_error(s, arg, errno);
		return;
	}
	if (off > st.st_size) {
		close(fd);
		ftpreply(s, 554, "Restart offset %jd is past the end (%jd)",
		    (intmax_t)off, (intmax_t)st.st_size);
		return;
	}
	log_verbose("%s: RETR %s from %jd", s->addr, path, (intmax_t)off);
	ftpreply(s, 150, "Opening BINARY mode data connection for %s "
	    "(%jd bytes)", path, (intmax_t)(st.st_size - off));
	if (ftpdata_send_file(&s->data, fd, off, st.st_size) == -1)
		ftpreply(s, 425, "Cannot open data connection: %s",
		    strerror(errno));
}

static void
ftpexec_stat_cmd(struct ftpsess *s, char *arg)
{
	(void)arg;
	ftpreply_more(s, 211, "tcpftpd status:");
	ftpreply_inner(s, "Connected from %s", s->addr);
	ftpreply_inner(s, "%s", s->logged_in ? "Logged in, read-only" :
	    "Not logged in");
	ftpreply_inner(s, "Folder %s", s->cwd);
	if (s->data.busy)
		ftpreply_inner(s, "Transfer: %llu bytes sent",
		    (unsigned long long)s->data.sent);
	ftpreply(s, 211, "End of status");
}

static void
ftpexec_syst(struct ftpsess *s, char *arg)
{
	(void)arg;
	ftpreply(s, 215, "UNIX Type: L8");
}

static void
ftpexec_write(struct ftpsess *s, char *arg)
{
	(void)arg;
	ftpreply(s, 550, "Permission denied: this server is read-only");
}

/* By enum ftpcmd_id. */
static ftpexec_fn *const ftpexec_fns[] = {
	[FTPCMD_ABOR] = ftpexec_abor,	[FTPCMD_ACCT] = ftpexec_acct,
	[FTPCMD_ALLO] = ftpexec_allo,	[FTPCMD_CDUP] = ftpexec_cdup,
	[FTPCMD_CWD] = ftpexec_cwd,	[FTPCMD_EPRT] = ftpexec_eprt,
	[FTPCMD_EPSV] = ftpexec_epsv,	[FTPCMD_FEAT] = ftpexec_feat,
	[FTPCMD_HELP] = ftpexec_help,	[FTPCMD_LIST] = ftpexec_list,
	[FTPCMD_MDTM] = ftpexec_mdtm,	[FTPCMD_MLSD] = ftpexec_mlsd,
	[FTPCMD_MLST] = ftpexec_mlst,	[FTPCMD_MODE] = ftpexec_mode,
	[FTPCMD_NLST] = ftpexec_nlst,	[FTPCMD_NOOP] = ftpexec_noop,
	[FTPCMD_OPTS] = ftpexec_opts,	[FTPCMD_PASS] = ftpexec_pass,
	[FTPCMD_PASV] = ftpexec_pasv,	[FTPCMD_PORT] = ftpexec_port,
	[FTPCMD_PWD] = ftpexec_pwd,	[FTPCMD_QUIT] = ftpexec_quit,
	[FTPCMD_REST] = ftpexec_rest,	[FTPCMD_RETR] = ftpexec_retr,
	[FTPCMD_SIZE] = ftpexec_size,	[FTPCMD_STAT] = ftpexec_stat_cmd,
	[FTPCMD_STRU] = ftpexec_stru,	[FTPCMD_SYST] = ftpexec_syst,
	[FTPCMD_TYPE] = ftpexec_type,	[FTPCMD_USER] = ftpexec_user,
	[FTPCMD_WRITE] = ftpexec_write,
};

int
ftpexec_during_transfer(const struct ftpcmd *cmd)
{
	switch (cmd->def->id) {
	case FTPCMD_ABOR:
	case FTPCMD_NOOP:
	case FTPCMD_QUIT:
	case FTPCMD_STAT:
		return 1;
	default:
		return 0;
	}
}

void
ftpexec_run(struct ftpsess *s, int rc, struct ftpcmd *cmd, const char *why)
{
	off_t rest = s->rest;

	/* REST holds for the command right after it only. */
	s->rest = 0;
	if (rc != 0) {
		ftpreply(s, rc, "%s", why);
		return;
	}
	log_debug("%s: %s", s->addr, cmd->def->name);
	if (cmd->def->login && !s->logged_in) {
		ftpreply(s, 530, "Please log in with USER and PASS");
		return;
	}
	if (cmd->def->id == FTPCMD_RETR)
		s->rest = rest;
	ftpexec_fns[cmd->def->id](s, cmd->arg);
	if (cmd->def->id == FTPCMD_RETR)
		s->rest = 0;
}
