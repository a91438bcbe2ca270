/* Unit tests for tui-client/uplink.c: a chat wired to a real connection
 * on loopback: hello on connect, lines into the chat, the HELLO deadline
 * dropped once HELLO came, a BYE making the next delay 1 s. */
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
#include "tui-client/chat.h"
#include "tui-client/uplink.h"

static struct uplink up;
static int ups, downs;

static int
io_send(void *arg, const char *line)
{
	(void)arg;
	return uplink_send(&up, line);
}

static void
io_show(void *arg, enum chat_where to, const char *name,
    const struct sbline *l)
{
	(void)arg;
	(void)to;
	(void)name;
	(void)l;
}

static void
io_none(void *arg)
{
	(void)arg;
}

static void
io_online(void *arg)
{
	(void)arg;
	uplink_online(&up);
}

static void
io_update(void *arg)
{
	(void)arg;
	uplink_update(&up);
}

static void
io_ask(void *arg, int on)
{
	(void)arg;
	(void)on;
}

static const struct chat_io io = {
	.send = io_send,
	.show = io_show,
	.update = io_update,
	.online = io_online,
	.ask_name = io_ask,
	.bell = io_none,
	.quit = io_none,
	.clear = io_none,
};

static void
on_up(void *arg)
{
	(void)arg;
	ups++;
}

static void
on_down(void *arg, const char *why)
{
	(void)arg;
	(void)why;
	downs++;
}

static const struct uplink_cb cb = { on_up, on_down };

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

static void
spin(struct loop *loop, int *counter, int want)
{
	int i;

	for (i = 0; i < 200 && *counter < want; i++)
		loop_once(loop, 20);
	assert_int_equal(*counter, want);
}

static void
uplink__wires__hello_lines_and_bye(void **state)
{
	struct loop *loop;
	struct chat chat;
	char port[16], buf[256];
	int lfd, pfd, p, i;
	ssize_t n;

	(void)state;
	lfd = listener(&p);
	snprintf(port, sizeof(port), "%d", p);
	loop = loop_new();
	chat_init(&chat, &io, NULL, "alice", NULL, 16);
	uplink_start(&up, loop, &chat, (const char *[]){ "127.0.0.1" },
	    (const char *[]){ port }, 1, 1, &cb, NULL);
	spin(loop, &ups, 1);
	assert_non_null(up.hello);		/* waiting for HELLO */
	session_flush(up.conn);
	pfd = accept(lfd, NULL, NULL);
	assert_true(pfd >= 0);
	n = read(pfd, buf, sizeof(buf));
	assert_true(n >= 17);
	assert_memory_equal(buf, "/hello tcpchat 1\n", 17);
	assert_int_equal(write(pfd, "HELLO\t1\tt\nNAME?\n", 16), 16);
	for (i = 0; i < 200 && !chat.hello; i++)
		loop_once(loop, 20);
	assert_true(chat.hello);
	assert_null(up.hello);			/* HELLO came: no deadline */
	/* Lines go on into the chat: NAME? makes it send our nick. */
	for (i = 0; i < 200 && session_queued(up.conn) == 0 &&
	    !chat.awaiting; i++)
		loop_once(loop, 20);
	assert_true(chat.awaiting);
	session_flush(up.conn);
	n = read(pfd, buf, sizeof(buf));
	assert_true(n > 0);
	buf[n] = '\0';
	assert_non_null(strstr(buf, "/nick alice\n"));
	/* Lost at once, no BYE: 1 s, and the next loss would wait 2 s. */
	close(pfd);
	spin(loop, &downs, 1);
	assert_int_equal(session_state(up.conn), SESSION_WAIT);
	assert_true(session_retry_ms(up.conn) <= 1000);
	spin(loop, &ups, 2);
	pfd = accept(lfd, NULL, NULL);
	assert_true(pfd >= 0);
	/* A BYE then the close: a clean shutdown, 1 s again, not 2. */
	assert_int_equal(write(pfd, "HELLO\t1\tt\nBYE\tshutdown\n", 24), 24);
	close(pfd);
	spin(loop, &downs, 2);
	assert_int_equal(session_state(up.conn), SESSION_WAIT);
	assert_true(session_retry_ms(up.conn) <= 1000);
	uplink_free(&up);
	chat_free(&chat);
	loop_free(loop);
	close(lfd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(uplink__wires__hello_lines_and_bye),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
