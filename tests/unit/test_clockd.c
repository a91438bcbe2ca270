/* Unit tests for clockd's modules: zone checks and tick planning. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clockd/clockd_tick.h"
#include "clockd/clockd_tz.h"

static int
tz_ok(const char *tz)
{
	char err[256];

	return clockd_tz_check(tz, NULL, err, sizeof(err)) == 0;
}

static void
clockd_tz__accepts__zone_files(void **state)
{
	(void)state;
	assert_true(tz_ok("Asia/Tokyo"));
	assert_true(tz_ok(":Europe/London"));
	assert_true(tz_ok("America/New_York"));
	assert_true(tz_ok("UTC"));
	assert_true(tz_ok("/usr/share/zoneinfo/Asia/Kolkata"));
	assert_true(tz_ok(""));
	assert_true(tz_ok(NULL));
}

static void
clockd_tz__accepts__posix_strings(void **state)
{
	(void)state;
	assert_true(tz_ok("UTC0"));
	assert_true(tz_ok("EST5EDT,M3.2.0,M11.1.0"));
	assert_true(tz_ok("<+0530>-5:30"));
	assert_true(tz_ok("JST-9"));
}

static void
clockd_tz__rejects__unknown_zones(void **state)
{
	char err[256];

	(void)state;
	assert_false(tz_ok("Asia/Tokio"));
	assert_false(tz_ok("Foo"));
	assert_false(tz_ok("Mars/Olympus_Mons"));
	assert_false(tz_ok("../../../etc/passwd"));
	assert_false(tz_ok("/etc/passwd"));
	assert_false(tz_ok("Asia"));		/* a directory */
	assert_false(tz_ok("UT"));
	assert_int_equal(clockd_tz_check("Asia/Tokio", NULL, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "Asia/Tokio"));
}

static void
clockd_tz__rejects__files_that_are_not_tzif(void **state)
{
	char dir[] = "/tmp/clockd_tzXXXXXX", path[256], err[256];
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/Fake", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("TZ is not here\n", f);
	fclose(f);
	assert_int_equal(clockd_tz_check("Fake", dir, err, sizeof(err)), -1);
	assert_non_null(f = fopen(path, "w"));
	fputs("TZif2 and the rest", f);
	fclose(f);
	assert_int_equal(clockd_tz_check("Fake", dir, err, sizeof(err)), 0);
	unlink(path);
	rmdir(dir);
}

static void
plan(time_t s, long ns, time_t want_sec, int64_t want_delay)
{
	struct timespec ts = { s, ns };
	int64_t delay;
	time_t sec;

	clockd_tick_plan(&ts, &sec, &delay);
	assert_int_equal(sec, want_sec);
	assert_int_equal(delay, want_delay);
}

static void
clockd_tick__plans__the_next_boundary(void **state)
{
	(void)state;
	plan(100, 0, 100, 1000000000);
	plan(100, 250000000, 100, 750000000);
	plan(100, 3000, 100, 999997000);
	/* A timer that fired a hair early still names the coming second
	 * and aims at the boundary after it, never twice at one. */
	plan(100, 999900000, 101, 1000100000);
	plan(100, 950000000, 101, 1050000000);
	/* A late tick names the second it is in, not the coming one. */
	plan(100, 949999999, 100, 50000001);
	plan(100, 500000000, 100, 500000000);
}

static void
clockd_tick__formats__in_the_zone(void **state)
{
	char buf[64], big[400];
	char fmt[300];

	(void)state;
	setenv("TZ", "Asia/Tokyo", 1);
	tzset();
	assert_int_equal(clockd_tick_format(0, "%H:%M:%S", buf, sizeof(buf)),
	    9);
	assert_string_equal(buf, "09:00:00\n");
	setenv("TZ", "America/New_York", 1);
	tzset();
	/* 2026-07-01 12:00:00 UTC is 08:00 in New York (EDT). */
	clockd_tick_format(1782907200, "%Y-%m-%d %H:%M", buf, sizeof(buf));
	assert_string_equal(buf, "2026-07-01 08:00\n");
	assert_int_equal(clockd_tick_format(0, "", buf, sizeof(buf)), 0);
	memset(fmt, 'x', sizeof(fmt) - 1);
	fmt[sizeof(fmt) - 1] = '\0';
	assert_int_equal(clockd_tick_format(0, fmt, buf, sizeof(buf)), 0);
	assert_int_equal(clockd_tick_format(0, fmt, big, sizeof(big)), 300);
	assert_int_equal(clockd_tick_format(0, "%H", buf, 2), 0);
	assert_int_equal(clockd_tick_format(0, "%H", buf, 4), 3);
	unsetenv("TZ");
	tzset();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clockd_tz__accepts__zone_files),
		cmocka_unit_test(clockd_tz__accepts__posix_strings),
		cmocka_unit_test(clockd_tz__rejects__unknown_zones),
		cmocka_unit_test(clockd_tz__rejects__files_that_are_not_tzif),
		cmocka_unit_test(clockd_tick__plans__the_next_boundary),
		cmocka_unit_test(clockd_tick__formats__in_the_zone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
