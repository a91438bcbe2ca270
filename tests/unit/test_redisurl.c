/* Unit tests for server/redisurl.c: Redis URLs and their errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "server/redisurl.h"

static void
redisurl__parse__takes_host_port_and_db(void **state)
{
	struct redisurl u;
	char err[256];

	(void)state;
	assert_int_equal(redisurl_parse("redis://127.0.0.1:6380/3", &u, err,
	    sizeof(err)), 0);
	assert_string_equal(u.host, "127.0.0.1");
	assert_int_equal(u.port, 6380);
	assert_int_equal(u.db, 3);
	assert_string_equal(u.pass, "");
	assert_string_equal(u.path, "");
	assert_int_equal(redisurl_parse("redis://localhost", &u, err,
	    sizeof(err)), 0);
	assert_string_equal(u.host, "localhost");
	assert_int_equal(u.port, 6379);
	assert_int_equal(u.db, 0);
	assert_int_equal(redisurl_parse("redis://[::1]:7000/", &u, err,
	    sizeof(err)), 0);
	assert_string_equal(u.host, "::1");
	assert_int_equal(u.port, 7000);
}

static void
redisurl__parse__takes_password_and_user(void **state)
{
	struct redisurl u;
	char err[256];

	(void)state;
	assert_int_equal(redisurl_parse("redis://:s3cr%40t@h:1", &u, err,
	    sizeof(err)), 0);
	assert_string_equal(u.user, "");
	assert_string_equal(u.pass, "s3cr@t");
	assert_string_equal(u.host, "h");
	/* An '@' in the password: the last one before the host counts. */
	assert_int_equal(redisurl_parse("redis://bob:a@b@h", &u, err,
	    sizeof(err)), 0);
	assert_string_equal(u.user, "bob");
	assert_string_equal(u.pass, "a@b");
	assert_string_equal(u.host, "h");
}

static void
redisurl__parse__takes_unix_sockets(void **state)
{
	struct redisurl u;
	char err[256];

	(void)state;
	assert_int_equal(redisurl_parse("unix:/run/redis.sock", &u, err,
	    sizeof(err)), 0);
	assert_string_equal(u.path, "/run/redis.sock");
	assert_string_equal(u.host, "");
	assert_int_equal(redisurl_parse("unix:///tmp/r.sock?db=2", &u, err,
	    sizeof(err)), 0);
	assert_string_equal(u.path, "/tmp/r.sock");
	assert_int_equal(u.db, 2);
}

static void
redisurl__parse__names_what_is_wrong(void **state)
{
	static const struct {
		const char	*url;
		const char	*says;
	} bad[] = {
		{ "http://h:1", "scheme" },
		{ "127.0.0.1:6379", "scheme" },
		{ "redis://", "host" },
		{ "redis://h:0", "port" },
		{ "redis://h:99999", "above the maximum of 65535" },
		{ "redis://h:", "port \"\": empty" },
		{ "redis://h:12x", "not a port" },
		{ "redis://h/x", "database" },
		{ "redis://h/70000", "above the maximum of 65535" },
		{ "redis://[::1", "no closing ]" },
		{ "redis://[::1]x", "junk after ]" },
		{ "redis://pw@h", "credentials" },
		{ "redis://:@h", "password: empty" },
		{ "redis://:%zz@h", "bad %-escape" },
		{ "redis://:%00@h", "bad %-escape" },
		{ "redis://:%4@h", "bad %-escape" },
		{ "redis://h h", "space or a control" },
		{ "unix:relative", "absolute" },
		{ "unix:", "absolute" },
		{ "unix:/x?foo=1", "only ?db=N" },
	};
	struct redisurl u;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(redisurl_parse(bad[i].url, &u, err,
		    sizeof(err)), -1);
		if (strstr(err, bad[i].says) == NULL)
			fail_msg("%s: \"%s\" lacks \"%s\"", bad[i].url, err,
			    bad[i].says);
	}
}

static void
redisurl__parse__never_repeats_the_password(void **state)
{
	static const char *const urls[] = {
		"redis://:hunter2@h:99999", "redis://:hunter2@[::1",
		"redis://u:hunter2%zz@h", "redis://:hunter2@h/x",
	};
	struct redisurl u;
	char err[256], show[300];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		assert_int_equal(redisurl_parse(urls[i], &u, err, sizeof(err)),
		    -1);
		assert_null(strstr(err, "hunter2"));
	}
	assert_int_equal(redisurl_parse("redis://:hunter2@h:5/1", &u, err,
	    sizeof(err)), 0);
	assert_string_equal(redisurl_show(&u, show, sizeof(show)),
	    "redis://***@h:5/1");
}

static void
redisurl__parse__bounds_lengths(void **state)
{
	struct redisurl u;
	char url[4096], err[256];

	(void)state;
	memset(url, 'a', sizeof(url) - 1);
	url[sizeof(url) - 1] = '\0';
	memcpy(url, "redis://", 8);
	assert_int_equal(redisurl_parse(url, &u, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "longer than 2048"));
	url[8 + 256] = '\0';
	assert_int_equal(redisurl_parse(url, &u, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "longer than 255"));
	url[8 + 255] = '\0';
	assert_int_equal(redisurl_parse(url, &u, err, sizeof(err)), 0);
	memset(url, 'p', 200);
	memcpy(url, "unix:/", 6);
	url[200] = '\0';
	assert_int_equal(redisurl_parse(url, &u, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "longer than 107"));
}

static void
redisurl__show__prints_v6_and_unix(void **state)
{
	struct redisurl u;
	char err[256], show[300];

	(void)state;
	assert_int_equal(redisurl_parse("redis://[::1]:7000", &u, err,
	    sizeof(err)), 0);
	assert_string_equal(redisurl_show(&u, show, sizeof(show)),
	    "redis://[::1]:7000");
	assert_int_equal(redisurl_parse("unix:/s?db=4", &u, err,
	    sizeof(err)), 0);
	assert_string_equal(redisurl_show(&u, show, sizeof(show)),
	    "unix:/s?db=4");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(redisurl__parse__takes_host_port_and_db),
		cmocka_unit_test(redisurl__parse__takes_password_and_user),
		cmocka_unit_test(redisurl__parse__takes_unix_sockets),
		cmocka_unit_test(redisurl__parse__names_what_is_wrong),
		cmocka_unit_test(redisurl__parse__never_repeats_the_password),
		cmocka_unit_test(redisurl__parse__bounds_lengths),
		cmocka_unit_test(redisurl__show__prints_v6_and_unix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
