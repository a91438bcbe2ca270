/* The command lines of taskd and taskc, parsed into options. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "net.h"
#include "num.h"
#include "taskargs.h"
#include "taskc.h"
#include "taskd.h"

enum {
	OPT_COUNT = 256,
	OPT_EVERY,
	OPT_MAX_PER_ADDR,
	OPT_RESULTS,
	OPT_TIMEOUT
};

static enum taskargs_what
taskargs_bad(char *err, size_t errlen, const char *opt, const char *val,
    const char *why, long long lo, long long hi)
{
	if (strcmp(why, "too large") == 0)
		snprintf(err, errlen, "%s \"%s\": above the maximum of %lld",
		    opt, val, hi);
	else if (strcmp(why, "too small") == 0)
		snprintf(err, errlen, "%s \"%s\": below the minimum of %lld",
		    opt, val, lo);
	else
		snprintf(err, errlen, "%s \"%s\": %s", opt, val, why);
	return TASKARGS_BAD;
}

/* Seconds in [1, max] for option opt into *out. */
static int
taskargs_secs(const char *opt, const char *s, long long max, int *out,
    char *err, size_t errlen)
{
	const char *why;
	long long v;

	if (num_parse(s, 1, max, &v, &why) == -1) {
		taskargs_bad(err, errlen, opt, s, why, 1, max);
		return -1;
	}
	*out = (int)v;
	return 0;
}

static int
taskargs_port(const char *s, int zero_ok, char *err, size_t errlen)
{
	const char *why;

	if (net_port(s, zero_ok, &why) == -1) {
		taskargs_bad(err, errlen, "port", s, why, zero_ok ? 0 : 1,
		    65535);
		return -1;
	}
	return 0;
}

static void
taskargs_reset(void)
{
	optind = 0;	/* GNU: start over and re-read the environment */
	opterr = 1;
}

enum taskargs_what
taskargs_taskd(int argc, char *argv[], struct taskd_opts *o, char *err,
    size_t errlen)
{
	static const struct option longopts[] = {
		{ "bind",	required_argument,	NULL, 'b' },
		{ "every",	required_argument,	NULL, OPT_EVERY },
		{ "help",	no_argument,		NULL, 'h' },
		{ "max-per-addr", required_argument, NULL, OPT_MAX_PER_ADDR },
		{ "port",	required_argument,	NULL, 'p' },
		{ "quiet",	no_argument,		NULL, 'q' },
		{ "results",	required_argument,	NULL, OPT_RESULTS },
		{ "timeout",	required_argument,	NULL, OPT_TIMEOUT },
		{ "verbose",	no_argument,		NULL, 'v' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};
	const char *why;
	long long v;
	int ch;

	memset(o, 0, sizeof(*o));
	o->port = TASKD_PORT_DEFAULT;
	o->every = TASKD_EVERY_DEFAULT;
	o->timeout = TASKD_TIMEOUT_DEFAULT;
	o->max_per_addr = TASKD_PER_ADDR_DEFAULT;
	o->level = LOG_NORMAL;
	taskargs_reset();
	while ((ch = getopt_long(argc, argv, "b:hp:qVv", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'b':
			o->bind = optarg;
			break;
		case 'h':
			return TASKARGS_HELP;
		case 'p':
			o->port = optarg;
			break;
		case 'q':
			o->level = LOG_QUIET;
			break;
		case 'V':
			return TASKARGS_VERSION;
		case 'v':
			if (o->level < LOG_DEBUG)
				o->level++;
			break;
		case OPT_EVERY:
			if (taskargs_secs("--every", optarg, TASKD_EVERY_MAX,
			    &o->every, err, errlen) == -1)
				return TASKARGS_BAD;
			break;
		case OPT_MAX_PER_ADDR:
			if (num_parse(optarg, 0, TASKD_PER_ADDR_MAX, &v,
			    &why) == -1)
				return taskargs_bad(err, errlen,
				    "--max-per-addr", optarg, why, 0,
				    TASKD_PER_ADDR_MAX);
			o->max_per_addr = (unsigned)v;
			break;
		case OPT_RESULTS:
			if (*optarg == '\0') {
				snprintf(err, errlen, "--results: empty "
				    "file name");
				return TASKARGS_BAD;
			}
			o->results = optarg;
			break;
		case OPT_TIMEOUT:
			if (taskargs_secs("--timeout", optarg,
			    TASKD_TIMEOUT_MAX, &o->timeout, err, errlen) == -1)
				return TASKARGS_BAD;
			break;
		default:
			return TASKARGS_USAGE;
		}
	}
	if (argc - optind > 1)
		return TASKARGS_USAGE;
	if (argc - optind == 1)
		o->port = argv[optind];
	if (taskargs_port(o->port, 1, err, errlen) == -1)
		return TASKARGS_BAD;
	return TASKARGS_RUN;
}

enum taskargs_what
taskargs_taskc(int argc, char *argv[], struct taskc_opts *o, char *err,
    size_t errlen)
{
	static const struct option longopts[] = {
		{ "count",	required_argument,	NULL, OPT_COUNT },
		{ "help",	no_argument,		NULL, 'h' },
		{ "quiet",	no_argument,		NULL, 'q' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};
	const char *why;
	int ch;

	memset(o, 0, sizeof(*o));
	o->host = TASKC_HOST_DEFAULT;
	o->port = TASKC_PORT_DEFAULT;
	taskargs_reset();
	while ((ch = getopt_long(argc, argv, "hqV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			return TASKARGS_HELP;
		case 'q':
			o->quiet = 1;
			break;
		case 'V':
			return TASKARGS_VERSION;
		case OPT_COUNT:
			if (num_parse(optarg, 1, TASKC_COUNT_MAX, &o->count,
			    &why) == -1)
				return taskargs_bad(err, errlen, "--count",
				    optarg, why, 1, TASKC_COUNT_MAX);
			break;
		default:
			return TASKARGS_USAGE;
		}
	}
	if (argc - optind > 2)
		return TASKARGS_USAGE;
	if (argc - optind >= 1) {
		if (*argv[optind] == '\0') {
			snprintf(err, errlen, "host: empty name");
			return TASKARGS_BAD;
		}
		o->host = argv[optind];
	}
	if (argc - optind == 2)
		o->port = argv[optind + 1];
	if (taskargs_port(o->port, 0, err, errlen) == -1)
		return TASKARGS_BAD;
	return TASKARGS_RUN;
}
