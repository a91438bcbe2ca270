/* Ticks: which second to announce and how long until the next one. */
#ifndef CLOCKD_TICK_H
#define CLOCKD_TICK_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Given the wall-clock time now, the second to announce in *sec (the one
 * we are in, or the next if it is under 50 ms away: a timer may fire a
 * little early) and the nanoseconds until the boundary after it in
 * *delay_ns. */
void	clockd_tick_plan(const struct timespec *now, time_t *sec,
	    int64_t *delay_ns);
/* Format sec in the local zone with the strftime format fmt, plus "\n",
 * into buf; the length, or 0 if the result is empty or does not fit. */
size_t	clockd_tick_format(time_t sec, const char *fmt, char *buf,
	    size_t len);

#endif
