/* tcpchat: the chat client; reads the command line and runs the
 * full-screen client or, for scripts, the line client. */
#include <err.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "tcpchat.h"
#include "efun.h"
#include "net.h"
#include "num.h"
#include "opts.h"


#ifndef TCPCHAT_VERSION
#define TCPCHAT_VERSION	"0"
#endif

static const char usage_line[] =
    "usage: tcpchat [-hV] [-n nick] [-r room] [--config file] "
    "[--log-dir dir]\n"
    "               [--no-color] [--plain] [--scrollback lines]\n"
    "               [host [port] | host:port ...]\n";

static void
tcpchat_usage(FILE *fp)
{
	fputs(usage_line, fp);
}

static void
tcpchat_help(void)
{
	tcpchat_usage(stdout);
	fputs("\n"
	    "  -n, --nick NAME      the name to use (default: $USER, else "
	    "asked)\n"
	    "  -r, --room ROOM      the room to join (default: the server's)\n"
	    "      --no-color       no colours (also when NO_COLOR is set)\n"
	    "      --plain          a line client: events out, lines in "
	    "(also\n"
	    "                       when stdin or stdout is not a terminal)\n"
	    "      --scrollback N   lines of scrollback kept (default 10000)\n"
	    "      --config FILE    settings (default "
	    "$XDG_CONFIG_HOME/tcpchat/config)\n"
	    "      --log-dir DIR    log each window to DIR/NAME.log (default: "
	    "none)\n"
	    "  -h, --help           this help\n"
	    "  -V, --version        the version\n"
	    "  host [port]          the server (default localhost 8989)\n"
	    "  host:port ...        servers to fail over between, in turn\n",
	    stdout);
}

static void __attribute__((noreturn))
tcpchat_bad(const char *fmt, const char *arg, const char *why)
{
	warnx(fmt, arg, why);
	tcpchat_usage(stderr);
	exit(EX_USAGE);
}

static size_t
tcpchat_parse_scrollback(const char *s)
{
	const char *why;
	long long v;

	if (num_parse(s, 1, SCROLLBACK_MAX, &v, &why) == -1)
		tcpchat_bad("--scrollback \"%s\": %s", s, why);
	return (size_t)v;
}

/* Names and rooms: the server judges them; only what can never be one
 * is refused here. */
static const char *
tcpchat_parse_name(const char *what, const char *s)
{
	if (s[0] == '\0' || strpbrk(s, " \t\r\n") != NULL || strlen(s) > 128)
		tcpchat_bad(what, s, "not a valid name");
	return s;
}

/* One server, host and port apart. */
static void
tcpchat_add_server(struct opts *o, const char *host, const char *port)
{
	const char *why;

	if (net_port(port, 0, &why) == -1)
		tcpchat_bad("port \"%s\": %s", port, why);
	if (host[0] == '\0')
		tcpchat_bad("\"%s\": %s", host, "no host");
	if (o->nservers == SERVERS_MAX)
		tcpchat_bad("\"%s\": %s", host,
		    "too many servers (16 at most)");
	o->hosts[o->nservers] = estrdup(host);
	o->ports[o->nservers++] = estrdup(port);
}

/* "host:port" ("[::1]:8989") into a server. */
static void
tcpchat_add_hostport(struct opts *o, const char *s)
{
	char host[256], port[32];

	if (net_splithostport(s, host, sizeof(host), port, sizeof(port)) == -1)
		tcpchat_bad("\"%s\": %s", s, "want host:port");
	tcpchat_add_server(o, host, port);
}

/* "host", "host port" (as before), or "host:port ..." to fail over
 * between. */
static void
tcpchat_parse_servers(int argc, char **argv, struct opts *o)
{
	int i;

	if (argc == 0)
		return;
	if (argc <= 2 && strchr(argv[0], ':') == NULL &&
	    (argc == 1 || strchr(argv[1], ':') == NULL)) {
		tcpchat_add_server(o, argv[0], argc == 2 ? argv[1] :
		    PORT_DEFAULT);
		return;
	}
	if (strchr(argv[0], ':') == NULL && argc > 2)
		tcpchat_bad("\"%s\": %s", argv[2], "too many arguments "
		    "(host port, or host:port ...)");
	for (i = 0; i < argc; i++)
		tcpchat_add_hostport(o, argv[i]);
}

/* The config file says what the command line did not. */
static void
tcpchat_config(struct opts *o, struct config *cfg, int color_said)
{
	char err[256], *path;
	size_t i;

	path = o->config != NULL ? estrdup(o->config) : config_path();
	if (path != NULL && config_load(cfg, path, err, sizeof(err)) == -1)
		errx(EX_CONFIG, "%s: %s", path, err);
	o->config = path;	/* kept to the end: /ignore -save writes it */
	if (o->nservers == 0)
		for (i = 0; i < cfg->nservers; i++)
			tcpchat_add_hostport(o, cfg->servers[i]);
	if (o->nick == NULL)
		o->nick = cfg->nick;
	/* The first room is where to go first; a server that speaks
	 * protocol 2 has us in the others too (not after -r, which says
	 * where to be instead). */
	if (o->room == NULL && cfg->nrooms > 0) {
		o->room = cfg->rooms[0];
		o->rooms = cfg->rooms + 1;
		o->nrooms = cfg->nrooms - 1;
	}
	if (!color_said && cfg->color != -1)
		o->color = cfg->color;
	if (o->log_dir == NULL)
		o->log_dir = cfg->log_dir;
	o->ignores = cfg->ignores;
	o->nignores = cfg->nignores;
}

static void
tcpchat_parse_args(int argc, char **argv, struct opts *o)
{
	enum { OPT_NOCOLOR = 256, OPT_PLAIN, OPT_SCROLLBACK, OPT_CONFIG,
	    OPT_LOGDIR };
	static const struct option longopts[] = {
		{ "config",	required_argument,	NULL, OPT_CONFIG },
		{ "help",	no_argument,		NULL, 'h' },
		{ "log-dir",	required_argument,	NULL, OPT_LOGDIR },
		{ "nick",	required_argument,	NULL, 'n' },
		{ "no-color",	no_argument,		NULL, OPT_NOCOLOR },
		{ "plain",	no_argument,		NULL, OPT_PLAIN },
		{ "room",	required_argument,	NULL, 'r' },
		{ "scrollback",	required_argument,	NULL, OPT_SCROLLBACK },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};
	int ch;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":hn:r:V", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'h':
			tcpchat_help();
			exit(EX_OK);
		case 'n':
			o->nick = tcpchat_parse_name("nick \"%s\": %s", optarg);
			break;
		case 'r':
			o->room = tcpchat_parse_name("room \"%s\": %s", optarg);
			break;
		case 'V':
			printf("tcpchat %s\n", TCPCHAT_VERSION);
			exit(EX_OK);
		case OPT_NOCOLOR:
			o->color = 0;
			break;
		case OPT_PLAIN:
			o->plain = 1;
			break;
		case OPT_SCROLLBACK:
			o->scrollback = tcpchat_parse_scrollback(optarg);
			break;
		case OPT_CONFIG:
			o->config = optarg;
			break;
		case OPT_LOGDIR:
			if (optarg[0] == '\0')
				tcpchat_bad("--log-dir \"%s\": %s", optarg,
				    "empty");
			o->log_dir = optarg;
			break;
		case ':':
			tcpchat_bad("option \"%s\" %s", argv[optind - 1],
			    "needs a value");
		default:
			tcpchat_bad("option \"%s\": %s", argv[optind - 1],
			    "unknown");
		}
	}
	tcpchat_parse_servers(argc - optind, argv + optind, o);
}

/* Widths come from wcwidth, which needs a UTF-8 LC_CTYPE: with LANG=C
 * (or none) C.UTF-8 stands in. readline sets LC_CTYPE again from the
 * environment when it starts (LC_ALL, else LC_CTYPE, else LANG), so the
 * environment says C.UTF-8 too, or it would undo this. */
static void
tcpchat_locale(void)
{
	const char *var;

	setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") == 0 ||
	    setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		return;
	var = getenv("LC_ALL") != NULL && getenv("LC_ALL")[0] != '\0' ?
	    "LC_ALL" : "LC_CTYPE";
	if (setenv(var, "C.UTF-8", 1) == -1)
		warn("setenv %s", var);
}

int
main(int argc, char **argv)
{
	static struct opts o;		/* static: reachable to the end */
	static struct config cfg;
	const char *env;

	tcpchat_locale();
	o.color = -1;
	o.scrollback = SCROLLBACK_DEFAULT;
	tcpchat_parse_args(argc, argv, &o);
	if ((env = getenv("NO_COLOR")) != NULL && env[0] != '\0')
		o.color = 0;
	config_init(&cfg);
	tcpchat_config(&o, &cfg, o.color != -1);
	if (o.color == -1)
		o.color = 1;
	if (o.nservers == 0)
		tcpchat_add_server(&o, HOST_DEFAULT, PORT_DEFAULT);
	o.host = o.hosts[0];
	o.port = o.ports[0];
	if (o.nick == NULL && (env = getenv("USER")) != NULL &&
	    env[0] != '\0' && strpbrk(env, " \t") == NULL)
		o.nick = env;
	/* A terminal that cannot address the cursor (an editor's shell
	 * buffer, TERM=dumb) gets the line client too. */
	env = getenv("TERM");
	if (o.plain || !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) ||
	    env == NULL || env[0] == '\0' || strcmp(env, "dumb") == 0)
		return plain_run(&o);
	return tui_run(&o);
}
