/* Unit tests for common/loop.c: fds, timers, signals, deferred work. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loop.h"

struct rec {
	int	calls[8];
	int	order[16];
	int	norder;
	int	delfd;		/* fd to drop from inside a callback */
	int	pair[2];	/* or: the first to fire drops the other */
	int	rearms;
	struct loop *l;
};

static void
on_read(struct loop *l, int fd, int revents, void *arg)
{
	struct rec *r = arg;
	char c;

	assert_true(revents & POLLIN);
	(void)read(fd, &c, 1);
	r->calls[c - '0']++;
	if (r->delfd != -1) {
		loop_del(l, r->delfd);
		r->delfd = -1;
	}
	if (r->pair[0] != r->pair[1]) {
		loop_del(l, fd == r->pair[0] ? r->pair[1] : r->pair[0]);
		r->pair[0] = r->pair[1];
	}
}

static void
loop__dispatches__readable_fd(void **state)
{
	struct loop *l = loop_new();
	struct rec r = { .delfd = -1 };
	int p[2];

	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(loop_add(l, p[0], POLLIN, on_read, &r), 0);
	assert_int_equal(loop_add(l, p[0], POLLIN, on_read, &r), -1);
	assert_int_equal(errno, EEXIST);
	assert_int_equal(write(p[1], "3", 1), 1);
	assert_int_equal(loop_once(l, 1000), 0);
	assert_int_equal(r.calls[3], 1);
	assert_int_equal(loop_once(l, 0), 0);	/* nothing more to read */
	assert_int_equal(r.calls[3], 1);
	assert_int_equal(loop_count(l), 1);
	loop_free(l);
	close(p[0]);
	close(p[1]);
}

static void
loop__del_inside_callback__silences_fd_this_pass(void **state)
{
	struct loop *l = loop_new();
	struct rec r = { .delfd = -1 };
	int a[2], b[2], dropped;

	(void)state;
	assert_int_equal(pipe(a), 0);
	assert_int_equal(pipe(b), 0);
	loop_add(l, a[0], POLLIN, on_read, &r);
	loop_add(l, b[0], POLLIN, on_read, &r);
	(void)write(a[1], "1", 1);
	(void)write(b[1], "2", 1);
	r.pair[0] = a[0];	/* whichever fires first drops the other */
	r.pair[1] = b[0];
	assert_int_equal(loop_once(l, 1000), 0);
	assert_int_equal(r.calls[1] + r.calls[2], 1);
	assert_int_equal(loop_count(l), 1);
	dropped = r.calls[1] ? b[0] : a[0];
	assert_int_equal(loop_del(l, dropped), -1);
	assert_int_equal(errno, ENOENT);
	/* The slot is compacted away and the fd can be watched again. */
	assert_int_equal(loop_add(l, dropped, POLLIN, on_read, &r), 0);
	assert_int_equal(loop_once(l, 1000), 0);
	assert_int_equal(r.calls[1], 1);
	assert_int_equal(r.calls[2], 1);
	loop_free(l);
	close(a[0]); close(a[1]); close(b[0]); close(b[1]);
}

static void
loop__events__switches_interest(void **state)
{
	struct loop *l = loop_new();
	struct rec r = { .delfd = -1 };
	int p[2];

	(void)state;
	assert_int_equal(pipe(p), 0);
	loop_add(l, p[0], 0, on_read, &r);
	(void)write(p[1], "4", 1);
	assert_int_equal(loop_once(l, 0), 0);
	assert_int_equal(r.calls[4], 0);
	assert_int_equal(loop_events(l, p[0], POLLIN), 0);
	assert_int_equal(loop_once(l, 1000), 0);
	assert_int_equal(r.calls[4], 1);
	assert_int_equal(loop_events(l, 9999, POLLIN), -1);
	loop_free(l);
	close(p[0]);
	close(p[1]);
}

static void
on_timer(struct loop *l, void *arg)
{
	int *fired = arg;

	(void)l;
	(*fired)++;
}

struct torder {
	int	got[8];
	int	n;
};

struct tcall {
	struct torder	*o;
	int		 id;
};

static void
on_ordered(struct loop *l, void *arg)
{
	struct tcall *c = arg;

	(void)l;
	c->o->got[c->o->n++] = c->id;
}

static void
loop__timers__fire_in_deadline_order(void **state)
{
	struct loop *l = loop_new();
	struct torder o = { .n = 0 };
	struct tcall c[5];
	int64_t now = loop_clock();
	int64_t when[5] = { 30, 10, 20, 10, 0 };
	struct timer *t[5];
	int i;

	(void)state;
	for (i = 0; i < 5; i++) {
		c[i] = (struct tcall){ &o, i };
		t[i] = loop_timer_at(l, now + when[i] * 1000000, on_ordered,
		    &c[i]);
	}
	loop_timer_cancel(l, t[2]);
	loop_timer_cancel(l, NULL);
	while (o.n < 4)
		assert_int_equal(loop_once(l, 1000), 0);
	/* Equal deadlines fire in the order they were armed. */
	assert_int_equal(o.got[0], 4);
	assert_int_equal(o.got[1], 1);
	assert_int_equal(o.got[2], 3);
	assert_int_equal(o.got[3], 0);
	loop_free(l);
}

static void
loop__timer_after__waits_at_least_that_long(void **state)
{
	struct loop *l = loop_new();
	int fired = 0;
	int64_t start = loop_clock();

	(void)state;
	loop_timer_after(l, 20, on_timer, &fired);
	while (!fired)
		assert_int_equal(loop_once(l, -1), 0);
	assert_true(loop_clock() - start >= 20 * 1000000);
	loop_free(l);
}

static void
on_rearm(struct loop *l, void *arg)
{
	struct rec *r = arg;

	r->rearms++;
	loop_timer_at(l, loop_now(l), on_rearm, r);
}

static void
loop__rearming_timer__does_not_starve_the_pass(void **state)
{
	struct loop *l = loop_new();
	struct rec r = { .delfd = -1 };

	(void)state;
	loop_timer_at(l, loop_clock(), on_rearm, &r);
	assert_int_equal(loop_once(l, 0), 0);
	assert_int_equal(r.rearms, 1);
	assert_int_equal(loop_once(l, 0), 0);
	assert_int_equal(r.rearms, 2);
	loop_free(l);
}

static void
on_signal(struct loop *l, int signo, void *arg)
{
	int *got = arg;

	(void)l;
	*got = signo;
}

static void
loop__signal__arrives_through_the_loop(void **state)
{
	struct loop *l = loop_new();
	int got = 0;

	(void)state;
	assert_int_equal(loop_signal(l, SIGUSR1, on_signal, &got), 0);
	raise(SIGUSR1);
	assert_int_equal(got, 0);	/* not from the handler */
	assert_int_equal(loop_once(l, 1000), 0);
	assert_int_equal(got, SIGUSR1);
	assert_int_equal(loop_signal(l, 0, on_signal, &got), -1);
	loop_free(l);
	signal(SIGUSR1, SIG_DFL);
}

struct seq {
	char	log[16];
	int	n;
	int	rfd;
};

static void
seq_read(struct loop *l, int fd, int revents, void *arg);

static void
seq_defer(struct loop *l, void *arg)
{
	struct seq *s = arg;

	(void)l;
	s->log[s->n++] = 'd';
}

static void
seq_pre(struct loop *l, void *arg)
{
	struct seq *s = arg;

	(void)l;
	s->log[s->n++] = 'p';
}

static void
seq_read(struct loop *l, int fd, int revents, void *arg)
{
	struct seq *s = arg;
	char c;

	(void)revents;
	(void)read(fd, &c, 1);
	s->log[s->n++] = 'r';
	loop_defer(l, seq_defer, s);
}

static void
loop__defer_and_prepoll__run_around_dispatch(void **state)
{
	struct loop *l = loop_new();
	struct seq s = { .n = 0 };
	int p[2];

	(void)state;
	assert_int_equal(pipe(p), 0);
	loop_prepoll(l, seq_pre, &s);
	loop_add(l, p[0], POLLIN, seq_read, &s);
	(void)write(p[1], "x", 1);
	assert_int_equal(loop_once(l, 1000), 0);
	assert_string_equal(s.log, "prd");
	loop_free(l);
	close(p[0]);
	close(p[1]);
}

static void
on_stop(struct loop *l, void *arg)
{
	(void)arg;
	loop_stop(l);
}

static void
loop__run__returns_after_stop(void **state)
{
	struct loop *l = loop_new();

	(void)state;
	loop_timer_after(l, 1, on_stop, NULL);
	assert_int_equal(loop_run(l), 0);
	loop_free(l);
}

static void
loop__many_fds__all_dispatched(void **state)
{
	enum { N = 300 };
	struct loop *l = loop_new();
	struct rec r = { .delfd = -1 };
	int p[N][2], i, total = 0;

	(void)state;
	for (i = 0; i < N; i++) {
		assert_int_equal(pipe(p[i]), 0);
		loop_add(l, p[i][0], POLLIN, on_read, &r);
		(void)write(p[i][1], "5", 1);
	}
	while (r.calls[5] < N && total++ < 10)
		assert_int_equal(loop_once(l, 1000), 0);
	assert_int_equal(r.calls[5], N);
	for (i = 0; i < N; i += 2)
		loop_del(l, p[i][0]);
	assert_int_equal(loop_count(l), N / 2);
	for (i = 0; i < N; i++) {
		close(p[i][0]);
		close(p[i][1]);
	}
	loop_free(l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(loop__dispatches__readable_fd),
		cmocka_unit_test(loop__del_inside_callback__silences_fd_this_pass),
		cmocka_unit_test(loop__events__switches_interest),
		cmocka_unit_test(loop__timers__fire_in_deadline_order),
		cmocka_unit_test(loop__timer_after__waits_at_least_that_long),
		cmocka_unit_test(loop__rearming_timer__does_not_starve_the_pass),
		cmocka_unit_test(loop__signal__arrives_through_the_loop),
		cmocka_unit_test(loop__defer_and_prepoll__run_around_dispatch),
		cmocka_unit_test(loop__run__returns_after_stop),
		cmocka_unit_test(loop__many_fds__all_dispatched),
	};

	int failed;

	/* Every test runs on both backends. */
	failed = cmocka_run_group_tests_name("poll", tests, NULL, NULL);
	setenv("TCPCHAT_LOOP", "epoll", 1);
	failed += cmocka_run_group_tests_name("epoll", tests, NULL, NULL);
	return failed;
}
