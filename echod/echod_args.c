/* echod's command line: options into a configuration, no exits, no output. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "echod.h"
#include "echod_args.h"
#include "log.h"
#include "net.h"
#include "num.h"

static const char *const echod_args_models[] = { "poll", "fork", "threads" };

int
echod_args_model(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(echod_args_models) /
	    sizeof(echod_args_models[0]); i++)
		if (strcmp(name, echod_args_models[i]) == 0)
			return (int)i;
	return -1;
}

const char *
echod_args_model_name(enum echod_model m)
{
	return echod_args_models[m];
}

/* A number in [lo, hi] for option name, or -1 with err filled. */
static int
echod_args_num(const char *name, const char *s, long long lo, long long hi,
    long long *out, char *err, size_t errlen)
{
	const char *why;

	if (num_parse(s, lo, hi, out, &why) == 0)
		return 0;
	if (strcmp(why, "invalid") == 0)
		snprintf(err, errlen, "%s \"%s\": not a number", name, s);
	else
		snprintf(err, errlen, "%s \"%s\": %s the %s of %lld", name, s,
		    strcmp(why, "too large") == 0 ? "above" : "below",
		    strcmp(why, "too large") == 0 ? "maximum" : "minimum",
		    strcmp(why, "too large") == 0 ? hi : lo);
	return -1;
}

static void
echod_args_defaults(struct echod_conf *c, long ncpu)
{
	memset(c, 0, sizeof(*c));
	c->port = ECHOD_PORT_DEFAULT;
	c->model = ECHOD_POLL;
	if (ncpu < 1)
		ncpu = 1;
	c->threads = ncpu > ECHOD_THREADS_MAX / ECHOD_THREADS_PER_CORE ?
	    ECHOD_THREADS_MAX : (int)ncpu * ECHOD_THREADS_PER_CORE;
	c->max_line = ECHOD_LINE_DEFAULT;
	c->max_clients = ECHOD_CLIENTS_DEFAULT;
	c->max_per_addr = ECHOD_PER_ADDR_DEFAULT;
	c->idle_s = ECHOD_IDLE_DEFAULT;
	c->verbosity = LOG_NORMAL;
}

/* One option with a value; 0, or -1 with err filled. */
static int
echod_args_value(struct echod_conf *c, int ch, const char *v, char *err,
    size_t errlen)
{
	long long n;
	int m;

	switch (ch) {
	case 'a':
		if (echod_args_num("max per addr", v, 0, ECHOD_PER_ADDR_MAX,
		    &n, err, errlen) == -1)
			return -1;
		c->max_per_addr = (unsigned)n;
		return 0;
	case 'd':
		if (echod_args_num("delay", v, 0, ECHOD_DELAY_MAX, &n, err,
		    errlen) == -1)
			return -1;
		c->delay_ms = (int)n;
		return 0;
	case 'i':
		if (echod_args_num("idle timeout", v, 0, ECHOD_IDLE_MAX, &n,
		    err, errlen) == -1)
			return -1;
		c->idle_s = (int)n;
		return 0;
	case 'l':
		if (echod_args_num("max line", v, 1, ECHOD_LINE_MAX, &n, err,
		    errlen) == -1)
			return -1;
		c->max_line = (size_t)n;
		return 0;
	case 'm':
		if ((m = echod_args_model(v)) == -1) {
			snprintf(err, errlen, "model \"%s\": not poll, fork "
			    "or threads", v);
			return -1;
		}
		c->model = (enum echod_model)m;
		return 0;
	case 'n':
		if (echod_args_num("max clients", v, 1, ECHOD_CLIENTS_MAX, &n,
		    err, errlen) == -1)
			return -1;
		c->max_clients = (int)n;
		return 0;
	case 't':
		if (echod_args_num("threads", v, 1, ECHOD_THREADS_MAX, &n, err,
		    errlen) == -1)
			return -1;
		c->threads = (int)n;
		return 0;
	}
	return -1;
}

static int
echod_args_port(struct echod_conf *c, const char *port, char *err,
    size_t errlen)
{
	const char *why;

	if (net_port(port, 1, &why) == -1) {
		snprintf(err, errlen, "port \"%s\": %s", port, why);
		return -1;
	}
	c->port = port;
	return 0;
}

enum echod_args_result
echod_args_parse(struct echod_conf *c, int argc, char *argv[], long ncpu,
    char *err, size_t errlen)
{
	static const struct option longopts[] = {
		{ "bind",		required_argument,	NULL, 'b' },
		{ "delay",		required_argument,	NULL, 'd' },
		{ "help",		no_argument,		NULL, 'h' },
		{ "idle-timeout",	required_argument,	NULL, 'i' },
		{ "max-clients",	required_argument,	NULL, 'n' },
		{ "max-line",		required_argument,	NULL, 'l' },
		{ "max-per-addr",	required_argument,	NULL, 'a' },
		{ "model",		required_argument,	NULL, 'm' },
		{ "port",		required_argument,	NULL, 'p' },
		{ "reverb",		no_argument,		NULL, 'r' },
		{ "stats",		no_argument,		NULL, 's' },
		{ "threads",		required_argument,	NULL, 't' },
		{ "version",		no_argument,		NULL, 'V' },
		{ NULL,			0,			NULL, 0 }
	};
	const char *port = NULL;
	int ch;

	echod_args_defaults(c, ncpu);
	*err = '\0';
	optind = 0;		/* GNU: start over, so tests may call again */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "b:hp:qvV", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'b':
			c->host = optarg;
			break;
		case 'h':
			return ECHOD_ARGS_HELP;
		case 'p':
			port = optarg;
			break;
		case 'q':
			c->verbosity = LOG_QUIET;
			break;
		case 'r':
			c->reverb = 1;
			break;
		case 's':
			c->stats = 1;
			break;
		case 'v':
			if (c->verbosity < LOG_DEBUG)
				c->verbosity++;
			break;
		case 'V':
			return ECHOD_ARGS_VERSION;
		case 'a': case 'd': case 'i': case 'l': case 'm': case 'n': case 't':
			if (echod_args_value(c, ch, optarg, err, errlen) == -1)
				return ECHOD_ARGS_BAD;
			break;
		default:
			return ECHOD_ARGS_USAGE;
		}
	}
	/* gopl's "echod 8000" spelling: one operand, the port. */
	if (argc - optind > 1 || (argc - optind == 1 && port != NULL))
		return ECHOD_ARGS_USAGE;
	if (argc - optind == 1)
		port = argv[optind];
	if (port != NULL && echod_args_port(c, port, err, errlen) == -1)
		return ECHOD_ARGS_BAD;
	return ECHOD_ARGS_RUN;
}
