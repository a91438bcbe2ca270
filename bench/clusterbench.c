/* clusterbench: what the Redis path of a tcpchatd cluster costs. Two
 * cluster nodes in one process (A says, B hears) against a redis-server;
 * senders on A say 64-byte messages at a fixed total rate; B measures
 * loss, repeats, order and latency (said on A -> delivered on B).
 *
 *   clusterbench [-d secs] [-r msgs/s] [-s senders] [-b bytes] url
 *
 * Prints one line of figures. Without the chat server, the fan-out to
 * clients is not in these figures: one event here is one Redis round trip
 * (one EVALSHA, one PUBLISH to each node).
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "server/cluster.h"
#include "server/names.h"

#define SENDERS_MAX	1000

struct bench {
	struct loop	*loop;
	struct cluster	*a, *b;
	int		 secs, rate, senders, bytes;
	int64_t		 start, stop_at;
	uint64_t	 sent, got, dup, disorder, held;
	uint64_t	 next[SENDERS_MAX];	/* expected per sender on B */
	uint64_t	 said[SENDERS_MAX];
	int64_t		*lat;			/* ns, one per delivery */
	size_t		 nlat, caplat;
};

static struct bench	bn;

static void
heard(void *arg, const struct cluster_event *ev, int own)
{
	unsigned s;
	unsigned long long n;
	long long t;

	if (arg != &bn.b || own || ev->kind != CLUSTER_MSG ||
	    sscanf(ev->text, "%u %llu %lld", &s, &n, &t) != 3 ||
	    s >= SENDERS_MAX)
		return;
	if (n < bn.next[s])
		bn.dup++;
	else {
		if (n > bn.next[s])
			bn.disorder++;
		bn.next[s] = n + 1;
		bn.got++;
	}
	if (bn.nlat < bn.caplat)
		bn.lat[bn.nlat++] = loop_clock() - t;
}

static void
say_one(int s)
{
	char text[4096];
	int n;

	n = snprintf(text, sizeof(text), "%d %llu %lld ", s,
	    (unsigned long long)bn.said[s]++, (long long)loop_clock());
	while (n < bn.bytes && n < (int)sizeof(text) - 1)
		text[n++] = 'x';
	text[n] = '\0';
	if (cluster_say(bn.a, CLUSTER_MSG, "bench", "sender", NULL, text,
	    (size_t)n, time(NULL)) != CLUSTER_SENT)
		bn.held++;
	bn.sent++;
}

/* Every millisecond: the messages due by now, round robin. */
static void
tick(struct loop *l, void *arg)
{
	int64_t now = loop_clock();
	uint64_t due;

	(void)arg;
	if (now >= bn.stop_at)
		return;
	due = (uint64_t)((now - bn.start) / 1000000) * (uint64_t)bn.rate /
	    1000;
	while (bn.sent < due)
		say_one((int)(bn.sent % (uint64_t)bn.senders));
	loop_timer_after(l, 1, tick, NULL);
}

static int
cmp64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return (a > b) - (a < b);
}

static double
pct(double p)
{
	if (bn.nlat == 0)
		return 0;
	return bn.lat[(size_t)(p * (double)(bn.nlat - 1))] / 1e6;
}

static void
quiet(void *arg, const char *s)
{
	(void)arg;
	(void)s;
}

static void
fatal(void *arg, const char *why)
{
	(void)arg;
	errx(EX_CONFIG, "%s", why);
}

static struct cluster *
node(const char *url, const char *name, void *tag)
{
	struct cluster_config cfg = { 0 };
	struct cluster_cb cb = { heard, NULL, NULL, NULL, NULL, NULL, quiet,
	    fatal, tag };
	char err[512];
	struct cluster *c;

	cfg.url = url;
	cfg.node = name;
	cfg.history = 1000;
	cfg.history_bytes = 1 << 20;
	cfg.buffer_max = 1000000;
	cfg.buffer_bytes = 1 << 30;
	if ((c = cluster_start(bn.loop, &cfg, &cb, err, sizeof(err))) == NULL)
		errx(EX_CONFIG, "%s", err);
	return c;
}

static int
arg(const char *s, int lo, int hi)
{
	int v = atoi(s);

	if (v < lo || v > hi)
		errx(EX_USAGE, "\"%s\": want %d to %d", s, lo, hi);
	return v;
}

int
main(int argc, char **argv)
{
	int ch;
	int64_t end;

	bn.secs = 5;
	bn.rate = 10000;
	bn.senders = 10;
	bn.bytes = 64;
	while ((ch = getopt(argc, argv, "b:d:r:s:")) != -1) {
		switch (ch) {
		case 'b': bn.bytes = arg(optarg, 32, 4000); break;
		case 'd': bn.secs = arg(optarg, 1, 3600); break;
		case 'r': bn.rate = arg(optarg, 1, 10000000); break;
		case 's': bn.senders = arg(optarg, 1, SENDERS_MAX); break;
		default:
			fprintf(stderr, "usage: clusterbench [-d secs] "
			    "[-r msgs/s] [-s senders] [-b bytes] url\n");
			return EX_USAGE;
		}
	}
	if (optind != argc - 1)
		errx(EX_USAGE, "want one redis URL");
	names_locale();
	log_init("clusterbench", LOG_QUIET);
	if ((bn.loop = loop_new()) == NULL)
		err(EX_OSERR, "loop_new");
	bn.caplat = (size_t)bn.rate * (size_t)bn.secs + 1;
	if ((bn.lat = calloc(bn.caplat, sizeof(*bn.lat))) == NULL)
		err(EX_OSERR, "calloc");
	bn.a = node(argv[optind], "bench-a", &bn.a);
	bn.b = node(argv[optind], "bench-b", &bn.b);
	end = loop_clock() + 10000000000LL;
	while (!(cluster_ready(bn.a) && cluster_ready(bn.b)))
		if (loop_once(bn.loop, 100) == -1 || loop_clock() > end)
			errx(EX_UNAVAILABLE, "Redis at %s: not ready in 10 s",
			    argv[optind]);
	bn.start = loop_clock();
	bn.stop_at = bn.start + (int64_t)bn.secs * 1000000000;
	loop_timer_after(bn.loop, 1, tick, NULL);
	end = bn.stop_at + 5000000000LL;
	while (loop_clock() < end && (loop_clock() < bn.stop_at ||
	    bn.got + bn.dup < bn.sent))
		loop_once(bn.loop, 50);
	qsort(bn.lat, bn.nlat, sizeof(*bn.lat), cmp64);
	printf("clusterbench: %d senders, %d B, asked %d/s for %d s: sent %llu "
	    "(%llu held) delivered %llu missing %llu repeated %llu out-of-order "
	    "%llu; %.0f/s; latency p50 %.2f ms p99 %.2f ms max %.2f ms\n",
	    bn.senders, bn.bytes, bn.rate, bn.secs,
	    (unsigned long long)bn.sent, (unsigned long long)bn.held,
	    (unsigned long long)bn.got,
	    (unsigned long long)(bn.sent - bn.got),
	    (unsigned long long)bn.dup, (unsigned long long)bn.disorder,
	    bn.got / (double)bn.secs, pct(0.5), pct(0.99), pct(1.0));
	cluster_leave(bn.a);
	cluster_leave(bn.b);
	loop_once(bn.loop, 100);
	cluster_stop(bn.a);
	cluster_stop(bn.b);
	loop_free(bn.loop);
	free(bn.lat);
	return bn.got == bn.sent && bn.dup == 0 ? 0 : 1;
}
