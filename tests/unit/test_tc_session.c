/* Unit tests for tui-client/session.c: the backoff schedule, and a real
 * connection on loopback: lines both ways, loss, refusal, retry. */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "loop.h"
#include "tui-client/session.h"

static int ups, downs, nlines;
static char lastline[256], why[256];

static void
on_up(void *arg)
{
	(void)arg;
	ups++;
}

static void
on_line(void *arg, char *line, size_t len)
{
	(void)arg;
	assert_int_equal(strlen(line), len);
	snprintf(lastline, sizeof(lastline), "%s", line);
	nlines++;
}

static void
on_down(void *arg, const char *w)
{
	(void)arg;
	snprintf(why, sizeof(why), "%s", w);
	downs++;
}

static const struct session_cb cb = { on_up, on_line, on_down };

/* A listening socket on 127.0.0.1; its port in *port. */
static int
listener(int *port)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 4), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	*port = ntohs(sa.sin_port);
	return fd;
}

/* Run the loop until *counter reaches want (bounded: 200 passes). */
static void
spin(struct loop *loop, int *counter, int want)
{
	int i;

	for (i = 0; i < 200 && *counter < want; i++)
		loop_once(loop, 20);
	assert_int_equal(*counter, want);
}

static void
session__backoff__doubles_up_to_30s(void **state)
{
	static const int64_t want[] = { 1000, 2000, 4000, 8000, 16000, 30000,
	    30000, 30000 };
	int i;

	(void)state;
	for (i = 0; i < 8; i++)
		assert_true(session_backoff_ms(i) == want[i]);
	assert_true(session_backoff_ms(1000) == 30000);
}

static void
session__lines__flow_both_ways_then_loss_waits(void **state)
{
	struct loop *loop;
	struct session *s;
	char port[16], buf[64];
	int lfd, pfd, p;
	ssize_t n;

	(void)state;
	ups = downs = nlines = 0;
	lfd = listener(&p);
	snprintf(port, sizeof(port), "%d", p);
	loop = loop_new();
	s = session_new(loop, (const char *[]){ "127.0.0.1" },
	    (const char *[]){ port }, 1, 1, &cb, NULL);
	spin(loop, &ups, 1);
	assert_int_equal(session_state(s), SESSION_UP);
	pfd = accept(lfd, NULL, NULL);
	assert_true(pfd >= 0);
	assert_int_equal(session_send(s, "/hello tcpchat 1"), 0);
	assert_true(session_queued(s) > 0);
	session_flush(s);
	n = read(pfd, buf, sizeof(buf));
	assert_int_equal(n, 17);
	assert_memory_equal(buf, "/hello tcpchat 1\n", 17);
	/* Split across writes, "\r\n" ended: one line. */
	assert_int_equal(write(pfd, "HELLO\t1", 7), 7);
	loop_once(loop, 20);
	assert_int_equal(write(pfd, "\ttcpchatd\r\n", 11), 11);
	spin(loop, &nlines, 1);
	assert_string_equal(lastline, "HELLO\t1\ttcpchatd");
	close(pfd);
	spin(loop, &downs, 1);
	assert_int_equal(session_state(s), SESSION_WAIT);
	assert_true(session_retry_ms(s) > 0 && session_retry_ms(s) <= 1000);
	assert_int_equal(session_send(s, "lost"), -1);
	session_free(s);
	loop_free(loop);
	close(lfd);
}

/* Two servers, the first dead: the second gets the next try, and the
 * one after that goes back to the first. */
static void
session__fails_over__to_the_next_server(void **state)
{
	struct loop *loop;
	struct session *s;
	char dead[16], live[16];
	int lfd, dfd, p, d, pfd;

	(void)state;
	ups = downs = 0;
	dfd = listener(&d);
	close(dfd);
	lfd = listener(&p);
	snprintf(dead, sizeof(dead), "%d", d);
	snprintf(live, sizeof(live), "%d", p);
	loop = loop_new();
	s = session_new(loop, (const char *[]){ "127.0.0.1", "localhost" },
	    (const char *[]){ dead, live }, 2, 1, &cb, NULL);
	spin(loop, &downs, 1);
	assert_int_equal(session_state(s), SESSION_WAIT);
	assert_string_equal(session_port(s), live);
	assert_string_equal(session_host(s), "localhost");
	spin(loop, &ups, 1);
	assert_int_equal(session_state(s), SESSION_UP);
	pfd = accept(lfd, NULL, NULL);
	assert_true(pfd >= 0);
	close(pfd);
	spin(loop, &downs, 2);
	assert_string_equal(session_port(s), dead);
	session_free(s);
	loop_free(loop);
	close(lfd);
}

static void
session__refused__gives_up_without_retry(void **state)
{
	struct loop *loop;
	struct session *s;
	char port[16];
	int lfd, p;

	(void)state;
	ups = downs = 0;
	lfd = listener(&p);
	close(lfd);			/* nothing listens there now */
	snprintf(port, sizeof(port), "%d", p);
	loop = loop_new();
	s = session_new(loop, (const char *[]){ "127.0.0.1" },
	    (const char *[]){ port }, 1, 0, &cb, NULL);
	spin(loop, &downs, 1);
	assert_int_equal(ups, 0);
	assert_int_equal(session_state(s), SESSION_OFF);
	assert_non_null(strstr(why, "cannot connect to 127.0.0.1 port"));
	assert_non_null(strstr(why, "refused"));
	session_free(s);
	loop_free(loop);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(session__fails_over__to_the_next_server),
		cmocka_unit_test(session__backoff__doubles_up_to_30s),
		cmocka_unit_test(
		    session__lines__flow_both_ways_then_loss_waits),
		cmocka_unit_test(session__refused__gives_up_without_retry),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
