/* loadgen_report.c: loadgen's measurements: latency, server RSS/CPU, report. */

#include <sys/resource.h>

#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "loadgen.h"

/* Latency histogram: microseconds, 64 linear sub-buckets per power of two,
 * about 1.6% precision, constant memory whatever the message count. */
#define HIST_SUB_BITS	6
#define HIST_SUB	(1 << HIST_SUB_BITS)
#define HIST_BUCKETS	(HIST_SUB * 36)

static uint64_t	hist[HIST_BUCKETS];
static uint64_t	xhist[HIST_BUCKETS];	/* reader on another server */
static int64_t	xlat_max;

/* Histogram index of a latency in microseconds. */
static unsigned
hist_index(uint64_t us)
{
	unsigned k;

	if (us < HIST_SUB)
		return (unsigned)us;
	k = 63 - (unsigned)__builtin_clzll(us);
	if (k - HIST_SUB_BITS + 1 >= HIST_BUCKETS / HIST_SUB)
		return HIST_BUCKETS - 1;
	return (k - HIST_SUB_BITS + 1) * HIST_SUB +
	    (unsigned)((us >> (k - HIST_SUB_BITS)) & (HIST_SUB - 1));
}

/* Lowest latency in microseconds that falls in bucket i. */
static uint64_t
hist_value(unsigned i)
{
	unsigned k;

	if (i < HIST_SUB)
		return i;
	k = i / HIST_SUB - 1 + HIST_SUB_BITS;
	return ((uint64_t)1 << k) +
	    ((uint64_t)(i % HIST_SUB) << (k - HIST_SUB_BITS));
}

/* Latency at quantile q of histogram h, in milliseconds. */
static double
hist_quantile_of(const uint64_t *h, int64_t max, double q)
{
	uint64_t total = 0, want, seen = 0;
	unsigned i;

	for (i = 0; i < HIST_BUCKETS; i++)
		total += h[i];
	if (total == 0)
		return 0;
	want = (uint64_t)(q * (double)total);
	if (want >= total)
		want = total - 1;
	for (i = 0; i < HIST_BUCKETS; i++) {
		seen += h[i];
		if (seen > want)
			return (double)hist_value(i) / 1000.0;
	}
	return (double)max / MS;
}

static double
hist_quantile(double q)
{
	return hist_quantile_of(hist, S.lat_max, q);
}

void
hist_cross_add(int64_t lat)
{
	if (lat < 0)
		lat = 0;
	if (lat > xlat_max)
		xlat_max = lat;
	xhist[hist_index((uint64_t)lat / 1000)]++;
}

void
hist_add(int64_t lat)
{
	uint64_t us;

	if (lat < 0)
		lat = 0;
	if (lat > S.lat_max)
		S.lat_max = lat;
	us = (uint64_t)lat / 1000;
	hist[hist_index(us)]++;
}

long
proc_rss(void)
{
	char path[64], line[256];
	long kib = -1;
	FILE *f;

	if (O.server_pid == 0)
		return -1;
	snprintf(path, sizeof(path), "/proc/%ld/status", O.server_pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

static double
proc_cpu(void)
{
	char path[64], buf[1024], *p;
	unsigned long ut, st;
	ssize_t n;
	int fd;

	if (O.server_pid == 0)
		return -1;
	snprintf(path, sizeof(path), "/proc/%ld/stat", O.server_pid);
	if ((fd = open(path, O_RDONLY)) == -1)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* Fields 14 and 15, counted after the ")" that ends the name. */
	if ((p = strrchr(buf, ')')) == NULL || sscanf(p + 2,
	    "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
	    &ut, &st) != 2)
		return -1;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static double
self_cpu(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

void
cpu_mark(int phase)
{
	S.scpu[phase] = proc_cpu();
	S.gcpu[phase] = self_cpu();
}

void
rss_sample(void)
{
	long kib;

	if (O.server_pid == 0 || now < S.next_sample)
		return;
	S.next_sample = now + 250 * MS;
	if ((kib = proc_rss()) < 0)
		return;
	if (kib > S.rss_peak)
		S.rss_peak = kib;
	S.rss_final = kib;
	if (now >= S.next_series && S.nseries < SERIES_MAX) {
		S.series[S.nseries++] = kib;
		S.next_series += NS;
	}
}

static void
json_print(void)
{
	uint64_t expected = S.sent * (S.readers_live ? S.readers_live - 1 : 0);
	double span = secs((S.last_delivery > S.send_start ?
	    S.last_delivery : S.send_end) - S.send_start);
	long i, cut = 0;
	const char *sep = "";

	printf("{\"label\":\"%s\",\"mode\":\"%s\",\"clients\":%ld,"
	    "\"readers\":%ld,\"slow\":%ld,\"senders\":%ld,\"size\":%ld,"
	    "\"rate\":%.0f,\"duration_s\":%.1f,\"window\":%ld,"
	    "\"pass_us\":%ld,\n", O.label, O.irc ? "irc" : "text",
	    O.clients, nreaders, O.slow, O.senders, O.size, O.rate,
	    O.duration, O.window, O.pass_us);
	printf(" \"connected\":%u,\"connect_failed\":%u,\"handshake_s\":%.3f,"
	    "\"handshake_complete\":%s,\"joins_seen\":%" PRIu64
	    ",\"joins_expected\":%" PRIu64 ",\n", S.connected,
	    S.connect_failed, S.hs_done ? secs(S.hs_done - S.t0) : -1.0,
	    S.hs_complete ? "true" : "false", S.joins, S.joins_expected);
	printf(" \"sent\":%" PRIu64 ",\"send_skipped\":%" PRIu64
	    ",\"expected\":%" PRIu64 ",\"delivered\":%" PRIu64
	    ",\"deliveries_per_s\":%.0f,\"loss\":%" PRId64
	    ",\"duplicates\":%" PRIu64 ",\"order_violations\":%" PRIu64
	    ",\"invalid\":%" PRIu64 ",\"foreign\":%" PRIu64
	    ",\"long_lines\":%" PRIu64 ",\"left_notices\":%" PRIu64 ",\n",
	    S.sent, S.skipped, expected, S.delivered,
	    span > 0 ? (double)S.delivered / span : 0.0,
	    (int64_t)(expected - S.delivered), S.dups, S.order, S.invalid,
	    S.foreign, S.long_lines, S.lefts);
	printf(" \"latency_ms\":{\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,"
	    "\"p999\":%.3f,\"max\":%.3f},\"send_lag_max_ms\":%.3f,\n",
	    hist_quantile(0.5), hist_quantile(0.9), hist_quantile(0.99),
	    hist_quantile(0.999), (double)S.lat_max / MS,
	    (double)S.lag_max / MS);
	if (ntargets > 1)
		printf(" \"servers\":%d,\"latency_cross_ms\":{\"p50\":%.3f,"
		    "\"p99\":%.3f,\"max\":%.3f},\n", ntargets,
		    hist_quantile_of(xhist, xlat_max, 0.5),
		    hist_quantile_of(xhist, xlat_max, 0.99),
		    (double)xlat_max / MS);
	printf(" \"disconnected\":%u,\"disconnected_during_send\":%u,"
	    "\"send_phase_s\":%.3f,\"delivery_span_s\":%.3f,\n",
	    S.dead, S.dead_in_send, secs(S.send_end - S.send_start), span);
	printf(" \"slow_cut_off_at_s\":[");
	for (i = nreaders; i < O.clients; i++) {
		if (cl[i].cutoff_ns == 0)
			continue;
		printf("%s%.3f", sep, secs(cl[i].cutoff_ns - S.send_start));
		sep = ",";
		cut++;
	}
	printf("],\"slow_cut_off\":%ld,\n", cut);
	printf(" \"server\":{\"pid\":%ld,\"rss_start_kib\":%ld,"
	    "\"rss_joined_kib\":%ld,\"rss_peak_kib\":%ld,"
	    "\"rss_final_kib\":%ld,\"rss_per_client_kib\":%.3f,"
	    "\"cpu_handshake_s\":%.2f,\"cpu_send_s\":%.2f,\"rss_series_kib\":[",
	    O.server_pid, S.rss_start, S.rss_hs, S.rss_peak, S.rss_final,
	    S.connected && S.rss_hs > 0 ? (double)(S.rss_hs - S.rss_start) /
	    S.connected : -1.0, S.scpu[1] - S.scpu[0], S.scpu[3] - S.scpu[2]);
	for (i = 0; i < S.nseries; i++)
		printf("%s%ld", i ? "," : "", S.series[i]);
	printf("]},\n \"generator\":{\"cpu_handshake_s\":%.2f,"
	    "\"cpu_send_s\":%.2f,\"cpu_total_s\":%.2f,\"bytes_in\":%" PRIu64
	    "}}\n", S.gcpu[1] - S.gcpu[0], S.gcpu[3] - S.gcpu[2],
	    S.gcpu[3], S.bytes_in);
}

static void
text_print(void)
{
	uint64_t expected = S.sent * (S.readers_live ? S.readers_live - 1 : 0);
	double span = secs((S.last_delivery > S.send_start ?
	    S.last_delivery : S.send_end) - S.send_start);

	printf("%s: %u connected, handshake %.2fs%s\n", O.label, S.connected,
	    S.hs_done ? secs(S.hs_done - S.t0) : -1.0,
	    S.hs_complete ? "" : " (incomplete)");
	printf("sent %" PRIu64 ", delivered %" PRIu64 "/%" PRIu64
	    " (%.0f/s), loss %" PRId64 ", dups %" PRIu64 ", order %" PRIu64
	    "\n", S.sent, S.delivered, expected,
	    span > 0 ? (double)S.delivered / span : 0.0,
	    (int64_t)(expected - S.delivered), S.dups, S.order);
	printf("latency ms: p50 %.2f p99 %.2f max %.2f; disconnected %u\n",
	    hist_quantile(0.5), hist_quantile(0.99), (double)S.lat_max / MS,
	    S.dead);
	if (ntargets > 1)
		printf("to a reader on another server: p50 %.2f p99 %.2f max "
		    "%.2f ms\n", hist_quantile_of(xhist, xlat_max, 0.5),
		    hist_quantile_of(xhist, xlat_max, 0.99),
		    (double)xlat_max / MS);
	printf("server rss %ld KiB peak %ld KiB, cpu %.2fs send; "
	    "generator cpu %.2fs send\n", S.rss_final, S.rss_peak,
	    S.scpu[3] - S.scpu[2], S.gcpu[3] - S.gcpu[2]);
}

void
report_print(void)
{
	if (O.json)
		json_print();
	else
		text_print();
}
