/* Ticks: which second to announce and how long until the next one. */
#include <time.h>

#include "clockd_tick.h"

#define NS	1000000000LL
#define CLOCKD_EARLY_NS	50000000LL	/* a timer this early is on time */

void
clockd_tick_plan(const struct timespec *now, time_t *sec, int64_t *delay_ns)
{
	int64_t ns = now->tv_nsec;

	/*
	 * The monotonic timer and the wall clock may disagree by a little
	 * (NTP slews one of them), so a timer meant for 12:00:01.000 may
	 * fire at 12:00:00.999: that still announces 12:00:01.  A tick that
	 * comes late (a stalled machine, a step of the wall clock) names the
	 * second it is in, never one that has not begun.
	 */
	*sec = now->tv_sec + (ns >= NS - CLOCKD_EARLY_NS);
	*delay_ns = (int64_t)(*sec - now->tv_sec + 1) * NS - ns;
}

size_t
clockd_tick_format(time_t sec, const char *fmt, char *buf, size_t len)
{
	struct tm tm;
	size_t n;

	if (len < 2 || localtime_r(&sec, &tm) == NULL)
		return 0;
	if ((n = strftime(buf, len - 1, fmt, &tm)) == 0)
		return 0;
	buf[n++] = '\n';
	buf[n] = '\0';
	return n;
}
