/* Unit tests for common/outq.c: shared chunks, queues, writev flushing. */
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "outq.h"

/*
 * The link seam: this writev() wins over libc's for the whole test. Writes
 * to FAKE_FD go to a scripted sink that takes a set number of bytes per
 * call, fails on demand and records what it got; every other fd gets the
 * real system call.
 */
#define FAKE_FD		1000000
#define SINK_MAX	(1 << 16)

static struct sink {
	char	data[SINK_MAX];
	size_t	len;
	size_t	budget;		/* bytes all next calls may take */
	size_t	per_call;	/* most bytes per call; 0: no limit */
	int	fail_errno;	/* fail the next call with this, once */
	int	calls;
	int	max_iovcnt;
} sink;

ssize_t	writev(int, const struct iovec *, int);

ssize_t
writev(int fd, const struct iovec *iov, int iovcnt)
{
	size_t	n = 0, take;
	int	i;

	if (fd != FAKE_FD)
		return syscall(SYS_writev, fd, iov, iovcnt);
	sink.calls++;
	if (iovcnt > sink.max_iovcnt)
		sink.max_iovcnt = iovcnt;
	if (sink.fail_errno != 0) {
		errno = sink.fail_errno;
		sink.fail_errno = 0;
		return -1;
	}
	if (sink.budget == 0) {
		errno = EAGAIN;
		return -1;
	}
	for (i = 0; i < iovcnt && sink.budget > 0; i++) {
		take = iov[i].iov_len < sink.budget ? iov[i].iov_len :
		    sink.budget;
		if (sink.per_call > 0 && take > sink.per_call - n)
			take = sink.per_call - n;
		assert_true(sink.len + take <= SINK_MAX);
		memcpy(sink.data + sink.len, iov[i].iov_base, take);
		sink.len += take;
		sink.budget -= take;
		n += take;
		if (take < iov[i].iov_len)
			break;
	}
	return n;
}

static int
sink_reset(void **state)
{
	(void)state;
	memset(&sink, 0, sizeof(sink));
	return 0;
}

/* Pushes a fresh chunk holding the string and drops our reference. */
static void
push_str(struct outq *q, const char *s)
{
	struct chunk	*c = chunk_new(s, strlen(s));

	outq_push(q, c);
	chunk_unref(c);
}

static void
chunk__new__copies_the_bytes(void **state)
{
	char		 buf[] = "abc";
	struct chunk	*c;

	(void)state;
	c = chunk_new(buf, 3);
	buf[0] = 'X';
	assert_int_equal(c->refs, 1);
	assert_int_equal(c->len, 3);
	assert_memory_equal(c->data, "abc", 3);
	chunk_unref(c);
	c = chunk_new(NULL, 0);
	assert_int_equal(c->len, 0);
	chunk_unref(c);
	chunk_unref(NULL);
	c = chunk_alloc(5);
	assert_int_equal(c->len, 5);
	assert_int_equal(c->refs, 1);
	chunk_unref(c);
}

static void
chunk__fmt__formats_without_the_nul(void **state)
{
	struct chunk	*c;
	char		 big[5000];

	(void)state;
	c = chunk_fmt("[%s][%s]:%d\n", "2026-01-01 00:00:00", "ana", 42);
	assert_int_equal(c->len, strlen("[2026-01-01 00:00:00][ana]:42\n"));
	assert_memory_equal(c->data, "[2026-01-01 00:00:00][ana]:42\n",
	    c->len);
	chunk_unref(c);
	c = chunk_fmt("%s", "");
	assert_int_equal(c->len, 0);
	chunk_unref(c);
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	c = chunk_fmt("<%s>", big);
	assert_int_equal(c->len, sizeof(big) + 1);
	assert_int_equal(c->data[0], '<');
	assert_int_equal(c->data[c->len - 1], '>');
	chunk_unref(c);
}

static void
chunk__ref__shares_one_chunk_among_queues(void **state)
{
	enum { NQ = 1000 };
	struct outq	*qs;
	struct chunk	*c;
	int		 i;

	(void)state;
	qs = calloc(NQ, sizeof(*qs));
	c = chunk_fmt("one message for %d people\n", NQ);
	for (i = 0; i < NQ; i++) {
		outq_init(&qs[i]);
		outq_push(&qs[i], c);
		outq_push(&qs[i], c);
	}
	assert_int_equal(c->refs, 1 + 2 * NQ);
	assert_int_equal(qs[7].bytes, 2 * c->len);
	sink.budget = SINK_MAX;
	assert_int_equal(outq_flush(&qs[0], FAKE_FD), 2 * c->len);
	assert_int_equal(c->refs, 1 + 2 * (NQ - 1));
	for (i = 1; i < NQ; i++)
		outq_clear(&qs[i]);
	assert_int_equal(c->refs, 1);
	assert_ptr_equal(chunk_ref(c), c);
	assert_int_equal(c->refs, 2);
	chunk_unref(c);
	/* The last reference frees it: ASan reports a leak otherwise. */
	chunk_unref(c);
	free(qs);
}

static void
outq__push__allocates_the_ring_only_while_non_empty(void **state)
{
	struct outq	q;

	(void)state;
	outq_init(&q);
	assert_null(q.ring);
	push_str(&q, "");	/* nothing to send: not queued */
	assert_null(q.ring);
	assert_int_equal(q.count, 0);
	push_str(&q, "hi");
	assert_non_null(q.ring);
	assert_int_equal(q.bytes, 2);
	sink.budget = SINK_MAX;
	assert_int_equal(outq_flush(&q, FAKE_FD), 2);
	assert_null(q.ring);
	assert_int_equal(q.cap, 0);
	assert_int_equal(q.bytes, 0);
	push_str(&q, "again");
	outq_clear(&q);
	assert_null(q.ring);
	assert_int_equal(q.count, 0);
	assert_int_equal(q.bytes, 0);
	assert_int_equal(outq_flush(&q, FAKE_FD), 0);
}

static void
outq__flush__tracks_partial_writes(void **state)
{
	struct outq	q;

	(void)state;
	outq_init(&q);
	push_str(&q, "hello ");
	push_str(&q, "world");
	push_str(&q, "!\n");
	sink.budget = 3;
	assert_int_equal(outq_flush(&q, FAKE_FD), 3);
	assert_int_equal(q.off, 3);
	assert_int_equal(q.count, 3);
	assert_int_equal(q.bytes, 10);
	/* Full: 0, and nothing changes. */
	assert_int_equal(outq_flush(&q, FAKE_FD), 0);
	assert_int_equal(q.bytes, 10);
	sink.budget = 5;
	assert_int_equal(outq_flush(&q, FAKE_FD), 5);
	assert_int_equal(q.count, 2);
	assert_int_equal(q.off, 2);
	sink.budget = 100;
	assert_int_equal(outq_flush(&q, FAKE_FD), 5);
	assert_int_equal(sink.len, 13);
	assert_memory_equal(sink.data, "hello world!\n", 13);
	assert_null(q.ring);
}

static void
outq__flush__keeps_going_after_short_calls(void **state)
{
	struct outq	q;

	(void)state;
	/* A sink that takes 4 bytes per call but has room for all: each
	 * short call ends the flush, the next flush goes on. */
	outq_init(&q);
	push_str(&q, "abcdefghij");
	sink.budget = 100;
	sink.per_call = 4;
	assert_int_equal(outq_flush(&q, FAKE_FD), 4);
	assert_int_equal(outq_flush(&q, FAKE_FD), 4);
	assert_int_equal(outq_flush(&q, FAKE_FD), 2);
	assert_memory_equal(sink.data, "abcdefghij", 10);
	assert_null(q.ring);
}

static void
outq__flush__retries_eintr(void **state)
{
	struct outq	q;

	(void)state;
	outq_init(&q);
	push_str(&q, "text");
	sink.budget = 100;
	sink.fail_errno = EINTR;
	assert_int_equal(outq_flush(&q, FAKE_FD), 4);
	assert_int_equal(sink.calls, 2);
	assert_memory_equal(sink.data, "text", 4);
}

static void
outq__flush__reports_real_errors(void **state)
{
	struct outq	q;

	(void)state;
	outq_init(&q);
	push_str(&q, "text");
	sink.budget = 100;
	sink.fail_errno = EPIPE;
	errno = 0;
	assert_int_equal(outq_flush(&q, FAKE_FD), -1);
	assert_int_equal(errno, EPIPE);
	assert_int_equal(q.bytes, 4);
	outq_clear(&q);
}

static void
outq__flush__sends_at_most_iov_max_per_call(void **state)
{
	enum { N = 3000 };
	struct outq	 q;
	struct chunk	*c[10];
	int		 i;

	(void)state;
	outq_init(&q);
	for (i = 0; i < 10; i++)
		c[i] = chunk_fmt("%d", i);
	for (i = 0; i < N; i++)
		outq_push(&q, c[i % 10]);
	assert_true(q.cap >= N);
	sink.budget = SINK_MAX;
	assert_int_equal(outq_flush(&q, FAKE_FD), N);
	/* The kernel's limit: writev fails with EINVAL past it. */
	assert_true(sink.max_iovcnt <= sysconf(_SC_IOV_MAX));
	assert_true(sink.calls >= (N + sink.max_iovcnt - 1) /
	    sink.max_iovcnt);
	assert_true(sink.calls > 1);
	for (i = 0; i < N; i++)
		assert_int_equal(sink.data[i], '0' + i % 10);
	for (i = 0; i < 10; i++) {
		assert_int_equal(c[i]->refs, 1);
		chunk_unref(c[i]);
	}
}

static void
outq__push__grows_the_ring_while_wrapped(void **state)
{
	struct outq	q;
	char		want[64], s[2] = { 0 };
	uint32_t	cap0;
	int		i;

	(void)state;
	outq_init(&q);
	/* Fill the first ring, send three, so the next pushes wrap. */
	for (i = 0; i < 8; i++) {
		s[0] = 'a' + i;
		push_str(&q, s);
	}
	cap0 = q.cap;
	sink.budget = 3;
	assert_int_equal(outq_flush(&q, FAKE_FD), 3);
	assert_int_equal(q.head, 3);
	for (i = 8; i < 26; i++) {
		s[0] = 'a' + i;
		push_str(&q, s);
	}
	assert_true(q.cap > cap0);
	assert_int_equal(q.count, 23);
	assert_int_equal(q.bytes, 23);
	sink.budget = 100;
	assert_int_equal(outq_flush(&q, FAKE_FD), 23);
	for (i = 0; i < 26; i++)
		want[i] = 'a' + i;
	assert_int_equal(sink.len, 26);
	assert_memory_equal(sink.data, want, 26);
}

/* A non-blocking socketpair whose writing end has a small buffer. */
static void
small_socketpair(int sv[2])
{
	int	size = 4096;

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &size,
	    sizeof(size)), 0);
	assert_int_equal(fcntl(sv[0], F_SETFL, O_NONBLOCK), 0);
	assert_int_equal(fcntl(sv[1], F_SETFL, O_NONBLOCK), 0);
}

/* The byte at offset pos of the stream c[0], c[1], ..., c[6], c[0], ... */
static char
stream_byte(struct chunk *const *c, size_t pos)
{
	size_t	cycle = 0;
	int	i;

	for (i = 0; i < 7; i++)
		cycle += c[i]->len;
	pos %= cycle;
	for (i = 0; pos >= c[i]->len; i++)
		pos -= c[i]->len;
	return c[i]->data[pos];
}

static void
outq__flush__survives_a_small_sndbuf(void **state)
{
	enum { NMSG = 2000 };
	struct outq	 q;
	struct chunk	*c[7];
	char		 buf[8192];
	size_t		 sent = 0, got = 0, want = 0, i;
	ssize_t		 n;
	int		 sv[2], rounds, zeros = 0, partial = 0;

	(void)state;
	small_socketpair(sv);
	outq_init(&q);
	/* Chunks of lengths that do not divide the buffer size. */
	for (i = 0; i < 7; i++)
		c[i] = chunk_fmt("%zu:%0*d\n", i, (int)(97 * i + 13), 0);
	for (i = 0; i < NMSG; i++) {
		outq_push(&q, c[i % 7]);
		want += c[i % 7]->len;
	}
	assert_int_equal(q.bytes, want);
	for (rounds = 0; got < want && rounds < 100000; rounds++) {
		n = outq_flush(&q, sv[0]);
		assert_true(n >= 0);
		sent += n;
		zeros += n == 0;
		partial += q.off != 0;
		assert_int_equal(q.bytes, want - sent);
		/* Read a little at a time, checking every byte in order. */
		while ((n = read(sv[1], buf, 1000)) > 0) {
			for (i = 0; i < (size_t)n; i++)
				assert_int_equal(buf[i],
				    stream_byte(c, got + i));
			got += n;
			if (rounds % 2)
				break;
		}
	}
	assert_int_equal(got, want);
	assert_int_equal(sent, want);
	assert_true(zeros > 0);		/* the socket did fill up */
	assert_true(partial > 0);	/* and cut a chunk in two */
	assert_null(q.ring);
	for (i = 0; i < 7; i++) {
		assert_int_equal(c[i]->refs, 1);
		chunk_unref(c[i]);
	}
	close(sv[0]);
	close(sv[1]);
}

static void
outq__flush__fails_on_a_closed_peer(void **state)
{
	struct outq	q;
	int		sv[2];

	(void)state;
	small_socketpair(sv);
	close(sv[1]);
	outq_init(&q);
	push_str(&q, "nobody listens");
	errno = 0;
	assert_int_equal(outq_flush(&q, sv[0]), -1);
	assert_int_equal(errno, EPIPE);
	outq_clear(&q);
	close(sv[0]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(chunk__fmt__formats_without_the_nul,
		    sink_reset),
		cmocka_unit_test_setup(chunk__new__copies_the_bytes,
		    sink_reset),
		cmocka_unit_test_setup(
		    chunk__ref__shares_one_chunk_among_queues,
		    sink_reset),
		cmocka_unit_test_setup(outq__flush__fails_on_a_closed_peer,
		    sink_reset),
		cmocka_unit_test_setup(
		    outq__flush__keeps_going_after_short_calls,
		    sink_reset),
		cmocka_unit_test_setup(outq__flush__reports_real_errors,
		    sink_reset),
		cmocka_unit_test_setup(outq__flush__retries_eintr, sink_reset),
		cmocka_unit_test_setup(
		    outq__flush__sends_at_most_iov_max_per_call, sink_reset),
		cmocka_unit_test_setup(outq__flush__survives_a_small_sndbuf,
		    sink_reset),
		cmocka_unit_test_setup(outq__flush__tracks_partial_writes,
		    sink_reset),
		cmocka_unit_test_setup(
		    outq__push__allocates_the_ring_only_while_non_empty,
		    sink_reset),
		cmocka_unit_test_setup(outq__push__grows_the_ring_while_wrapped,
		    sink_reset),
	};

	/* As every program that writes to sockets does. */
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
