/* Unit tests for clockwall/offset.c: offsets across midnight and halves. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "offset.h"

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
		"America/Sao_Paulo", "UTC", "Asia/Tehran",
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
	assert_int_equal(offset_minutes(13 * H + 15 * 60, 0), -645);
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
		cmocka_unit_test(offset__matches__the_zone_database),
		cmocka_unit_test(offset__handles__half_hours_across_midnight),
		cmocka_unit_test(
		    offset__settles__ambiguity_toward_plus_thirteen),
		cmocka_unit_test(offset__formats__like_utc_plus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
