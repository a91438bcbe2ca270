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

#include "tcpchat.h"
#include "net.h"
#include "num.h"
#include "opts.h"


#ifndef TCPCHAT_VERSION
#define TCPCHAT_VERSION	"0"
#endif

static const char usage_line[] =
    "usage: tcpchat [-hV] [-n nick] [-r room] [--no-color] [--plain]\n"
    "               [--scrollback lines] [host [port]]\n";

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
	    "  -h, --help           this help\n"
	    "  -V, --version        the version\n"
	    "  host [port]          the server (default localhost 8989)\n",
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

static void
tcpchat_parse_args(int argc, char **argv, struct opts *o)
{
	enum { OPT_NOCOLOR = 256, OPT_PLAIN, OPT_SCROLLBACK };
	static const struct option longopts[] = {
		{ "help",	no_argument,		NULL, 'h' },
		{ "nick",	required_argument,	NULL, 'n' },
		{ "no-color",	no_argument,		NULL, OPT_NOCOLOR },
		{ "plain",	no_argument,		NULL, OPT_PLAIN },
		{ "room",	required_argument,	NULL, 'r' },
		{ "scrollback",	required_argument,	NULL, OPT_SCROLLBACK },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};
	const char *why;
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
		case ':':
			tcpchat_bad("option \"%s\" %s", argv[optind - 1],
			    "needs a value");
		default:
			tcpchat_bad("option \"%s\": %s", argv[optind - 1], "unknown");
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 2)
		tcpchat_bad("\"%s\": %s", argv[2], "too many arguments");
	if (argc >= 1)
		o->host = argv[0];
	if (argc == 2) {
		if (net_port(argv[1], 0, &why) == -1)
			tcpchat_bad("port \"%s\": %s", argv[1], why);
		o->port = argv[1];
	}
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
	struct opts o;
	const char *env;

	tcpchat_locale();
	memset(&o, 0, sizeof(o));
	o.host = HOST_DEFAULT;
	o.port = PORT_DEFAULT;
	o.color = 1;
	o.scrollback = SCROLLBACK_DEFAULT;
	if ((env = getenv("NO_COLOR")) != NULL && env[0] != '\0')
		o.color = 0;
	tcpchat_parse_args(argc, argv, &o);
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
