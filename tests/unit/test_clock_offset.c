/* Unit tests for clockwall/offset.c: offsets across midnight and halves. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clockwall/offset.h"

#define H	3600

static void
offset__parses__times_of_day(void **state)
{
	(void)state;
	assert_int_equal(offset_parse("12:34:56", 8), 12 * H + 34 * 60 + 56);
	assert_int_equal(offset_parse("00:00:00", 8), 0);
	assert_int_equal(offset_parse("23:59:59", 8), 86399);
	assert_int_equal(offset_parse("9:05:00", 7), 9 * H + 300);
	assert_int_equal(offset_parse("2026-11-23 07:08:09", 19),
	    7 * H + 8 * 60 + 9);
	assert_int_equal(offset_parse("now: 01:02:03 JST", 17), H + 123);
	assert_int_equal(offset_parse("23:59:60", 8), 86399); /* leap */
	/* The length is respected: "12:34:5" is no time. */
	assert_int_equal(offset_parse("12:34:56", 7), -1);
}

static int
parse(const char *s)
{
	return offset_parse(s, strlen(s));
}

static void
offset__reads__twelve_hour_clocks(void **state)
{
	(void)state;
	assert_int_equal(parse("01:06:43 PM"), 13 * H + 6 * 60 + 43);
	assert_int_equal(parse("1:06:43pm"), 13 * H + 6 * 60 + 43);
	assert_int_equal(parse("11:59:59 P.M."), 86399);
	assert_int_equal(parse("12:00:00 AM"), 0);
	assert_int_equal(parse("12:00:00 a.m. JST"), 0);
	assert_int_equal(parse("12:30:00 pm"), 12 * H + 30 * 60);
	assert_int_equal(parse("09:15:00 AM"), 9 * H + 15 * 60);
	/* Not a 12-hour clock: the suffix means nothing. */
	assert_int_equal(parse("13:00:00 PM"), 13 * H);
	assert_int_equal(parse("00:30:00 PM"), 30 * 60);
	assert_int_equal(parse("12:00:00 amsterdam"), 12 * H);
	assert_int_equal(parse("12:00:00  PM"), 12 * H);
}

static void
offset__doubts__a_date_no_zone_can_have(void **state)
{
	long day;
	/* 2026-11-23 16:06:42 UTC. */
	const time_t now = 1795450002;

	(void)state;
	assert_int_equal(offset_parse_date("2030-01-01", 10, &day), 0);
	assert_false(offset_dated_ok(day, 16 * H + 6 * 60 + 42, now));
	assert_int_equal(offset_parse_date("2026-11-24", 10, &day), 0);
	assert_true(offset_dated_ok(day, 6 * H + 6 * 60 + 42, now));
	assert_false(offset_dated_ok(day, 6 * H + 37 * 60, now)); /* +14:30 */
	assert_int_equal(offset_parse_date("2026-11-23", 10, &day), 0);
	assert_true(offset_dated_ok(day, 4 * H + 6 * 60 + 42, now));
	assert_false(offset_dated_ok(day, 3 * H + 30 * 60, now)); /* -12:37 */
}

static void
offset__rejects__what_is_no_time(void **state)
{
	static const char *const bad[] = {
		"", "hello", "24:00:00", "12:60:00", "12:00:61", "12:00",
		"12:0:00", "123:00:00", "12:00:001", "1:02:03:04", "ab:cd:ef",
		"12-00-00", "1:2:3",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		print_message("%s\n", bad[i]);
		assert_int_equal(offset_parse(bad[i], strlen(bad[i])), -1);
	}
}

/* What a clock in zone tz would send at UTC time t, late by lag seconds
 * (gopl's clock2 ticks at any phase), checked against the zone's data. */
static void
check_zone(const char *tz, time_t t, int lag)
{
	struct tm tm;
	int got, sod, want;

	setenv("TZ", tz, 1);
	tzset();
	localtime_r(&t, &tm);
	want = (int)(tm.tm_gmtoff / 60);
	sod = tm.tm_hour * H + tm.tm_min * 60 + tm.tm_sec;
	got = offset_minutes(sod, t + lag);
	if (got != want)
		fail_msg("%s at %lld (+%d s): %d minutes, want %d", tz,
		    (long long)t, lag, got, want);
}

static void
offset__matches__the_zone_database(void **state)
{
	static const char *const zones[] = {
		"Asia/Tokyo", "America/New_York", "Europe/London",
		"Asia/Kolkata", "Australia/Adelaide", "Asia/Kathmandu",
		"America/St_Johns", "Pacific/Honolulu", "Pacific/Auckland",
		"America/Sao_Paulo", "UTC", "Asia/Tehran", "Pacific/Chatham",
		"Pacific/Tongatapu", "Pacific/Marquesas",
	};
	/* 2026-01-15 and 2026-07-15 00:00 UTC: both sides of DST. */
	static const time_t days[] = { 1768435200, 1784073600 };
	size_t z, d;
	int s;

	(void)state;
	for (z = 0; z < sizeof(zones) / sizeof(zones[0]); z++)
		for (d = 0; d < 2; d++)
			/* Every 37 minutes through the day, and late ticks. */
			for (s = 0; s < 86400; s += 37 * 60) {
				check_zone(zones[z], days[d] + s, 0);
				check_zone(zones[z], days[d] + s, 1);
			}
	unsetenv("TZ");
	tzset();
}

static void
offset__handles__half_hours_across_midnight(void **state)
{
	(void)state;
	/* 2026-11-23 20:00 UTC: Kolkata says 01:30 the next day. */
	assert_int_equal(offset_minutes(1 * H + 30 * 60, 1795464000), 330);
	assert_int_equal(offset_days(1 * H + 30 * 60, 1795464000, 0), 1);
	/* Adelaide in summer (+10:30): 06:30 the next day. */
	assert_int_equal(offset_minutes(6 * H + 30 * 60, 1795464000), 630);
	assert_int_equal(offset_days(6 * H + 30 * 60, 1795464000, 0), 1);
	/* ... and from Adelaide's side, UTC is yesterday. */
	assert_int_equal(offset_days(20 * H, 1795464000, 630 * 60), -1);
	/* New York (-05:00) at 02:00 UTC is 21:00 yesterday. */
	assert_int_equal(offset_minutes(21 * H, 1795399200), -300);
	assert_int_equal(offset_days(21 * H, 1795399200, 0), -1);
	assert_int_equal(offset_days(21 * H, 1795399200, -300 * 60), 0);
	/* A tick for 23:59:59 read a second late, just after our midnight,
	 * is still the same day as the clock's own. */
	assert_int_equal(offset_days(86399, 1795392000, 0), -1);
	assert_int_equal(offset_days(86399, 1795392000, -1), 0);
	assert_int_equal(offset_days(0, 1795392000, 0), 0);
}

static void
offset__settles__ambiguity_toward_plus_thirteen(void **state)
{
	(void)state;
	/* -11:00 and +13:00 read the same time; Auckland's summer wins. */
	assert_int_equal(offset_minutes(13 * H, 0), 13 * 60);
	assert_int_equal(offset_minutes(14 * H, 0), -10 * 60);
	assert_int_equal(offset_minutes(12 * H, 0), 12 * 60);
	assert_int_equal(offset_minutes(12 * H + 30 * 60, 0), 12 * 60 + 30);
	/* Chatham's summer is +13:45; no zone is at -10:15. */
	assert_int_equal(offset_minutes(13 * H + 45 * 60, 0), 13 * 60 + 45);
	assert_int_equal(offset_minutes(14 * H - 1, 0), -10 * 60);
}

static void
offset__parses__dates(void **state)
{
	static const char *const bad[] = {
		"2026-13-01 10:00:00", "2026-00-01", "2026-01-32",
		"12026-01-01", "2026-01-011", "2026-1-01", "26-01-01",
		"2026/01/01", "abcd-01-01", "",
	};
	size_t i;
	long day;

	(void)state;
	assert_int_equal(offset_parse_date("1970-01-01", 10, &day), 0);
	assert_int_equal(day, 0);
	assert_int_equal(offset_parse_date("2026-11-24 05:49:55", 19, &day),
	    0);
	assert_int_equal(day, 1795478400 / 86400);
	assert_int_equal(offset_parse_date("2000-03-01", 10, &day), 0);
	assert_int_equal(day, 951868800 / 86400);	/* after a leap day */
	assert_int_equal(offset_parse_date("1969-12-31T23:59:59", 19, &day),
	    0);
	assert_int_equal(day, -1);
	assert_int_equal(offset_parse_date("Tue 2024-02-29 x", 16, &day), 0);
	assert_int_equal(day, 1709164800 / 86400);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		print_message("%s\n", bad[i]);
		assert_int_equal(offset_parse_date(bad[i], strlen(bad[i]),
		    &day), -1);
	}
}

/* A clock in zone tz sending its date and time, read at UTC t + lag by
 * a wall in UTC: any offset is exact, and so is the date marker. */
static void
check_dated(const char *tz, time_t t, int lag)
{
	char line[32];
	struct tm tm, utc;
	long day;
	int sod, want_days;

	setenv("TZ", tz, 1);
	tzset();
	localtime_r(&t, &tm);
	gmtime_r(&t, &utc);
	strftime(line, sizeof(line), "%Y-%m-%d %H:%M:%S", &tm);
	assert_int_equal(offset_parse_date(line, strlen(line), &day), 0);
	sod = offset_parse(line, strlen(line));
	if (offset_minutes_dated(day, sod, t + lag) != tm.tm_gmtoff / 60)
		fail_msg("%s: %s at %lld: %d minutes, want %ld", tz, line,
		    (long long)t, offset_minutes_dated(day, sod, t + lag),
		    (long)tm.tm_gmtoff / 60);
	want_days = tm.tm_year != utc.tm_year ? tm.tm_year - utc.tm_year :
	    tm.tm_yday - utc.tm_yday;
	if (offset_days_dated(day, t + lag, 0) != want_days)
		fail_msg("%s: %s: %d days, want %d", tz, line,
		    offset_days_dated(day, t + lag, 0), want_days);
}

static void
offset__is_exact__when_the_line_has_a_date(void **state)
{
	static const char *const zones[] = {
		"Pacific/Kiritimati", "Pacific/Pago_Pago", "Pacific/Chatham",
		"Etc/GMT+12", "Etc/GMT-14", "Asia/Tokyo", "America/New_York",
		"Asia/Kathmandu", "UTC",
	};
	/* 2026-11-23 15:49:55 UTC, and 2026-12-31 12:00 UTC (a new year
	 * for some). */
	static const time_t days[] = { 1795448995, 1798718400 };
	size_t z, d;
	int s;

	(void)state;
	for (z = 0; z < sizeof(zones) / sizeof(zones[0]); z++)
		for (d = 0; d < 2; d++)
			for (s = 0; s < 86400; s += 41 * 60) {
				check_dated(zones[z], days[d] + s, 0);
				check_dated(zones[z], days[d] + s, 1);
			}
	unsetenv("TZ");
	tzset();
}

static void
offset__formats__like_utc_plus(void **state)
{
	char buf[16];

	(void)state;
	assert_string_equal(offset_format(0, buf, sizeof(buf)), "UTC");
	assert_string_equal(offset_format(540, buf, sizeof(buf)),
	    "UTC+09:00");
	assert_string_equal(offset_format(-210, buf, sizeof(buf)),
	    "UTC-03:30");
	assert_string_equal(offset_format(345, buf, sizeof(buf)),
	    "UTC+05:45");
	assert_string_equal(offset_format(-30, buf, sizeof(buf)),
	    "UTC-00:30");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(offset__parses__times_of_day),
		cmocka_unit_test(offset__rejects__what_is_no_time),
		cmocka_unit_test(offset__reads__twelve_hour_clocks),
		cmocka_unit_test(offset__doubts__a_date_no_zone_can_have),
		cmocka_unit_test(offset__matches__the_zone_database),
		cmocka_unit_test(offset__handles__half_hours_across_midnight),
		cmocka_unit_test(
		    offset__settles__ambiguity_toward_plus_thirteen),
		cmocka_unit_test(offset__formats__like_utc_plus),
		cmocka_unit_test(offset__parses__dates),
		cmocka_unit_test(offset__is_exact__when_the_line_has_a_date),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
