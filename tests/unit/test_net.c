/* Unit tests for common/net.c: ports, host:port, listen, connect. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/socket.h>
#include <netinet/in.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "net.h"

static void
net__port__parses_and_names_the_problem(void **state)
{
	const char *why;

	(void)state;
	assert_int_equal(net_port("8989", 0, &why), 8989);
	assert_null(why);
	assert_int_equal(net_port("65535", 0, &why), 65535);
	assert_int_equal(net_port("0", 1, &why), 0);
	assert_int_equal(net_port("0", 0, &why), -1);
	assert_string_equal(why, "too small");
	assert_int_equal(net_port("99999", 0, &why), -1);
	assert_string_equal(why, "too large");
	assert_int_equal(net_port("99999999999999999999", 0, &why), -1);
	assert_string_equal(why, "too large");
	assert_int_equal(net_port("80x", 0, &why), -1);
	assert_string_equal(why, "invalid");
	assert_int_equal(net_port("", 0, &why), -1);
	assert_int_equal(net_port("-1", 0, &why), -1);
	assert_int_equal(net_port(" 80", 0, &why), -1);
	assert_int_equal(net_port(NULL, 0, &why), -1);
}

static void
net__splithostport__handles_v4_v6_and_names(void **state)
{
	char h[64], p[8];

	(void)state;
	assert_int_equal(net_splithostport("localhost:8010", h, sizeof(h),
	    p, sizeof(p)), 0);
	assert_string_equal(h, "localhost");
	assert_string_equal(p, "8010");
	assert_int_equal(net_splithostport("[::1]:8020", h, sizeof(h),
	    p, sizeof(p)), 0);
	assert_string_equal(h, "::1");
	assert_string_equal(p, "8020");
	assert_int_equal(net_splithostport(":9", h, sizeof(h), p, sizeof(p)),
	    0);
	assert_string_equal(h, "");
	assert_int_equal(net_splithostport("::1:80", h, sizeof(h), p,
	    sizeof(p)), -1);
	assert_int_equal(net_splithostport("host", h, sizeof(h), p,
	    sizeof(p)), -1);
	assert_int_equal(net_splithostport("host:", h, sizeof(h), p,
	    sizeof(p)), -1);
	assert_int_equal(net_splithostport("[::1]80", h, sizeof(h), p,
	    sizeof(p)), -1);
	assert_int_equal(net_splithostport("[]:80", h, sizeof(h), p,
	    sizeof(p)), -1);
	assert_int_equal(net_splithostport("h:123456789", h, sizeof(h), p,
	    sizeof(p)), -1);	/* port part too long for the buffer */
}

static void
net__listen_port0__reports_bound_port_and_accepts(void **state)
{
	struct addrinfo hints, *ai;
	struct sockaddr_storage ss;
	socklen_t len;
	char err[128], port[8], addr[NET_ADDRSTRLEN];
	struct pollfd pfd;
	int fds[4], n, bound = 0, c, a;

	(void)state;
	n = net_listen("127.0.0.1", "0", 16, fds, 4, &bound, err,
	    sizeof(err));
	assert_int_equal(n, 1);
	assert_true(bound > 0);
	assert_true(fcntl(fds[0], F_GETFL) & O_NONBLOCK);
	assert_int_equal(net_accept(fds[0], &ss, &len), -1);
	assert_true(errno == EAGAIN || errno == EWOULDBLOCK);

	snprintf(port, sizeof(port), "%d", bound);
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	assert_int_equal(getaddrinfo("127.0.0.1", port, &hints, &ai), 0);
	c = net_connect(ai);
	freeaddrinfo(ai);
	assert_true(c >= 0);
	pfd = (struct pollfd){ .fd = c, .events = POLLOUT };
	assert_int_equal(poll(&pfd, 1, 2000), 1);
	assert_int_equal(net_connect_error(c), 0);
	pfd = (struct pollfd){ .fd = fds[0], .events = POLLIN };
	assert_int_equal(poll(&pfd, 1, 2000), 1);
	a = net_accept(fds[0], &ss, &len);
	assert_true(a >= 0);
	net_addrstr((struct sockaddr *)&ss, len, addr, sizeof(addr));
	assert_int_equal(strncmp(addr, "127.0.0.1:", 10), 0);
	close(a);
	close(c);
	close(fds[0]);
}

static void
net__listen_all__shares_one_port_across_families(void **state)
{
	struct sockaddr_storage ss;
	socklen_t len;
	char err[128];
	int fds[4], n, i, bound = 0, port;

	(void)state;
	n = net_listen(NULL, "0", 16, fds, 4, &bound, err, sizeof(err));
	assert_true(n >= 1);
	for (i = 0; i < n; i++) {
		len = sizeof(ss);
		assert_int_equal(getsockname(fds[i], (struct sockaddr *)&ss,
		    &len), 0);
		port = ss.ss_family == AF_INET6 ?
		    ntohs(((struct sockaddr_in6 *)&ss)->sin6_port) :
		    ntohs(((struct sockaddr_in *)&ss)->sin_port);
		assert_int_equal(port, bound);
		close(fds[i]);
	}
}

static void
net__listen_busy_port__fails_with_reason(void **state)
{
	char err[128];
	char port[8];
	int fds[2], fds2[2], bound, n;

	(void)state;
	n = net_listen("127.0.0.1", "0", 16, fds, 2, &bound, err,
	    sizeof(err));
	assert_int_equal(n, 1);
	snprintf(port, sizeof(port), "%d", bound);
	assert_int_equal(net_listen("127.0.0.1", port, 16, fds2, 2, &bound,
	    err, sizeof(err)), -1);
	assert_non_null(strstr(err, "in use"));
	assert_int_equal(net_listen("no.such.host.invalid", "80", 16, fds2,
	    2, &bound, err, sizeof(err)), -1);
	close(fds[0]);
}

static void
net__connect_refused__reports_errno(void **state)
{
	struct addrinfo hints, *ai;
	struct pollfd pfd;
	char err[128], port[8];
	int fds[1], bound, c;

	(void)state;
	/* A port that was just free: listen, note it, close. */
	assert_int_equal(net_listen("127.0.0.1", "0", 1, fds, 1, &bound,
	    err, sizeof(err)), 1);
	close(fds[0]);
	snprintf(port, sizeof(port), "%d", bound);
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	assert_int_equal(getaddrinfo("127.0.0.1", port, &hints, &ai), 0);
	c = net_connect(ai);
	freeaddrinfo(ai);
	if (c == -1) {
		assert_int_equal(errno, ECONNREFUSED);
		return;
	}
	pfd = (struct pollfd){ .fd = c, .events = POLLOUT };
	assert_int_equal(poll(&pfd, 1, 2000), 1);
	assert_int_equal(net_connect_error(c), ECONNREFUSED);
	close(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(net__port__parses_and_names_the_problem),
		cmocka_unit_test(net__splithostport__handles_v4_v6_and_names),
		cmocka_unit_test(net__listen_port0__reports_bound_port_and_accepts),
		cmocka_unit_test(net__listen_all__shares_one_port_across_families),
		cmocka_unit_test(net__listen_busy_port__fails_with_reason),
		cmocka_unit_test(net__connect_refused__reports_errno),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
