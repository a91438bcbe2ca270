/* Offsets: the UTC offset and date a clock's time implies against ours. */
#ifndef OFFSET_H
#define OFFSET_H

#include <stddef.h>
#include <time.h>

/* The first "H:MM:SS" or "HH:MM:SS" in s[0..n] as seconds of the day;
 * -1 if there is none. */
int	offset_parse(const char *s, size_t n);
/* The offset from UTC, in minutes rounded to a quarter hour, of a clock
 * that read sod (seconds of its day) at UTC time now; offsets are taken in
 * (-11:00, +13:00], so -11:00 reads as +13:00. */
int	offset_minutes(int sod, time_t now);
/* Days between the clock's date and ours (our offset from UTC is
 * our_gmtoff seconds): -1, 0 or +1. */
int	offset_days(int sod, time_t now, long our_gmtoff);
/* "UTC", "UTC+09:00" or "UTC-03:30" into buf (16 bytes); returns buf. */
char	*offset_format(int minutes, char *buf, size_t len);

#endif
