/* Offsets: the UTC offset and date a clock's time implies against ours. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

#include "offset.h"

#define DAY	86400
#define QUARTER	900

static int
offset_digits(const char *s, int k)
{
	int i, v = 0;

	for (i = 0; i < k; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + s[i] - '0';
	}
	return v;
}

/* The 24-hour hour for hour h of a 12-hour clock if s (just after the
 * time) says " AM" or " PM" (any case, dots allowed); else h. */
static int
offset_meridiem(const char *s, size_t len, int h)
{
	size_t i = 0;
	int pm;

	if (h < 1 || h > 12)
		return h;
	if (i < len && s[i] == ' ')
		i++;
	if (i + 2 > len || (tolower((unsigned char)s[i]) != 'a' &&
	    tolower((unsigned char)s[i]) != 'p'))
		return h;
	pm = tolower((unsigned char)s[i]) == 'p';
	i++;
	if (i < len && s[i] == '.')
		i++;
	if (i >= len || tolower((unsigned char)s[i]) != 'm')
		return h;
	i++;
	if (i < len && s[i] == '.')
		i++;
	if (i < len && isalnum((unsigned char)s[i]))
		return h;		/* "12:00:00 amsterdam" */
	return h % 12 + (pm ? 12 : 0);
}

/* "HH:MM:SS" (or "H:MM:SS") starting at s, with len bytes available. */
static int
offset_parse_at(const char *s, size_t len)
{
	int h, m, sec, k;

	k = len >= 2 && isdigit((unsigned char)s[1]) ? 2 : 1;
	if (len < (size_t)k + 6 || s[k] != ':' || s[k + 3] != ':')
		return -1;
	if ((h = offset_digits(s, k)) < 0 ||
	    (m = offset_digits(s + k + 1, 2)) < 0 ||
	    (sec = offset_digits(s + k + 4, 2)) < 0)
		return -1;
	/* "1:02:03:04" or "12:00:001" is not a time. */
	if (len > (size_t)k + 6 && (isdigit((unsigned char)s[k + 6]) ||
	    s[k + 6] == ':'))
		return -1;
	if (h > 23 || m > 59 || sec > 60)
		return -1;
	h = offset_meridiem(s + k + 6, len - (size_t)k - 6, h);
	return h * 3600 + m * 60 + (sec == 60 ? 59 : sec);
}

int
offset_parse(const char *s, size_t n)
{
	size_t i;
	int v;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			continue;
		if (i > 0 && (isdigit((unsigned char)s[i - 1]) ||
		    s[i - 1] == ':'))
			continue;
		if ((v = offset_parse_at(s + i, n - i)) >= 0)
			return v;
	}
	return -1;
}

/* x mod m in [0, m). */
static long
offset_mod(long x, long m)
{
	return ((x % m) + m) % m;
}

static long
offset_day(long t)
{
	return (t - offset_mod(t, DAY)) / DAY;
}

int
offset_minutes(int sod, time_t now)
{
	long d;

	d = offset_mod(sod - offset_mod(now, DAY), DAY);
	/* Round to a quarter hour: the tick was sent up to a second before
	 * we read it, and zones like Asia/Kathmandu are +05:45. */
	d = (d + QUARTER / 2) / QUARTER * QUARTER;
	if (d > OFFSET_EAST_MAX * 60)
		d -= DAY;
	return (int)(d / 60);
}

int
offset_days(int sod, time_t now, long our_gmtoff)
{
	long theirs, ours, delta;

	/* Their local time is now plus their offset, corrected to the
	 * second they actually named (the tick may lag behind us). */
	theirs = (long)now + offset_minutes(sod, now) * 60L;
	delta = offset_mod(sod - offset_mod(theirs, DAY), DAY);
	if (delta >= DAY / 2)
		delta -= DAY;
	theirs += delta;
	ours = (long)now + our_gmtoff;
	return (int)(offset_day(theirs) - offset_day(ours));
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (the days-from-civil method: March-based years of 365.2425 days). */
static long
offset_civil(long y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
offset_parse_date(const char *s, size_t n, long *day)
{
	size_t i;
	int y, m, d;

	for (i = 0; i + 10 <= n; i++) {
		if (i > 0 && isdigit((unsigned char)s[i - 1]))
			continue;
		if (s[i + 4] != '-' || s[i + 7] != '-' ||
		    (i + 10 < n && isdigit((unsigned char)s[i + 10])))
			continue;
		if ((y = offset_digits(s + i, 4)) < 0 ||
		    (m = offset_digits(s + i + 5, 2)) < 1 || m > 12 ||
		    (d = offset_digits(s + i + 8, 2)) < 1 || d > 31)
			continue;
		*day = offset_civil(y, m, d);
		return 0;
	}
	return -1;
}

int
offset_dated_ok(long day, int sod, time_t now)
{
	int m = offset_minutes_dated(day, sod, now);

	return m >= OFFSET_DATED_MIN && m <= OFFSET_DATED_MAX;
}

int
offset_minutes_dated(long day, int sod, time_t now)
{
	long d = day * DAY + sod - (long)now;

	/* Round to the nearest quarter hour, halves away from zero. */
	d = d >= 0 ? (d + QUARTER / 2) / QUARTER : -((-d + QUARTER / 2) /
	    QUARTER);
	return (int)(d * QUARTER / 60);
}

int
offset_days_dated(long day, time_t now, long our_gmtoff)
{
	return (int)(day - offset_day((long)now + our_gmtoff));
}

char *
offset_format(int minutes, char *buf, size_t len)
{
	int a = abs(minutes);

	if (minutes == 0)
		snprintf(buf, len, "UTC");
	else
		snprintf(buf, len, "UTC%c%02d:%02d", minutes < 0 ? '-' : '+',
		    a / 60, a % 60);
	return buf;
}
