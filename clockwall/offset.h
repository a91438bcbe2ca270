/* Offsets: the UTC offset and date a clock's time implies against ours. */
#ifndef OFFSET_H
#define OFFSET_H

#include <stddef.h>
#include <time.h>

/* The first "H:MM:SS" or "HH:MM:SS" in s[0..n] as seconds of the day
 * (read as a 12-hour time when " AM" or " PM" follows); -1 if there is
 * none. */
int	offset_parse(const char *s, size_t n);
/* East of this many minutes, an offset read from a time alone is taken
 * as west: (-10:15, +13:45] holds every zone in use but UTC-11:00 (which
 * reads as +13:00, against New Zealand's summer and Tonga) and +14:00. */
#define OFFSET_EAST_MAX	(13 * 60 + 45)

/* The offset from UTC, in minutes rounded to a quarter hour, of a clock
 * that read sod (seconds of its day) at UTC time now, taken in
 * (OFFSET_EAST_MAX - 24 h, OFFSET_EAST_MAX]. */
int	offset_minutes(int sod, time_t now);
/* Days between the clock's date and ours (our offset from UTC is
 * our_gmtoff seconds): -1, 0 or +1. */
int	offset_days(int sod, time_t now, long our_gmtoff);
/* The first "YYYY-MM-DD" in s[0..n] (not inside a longer number) as days
 * since 1970-01-01 into *day: 0, or -1 if there is none. */
int	offset_parse_date(const char *s, size_t n, long *day);
/* For a clock that sent its date too: its exact offset in minutes (any
 * size, rounded to a quarter hour) and the days between its date and ours.
 */
int	offset_minutes_dated(long day, int sod, time_t now);
/* Whether that offset is one a zone can have (UTC-12:00 to UTC+14:00):
 * a clock whose date is further off is not believed about it. */
#define OFFSET_DATED_MIN	(-12 * 60)
#define OFFSET_DATED_MAX	(14 * 60)
int	offset_dated_ok(long day, int sod, time_t now);
int	offset_days_dated(long day, time_t now, long our_gmtoff);
/* "UTC", "UTC+09:00" or "UTC-03:30" into buf (16 bytes); returns buf. */
char	*offset_format(int minutes, char *buf, size_t len);

#endif
