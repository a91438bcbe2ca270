/* Unit tests for common/addrlim.c: keys, verdicts, eviction, quiet logs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/socket.h>
#include <sys/un.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "addrlim.h"

/* A sockaddr for a literal address, v4 or v6. */
struct sa {
	struct sockaddr_storage	ss;
	socklen_t		len;
};

static const struct sockaddr *
sa_of(struct sa *s, const char *addr)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&s->ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&s->ss;

	memset(s, 0, sizeof(*s));
	if (inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(40000);
		s->len = sizeof(*s4);
	} else {
		assert_int_equal(inet_pton(AF_INET6, addr, &s6->sin6_addr), 1);
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(40001);
		s->len = sizeof(*s6);
	}
	return (const struct sockaddr *)&s->ss;
}

static const char *
keystr_of(const char *addr, char *buf, size_t len)
{
	struct addrlim_key k;
	struct sa s;
	const struct sockaddr *sa = sa_of(&s, addr);

	assert_int_equal(addrlim_key(sa, s.len, &k), 0);
	return addrlim_keystr(&k, buf, len);
}

static int
same_key(const char *a, const char *b)
{
	struct addrlim_key ka, kb;
	struct sa sa, sb;
	const struct sockaddr *pa = sa_of(&sa, a), *pb = sa_of(&sb, b);

	assert_int_equal(addrlim_key(pa, sa.len, &ka), 0);
	assert_int_equal(addrlim_key(pb, sb.len, &kb), 0);
	return ka.family == kb.family &&
	    memcmp(ka.bytes, kb.bytes, sizeof(ka.bytes)) == 0;
}

static struct addrlim_conn *
admit(struct addrlim *al, const char *addr, void *owner, int64_t now,
    struct addrlim_verdict *v)
{
	struct sa s;
	const struct sockaddr *sa = sa_of(&s, addr);

	return addrlim_admit(al, sa, s.len, owner, now, v);
}

static void
counts(struct addrlim *al, const char *addr, unsigned total, unsigned pend)
{
	unsigned t, p;
	struct sa s;
	const struct sockaddr *sa = sa_of(&s, addr);

	addrlim_count(al, sa, s.len, &t, &p);
	assert_int_equal(t, total);
	assert_int_equal(p, pend);
}

static void
addrlim__key__is_the_ipv4_address(void **state)
{
	char buf[ADDRLIM_KEYSTRLEN];

	(void)state;
	assert_string_equal(keystr_of("192.0.2.1", buf, sizeof(buf)),
	    "192.0.2.1");
	assert_true(same_key("192.0.2.1", "192.0.2.1"));
	assert_false(same_key("192.0.2.1", "192.0.2.2"));
	assert_false(same_key("127.0.0.1", "127.0.0.2"));
}

static void
addrlim__key__groups_ipv6_by_64(void **state)
{
	char buf[ADDRLIM_KEYSTRLEN];

	(void)state;
	assert_true(same_key("2001:db8:1:2::1", "2001:db8:1:2:ffff:1:2:3"));
	assert_true(same_key("2001:db8:1:2::1", "2001:db8:1:2::"));
	assert_false(same_key("2001:db8:1:2::1", "2001:db8:1:3::1"));
	assert_false(same_key("2001:db8:1:2::1", "2001:db9:1:2::1"));
	assert_string_equal(keystr_of("2001:db8:1:2:aaaa:bbbb:cccc:dddd", buf,
	    sizeof(buf)), "2001:db8:1:2::/64");
	assert_string_equal(keystr_of("::1", buf, sizeof(buf)), "::/64");
	/* An IPv6 /64 whose bytes spell an IPv4 address is not that one. */
	assert_false(same_key("::1", "0.0.0.0"));
	assert_false(same_key("c000:0201::", "192.0.2.1"));
}

static void
addrlim__key__counts_v4_mapped_as_ipv4(void **state)
{
	char buf[ADDRLIM_KEYSTRLEN];

	(void)state;
	assert_true(same_key("::ffff:192.0.2.1", "192.0.2.1"));
	assert_false(same_key("::ffff:192.0.2.1", "::ffff:192.0.2.2"));
	assert_string_equal(keystr_of("::ffff:127.0.0.1", buf, sizeof(buf)),
	    "127.0.0.1");
}

static void
addrlim__key__puts_other_families_together(void **state)
{
	struct sockaddr_un un;
	struct addrlim_key k;
	char buf[ADDRLIM_KEYSTRLEN];

	(void)state;
	memset(&un, 0, sizeof(un));
	un.sun_family = AF_UNIX;
	assert_int_equal(addrlim_key((struct sockaddr *)&un, sizeof(un), &k),
	    -1);
	assert_int_equal(k.family, 0);
	assert_string_equal(addrlim_keystr(&k, buf, sizeof(buf)), "other");
	/* A truncated address is not read past its length. */
	un.sun_family = AF_INET6;
	assert_int_equal(addrlim_key((struct sockaddr *)&un,
	    sizeof(struct sockaddr_in), &k), -1);
}

static void
addrlim__admit__refuses_past_per_addr(void **state)
{
	struct addrlim al;
	struct addrlim_verdict v;
	struct addrlim_conn *c[3];
	int i;

	(void)state;
	addrlim_init(&al, &(struct addrlim_limits){ .per_addr = 3 });
	for (i = 0; i < 3; i++) {
		c[i] = admit(&al, "192.0.2.1", NULL, 0, &v);
		assert_non_null(c[i]);
		assert_int_equal(v.hit, ADDRLIM_NONE);
		addrlim_settle(&al, c[i]);	/* named ones count too */
	}
	assert_null(admit(&al, "192.0.2.1", NULL, 0, &v));
	assert_int_equal(v.hit, ADDRLIM_PER_ADDR);
	assert_string_equal(v.why, "Too many connections from your address "
	    "(3 at most), try again later.");
	assert_string_equal(v.addr, "192.0.2.1");
	assert_non_null(admit(&al, "192.0.2.2", NULL, 0, &v));
	/* A closed one makes room. */
	addrlim_release(&al, c[1]);
	assert_non_null(admit(&al, "192.0.2.1", NULL, 0, &v));
	counts(&al, "192.0.2.1", 3, 1);
	addrlim_free(&al);
}

static void
addrlim__admit__refuses_past_pending_per_addr(void **state)
{
	struct addrlim al;
	struct addrlim_verdict v;
	struct addrlim_conn *c[2];

	(void)state;
	addrlim_init(&al, &(struct addrlim_limits){ .pending_per_addr = 2,
	    .pending_as = "waiting for a name" });
	c[0] = admit(&al, "2001:db8::1", NULL, 0, &v);
	c[1] = admit(&al, "2001:db8::2", NULL, 0, &v);
	assert_non_null(c[0]);
	assert_non_null(c[1]);
	/* Another host of the same /64 is the same address. */
	assert_null(admit(&al, "2001:db8::3", NULL, 0, &v));
	assert_int_equal(v.hit, ADDRLIM_PENDING_PER_ADDR);
	assert_string_equal(v.why, "Too many connections waiting for a name "
	    "from your address (2 at most), try again later.");
	assert_string_equal(v.addr, "2001:db8::/64");
	/* Named, it no longer counts as pending; settling twice is fine. */
	addrlim_settle(&al, c[0]);
	addrlim_settle(&al, c[0]);
	counts(&al, "2001:db8::9", 2, 1);
	assert_non_null(admit(&al, "2001:db8::3", NULL, 0, &v));
	counts(&al, "2001:db8::9", 3, 2);
	assert_int_equal(addrlim_pending(&al), 2);
	addrlim_free(&al);
}

static void
addrlim__admit__without_limits_admits_all(void **state)
{
	struct addrlim al;
	struct addrlim_verdict v;
	struct addrlim_conn *c[300];
	int i;

	(void)state;
	addrlim_init(&al, &(struct addrlim_limits){ 0 });
	for (i = 0; i < 300; i++) {
		c[i] = admit(&al, "127.0.0.1", NULL, 0, &v);
		assert_non_null(c[i]);
		assert_null(v.victim);
	}
	counts(&al, "127.0.0.1", 300, 300);
	for (i = 0; i < 300; i++)
		addrlim_release(&al, c[i]);
	counts(&al, "127.0.0.1", 0, 0);
	assert_int_equal(addrlim_pending(&al), 0);
	addrlim_release(&al, NULL);
	addrlim_free(&al);
}

static void
addrlim__admit__evicts_oldest_pending_of_the_biggest(void **state)
{
	struct addrlim al;
	struct addrlim_verdict v;
	int owners[10], i;

	(void)state;
	addrlim_init(&al, &(struct addrlim_limits){ .pending = 6 });
	/* A holds 3 (owners 0..2), B holds 2 (3..4), C holds 1 (5). */
	for (i = 0; i < 3; i++)
		assert_non_null(admit(&al, "192.0.2.1", &owners[i], i, &v));
	for (i = 3; i < 5; i++)
		assert_non_null(admit(&al, "192.0.2.2", &owners[i], i, &v));
	assert_non_null(admit(&al, "192.0.2.3", &owners[5], 5, &v));
	assert_null(v.victim);
	/* Full. A newcomer from D: A's oldest goes. */
	assert_non_null(admit(&al, "192.0.2.4", &owners[6], 6, &v));
	assert_ptr_equal(v.victim, &owners[0]);
	assert_int_equal(v.hit, ADDRLIM_NONE);
	counts(&al, "192.0.2.1", 3, 2);		/* open until released */
	assert_int_equal(addrlim_pending(&al), 6);
	/* A and B now hold 2 each: one of theirs, the oldest of it. */
	assert_non_null(admit(&al, "192.0.2.4", &owners[7], 7, &v));
	assert_true(v.victim == &owners[1] || v.victim == &owners[3]);
	/* D holds 2, the most anyone holds: its own newcomer is refused. */
	assert_null(admit(&al, "192.0.2.4", &owners[8], 8, &v));
	assert_int_equal(v.hit, ADDRLIM_PENDING);
	assert_string_equal(v.why, "Too many connections pending, try again "
	    "later.");
	/* C holds 1, fewer than the biggest (2): admitted. */
	assert_non_null(admit(&al, "192.0.2.3", &owners[9], 9, &v));
	assert_non_null(v.victim);
	assert_ptr_not_equal(v.victim, &owners[5]);
	addrlim_free(&al);
}

static void
addrlim__admit__evicts_in_order_of_age(void **state)
{
	struct addrlim al;
	struct addrlim_verdict v;
	struct addrlim_conn *c[4];
	int owners[8], i;

	(void)state;
	addrlim_init(&al, &(struct addrlim_limits){ .pending = 4 });
	for (i = 0; i < 4; i++)
		c[i] = admit(&al, "10.0.0.1", &owners[i], i, &v);
	/* Its second-oldest was named: not a victim any more. */
	addrlim_settle(&al, c[1]);
	assert_non_null(admit(&al, "10.0.0.2", &owners[4], 4, &v));
	assert_null(v.victim);			/* a free slot */
	assert_non_null(admit(&al, "10.0.0.3", &owners[5], 5, &v));
	assert_ptr_equal(v.victim, &owners[0]);
	assert_non_null(admit(&al, "10.0.0.4", &owners[6], 6, &v));
	assert_ptr_equal(v.victim, &owners[2]);
	/* Released victims are forgotten cleanly. */
	addrlim_release(&al, c[0]);
	addrlim_release(&al, c[2]);
	counts(&al, "10.0.0.1", 2, 1);
	assert_non_null(admit(&al, "10.0.0.5", &owners[7], 7, &v));
	/* Four addresses hold one each: the newcomer holds none. */
	assert_non_null(v.victim);
	addrlim_free(&al);
}

static void
addrlim__admit__one_address_never_locks_out_another(void **state)
{
	struct addrlim al;
	struct addrlim_verdict v;
	struct addrlim_conn *me;
	int i, admitted = 0, attacker, person;

	(void)state;
	addrlim_init(&al, &(struct addrlim_limits){ .pending = 1034 });
	for (i = 0; i < 1100; i++)
		if (admit(&al, "127.0.0.1", &attacker, i, &v) != NULL)
			admitted++;
	assert_int_equal(admitted, 1034);
	assert_int_equal(v.hit, ADDRLIM_PENDING);
	me = admit(&al, "127.0.0.2", &person, 2000, &v);
	assert_non_null(me);
	assert_ptr_equal(v.victim, &attacker);
	addrlim_settle(&al, me);
	counts(&al, "127.0.0.2", 1, 0);
	counts(&al, "127.0.0.1", 1034, 1033);
	addrlim_free(&al);
}

/* A naive model beside the module: random admits, names and closes over
 * a few addresses, each verdict and victim checked against a linear scan
 * of every open connection. */
struct model_conn {
	struct addrlim_conn	*h;
	int			 addr, pending, open;
	long			 seq;		/* admission order */
};

/* Verdicts seen, by enum addrlim_limit; [4]: evictions. */
static int model_seen[5];

static int
model_pending(const struct model_conn *m, int n, int addr)
{
	int i, k = 0;

	for (i = 0; i < n; i++)
		k += m[i].open && m[i].pending && m[i].addr == addr;
	return k;
}

static int
model_total(const struct model_conn *m, int n, int addr)
{
	int i, k = 0;

	for (i = 0; i < n; i++)
		k += m[i].open && m[i].addr == addr;
	return k;
}

/* 1 if admitted (then m[*n - 1] is the new one). */
static int
model_admit(struct addrlim *al, struct model_conn *m, int *n, int addr)
{
	static const char *addrs[] = { "10.0.0.1", "10.0.0.2", "10.0.0.3",
	    "2001:db8:0:1::1", "2001:db8:0:2::1", "10.0.0.4" };
	struct addrlim_verdict v;
	struct model_conn *victim;
	int i, most = 0, pend = model_pending(m, *n, addr), npend = 0;

	for (i = 0; i < 6; i++)
		if (model_pending(m, *n, i) > most)
			most = model_pending(m, *n, i);
	for (i = 0; i < *n; i++)
		npend += m[i].open && m[i].pending;
	m[*n].h = admit(al, addrs[addr], &m[*n], *n, &v);
	m[*n].addr = addr;
	m[*n].seq = *n;
	model_seen[v.hit]++;
	if (model_total(m, *n, addr) >= 8) {
		assert_int_equal(v.hit, ADDRLIM_PER_ADDR);
		return 0;
	}
	if (pend >= 4) {
		assert_int_equal(v.hit, ADDRLIM_PENDING_PER_ADDR);
		return 0;
	}
	if (npend >= 10 && most <= pend) {
		assert_int_equal(v.hit, ADDRLIM_PENDING);
		return 0;
	}
	assert_non_null(m[*n].h);
	if (npend >= 10) {
		victim = v.victim;
		assert_non_null(victim);
		assert_int_equal(model_pending(m, *n, victim->addr), most);
		assert_true(victim->open && victim->pending);
		for (i = 0; i < *n; i++)
			assert_false(m[i].open && m[i].pending &&
			    m[i].addr == victim->addr &&
			    m[i].seq < victim->seq);
		victim->pending = 0;
		model_seen[4]++;
	} else
		assert_null(v.victim);
	m[*n].open = m[*n].pending = 1;
	(*n)++;
	return 1;
}

/* xorshift32: the same sequence on every run. */
static uint32_t
model_rand(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

static void
addrlim__admit__agrees_with_a_naive_model(void **state)
{
	static struct model_conn m[4000];
	struct addrlim al;
	static int opened[4000];		/* indices of open ones */
	uint32_t seed = 12345;
	int n = 0, nopen = 0, op, i, k;

	(void)state;
	addrlim_init(&al, &(struct addrlim_limits){ .per_addr = 8,
	    .pending_per_addr = 4, .pending = 10 });
	while (n < 3000) {
		op = (int)(model_rand(&seed) % 20);
		k = nopen > 0 ? (int)(model_rand(&seed) % (unsigned)nopen) : 0;
		i = opened[k];
		if (op < 9 || nopen == 0) {
			if (model_admit(&al, m, &n, (int)(model_rand(&seed) %
			    6)))
				opened[nopen++] = n - 1;
		} else if (op < 13 && m[i].pending) {
			addrlim_settle(&al, m[i].h);
			m[i].pending = 0;
		} else if (op >= 13) {
			addrlim_release(&al, m[i].h);
			m[i].open = 0;
			opened[k] = opened[--nopen];
		}
	}
	assert_true(addrlim_pending(&al) <= 10);
	/* Every branch was taken, many times. */
	for (i = 0; i < 5; i++)
		assert_true(model_seen[i] > 20);
	addrlim_free(&al);		/* with handles outstanding: no leak */
}

static void
addrlim__admit__logs_a_refusal_once_a_minute(void **state)
{
	struct addrlim al;
	struct addrlim_verdict v;
	struct addrlim_conn *c;
	int i, logged = 0;

	(void)state;
	addrlim_init(&al, &(struct addrlim_limits){ .per_addr = 1 });
	c = admit(&al, "192.0.2.1", NULL, 1000, &v);
	assert_non_null(c);
	assert_false(v.log);
	for (i = 0; i < 100; i++) {
		assert_null(admit(&al, "192.0.2.1", NULL, 1000 + i / 10, &v));
		logged += v.log;
	}
	assert_int_equal(logged, 1);
	/* Another address has its own minute. */
	assert_non_null(admit(&al, "192.0.2.2", NULL, 1001, &v));
	assert_null(admit(&al, "192.0.2.2", NULL, 1001, &v));
	assert_true(v.log);
	/* 59 s on: still quiet; 60 s on: one more line. */
	assert_null(admit(&al, "192.0.2.1", NULL, 1059, &v));
	assert_false(v.log);
	assert_null(admit(&al, "192.0.2.1", NULL, 1060, &v));
	assert_true(v.log);
	assert_null(admit(&al, "192.0.2.1", NULL, 1061, &v));
	assert_false(v.log);
	/* Gone and back within the minute: still quiet. */
	addrlim_release(&al, c);
	c = admit(&al, "192.0.2.1", NULL, 1062, &v);
	assert_non_null(c);
	assert_null(admit(&al, "192.0.2.1", NULL, 1063, &v));
	assert_false(v.log);
	addrlim_free(&al);
}

static void
addrlim__log_ok__rate_limits_callers_refusals(void **state)
{
	struct addrlim al;
	struct sa s;
	const struct sockaddr *sa = sa_of(&s, "198.51.100.7");
	int i, n = 0;

	(void)state;
	addrlim_init(&al, &(struct addrlim_limits){ 0 });
	for (i = 0; i < 50; i++)
		n += addrlim_log_ok(&al, sa, s.len, 500);
	assert_int_equal(n, 1);
	assert_int_equal(addrlim_log_ok(&al, sa, s.len, 559), 0);
	assert_int_equal(addrlim_log_ok(&al, sa, s.len, 560), 1);
	/* The clock stepped back: log rather than stay silent an hour. */
	assert_int_equal(addrlim_log_ok(&al, sa, s.len, 10), 1);
	addrlim_free(&al);
}

static void
addrlim__log_ok__keeps_bounded_memory(void **state)
{
	struct addrlim al;
	const struct sockaddr *sa;
	struct sa s;
	char addr[32];
	int i;

	(void)state;
	addrlim_init(&al, &(struct addrlim_limits){ 0 });
	for (i = 0; i < 3 * ADDRLIM_QUIET_MAX; i++) {
		snprintf(addr, sizeof(addr), "10.%d.%d.%d", i >> 16,
		    (i >> 8) & 255, i & 255);
		sa = sa_of(&s, addr);
		assert_int_equal(addrlim_log_ok(&al, sa, s.len, 7), 1);
	}
	assert_true(al.nquiet <= ADDRLIM_QUIET_MAX + 1);
	assert_true(al.naddr <= ADDRLIM_QUIET_MAX + 1);
	/* A minute on, the next call forgets them all but its own. */
	sa = sa_of(&s, "10.0.0.0");
	assert_int_equal(addrlim_log_ok(&al, sa, s.len, 67), 1);
	assert_int_equal(al.naddr, 1);
	addrlim_free(&al);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(addrlim__key__is_the_ipv4_address),
		cmocka_unit_test(addrlim__key__groups_ipv6_by_64),
		cmocka_unit_test(addrlim__key__counts_v4_mapped_as_ipv4),
		cmocka_unit_test(addrlim__key__puts_other_families_together),
		cmocka_unit_test(addrlim__admit__refuses_past_per_addr),
		cmocka_unit_test(addrlim__admit__refuses_past_pending_per_addr),
		cmocka_unit_test(addrlim__admit__without_limits_admits_all),
		cmocka_unit_test(
		    addrlim__admit__evicts_oldest_pending_of_the_biggest),
		cmocka_unit_test(addrlim__admit__evicts_in_order_of_age),
		cmocka_unit_test(
		    addrlim__admit__one_address_never_locks_out_another),
		cmocka_unit_test(addrlim__admit__agrees_with_a_naive_model),
		cmocka_unit_test(addrlim__admit__logs_a_refusal_once_a_minute),
		cmocka_unit_test(addrlim__log_ok__rate_limits_callers_refusals),
		cmocka_unit_test(addrlim__log_ok__keeps_bounded_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
