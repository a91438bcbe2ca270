/* Logging to stderr: one line per event, with level and time. */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "log.h"

static const char	*log_prog = "tcpchat";
static int		 log_level = LOG_NORMAL;

void
log_init(const char *prog, int level)
{
	log_prog = prog;
	log_level = level;
}

int
log_enabled(int level)
{
	return level <= log_level;
}

/* One write per line so lines from one process never interleave. */
static void
log_vwrite(const char *tag, const char *fmt, va_list ap)
{
	char line[1024], stamp[32];
	struct tm tm;
	time_t now;
	int n;

	now = time(NULL);
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &tm);
	n = snprintf(line, sizeof(line), "%s %s: %s", stamp, log_prog, tag);
	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	fprintf(stderr, "%s\n", line);
}

void
log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite("error: ", fmt, ap);
	va_end(ap);
}

void
log_notice(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite("", fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	if (!log_enabled(LOG_NORMAL))
		return;
	va_start(ap, fmt);
	log_vwrite("", fmt, ap);
	va_end(ap);
}

void
log_verbose(const char *fmt, ...)
{
	va_list ap;

	if (!log_enabled(LOG_VERBOSE))
		return;
	va_start(ap, fmt);
	log_vwrite("", fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!log_enabled(LOG_DEBUG))
		return;
	va_start(ap, fmt);
	log_vwrite("debug: ", fmt, ap);
	va_end(ap);
}
