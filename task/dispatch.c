/* taskd's dispatcher: workers, tasks each tick, answers, timeouts, stats. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dispatch.h"
#include "efun.h"
#include "log.h"
#include "loop.h"
#include "results.h"
#include "taskproto.h"
#include "worker.h"

#define NS_PER_MS	1000000LL
#define NS_PER_S	1000000000LL

static struct {
	struct loop		 *loop;
	int			  every, timeout;
	struct worker		**all;		/* every worker connected */
	size_t			  nall, capall;
	struct worker		**idle;		/* those without a task */
	size_t			  nidle, capidle;
	struct task		**pend;		/* ring: tasks to send again */
	size_t			  phead, npend, cappend;
	int			  kicked;	/* dispatch_pending deferred */
	uint64_t		  nextid;
	struct dispatch_totals	  tot;
	int64_t			  lat_sum, lat_max;
	int64_t			  next_tick;	/* monotonic ns */
} d;

static void	dispatch_on_tick(struct loop *, void *);

static void
dispatch_idle_add(struct worker *w)
{
	if (d.nidle == d.capidle) {
		d.capidle = d.capidle == 0 ? 64 : d.capidle * 2;
		d.idle = ereallocarray(d.idle, d.capidle, sizeof(*d.idle));
	}
	w->iidx = d.nidle;
	d.idle[d.nidle++] = w;
}

static void
dispatch_idle_remove(struct worker *w)
{
	if (w->iidx == SIZE_MAX)
		return;
	d.idle[w->iidx] = d.idle[--d.nidle];
	d.idle[w->iidx]->iidx = w->iidx;
	w->iidx = SIZE_MAX;
}

static struct task *
dispatch_pend_head(void)
{
	return d.npend == 0 ? NULL : d.pend[d.phead];
}

static void
dispatch_pend_pop(void)
{
	d.phead = (d.phead + 1) % d.cappend;
	d.npend--;
}

static void
dispatch_pend_grow(void)
{
	struct task **ring;
	size_t i, cap = d.cappend == 0 ? 64 : d.cappend * 2;

	ring = ereallocarray(NULL, cap, sizeof(*ring));
	for (i = 0; i < d.npend; i++)
		ring[i] = d.pend[(d.phead + i) % d.cappend];
	free(d.pend);
	d.pend = ring;
	d.phead = 0;
	d.cappend = cap;
}

/* Tasks to send again, oldest first. One sent TASKD_TRIES_MAX times is
 * given up (no worker could do it), and past TASKD_PENDING_MAX the
 * oldest is (with no workers at all, nothing else bounds the list). */
static void
dispatch_pend_push(struct task *t)
{
	struct task *old;

	if (t->tries >= TASKD_TRIES_MAX) {
		log_error("task %" PRIu64 ": abandoned after %u tries", t->id,
		    t->tries);
		d.tot.abandoned++;
		free(t);
		return;
	}
	if (d.npend >= TASKD_PENDING_MAX) {
		old = dispatch_pend_head();
		dispatch_pend_pop();
		log_info("task %" PRIu64 ": abandoned after %u tries, %d "
		    "waiting", old->id, old->tries, TASKD_PENDING_MAX);
		d.tot.abandoned++;
		free(old);
	}
	if (d.npend == d.cappend)
		dispatch_pend_grow();
	d.pend[(d.phead + d.npend) % d.cappend] = t;
	d.npend++;
}

static void
dispatch_on_deadline(struct loop *, void *);

static void
dispatch_assign(struct worker *w, struct task *t)
{
	char line[64];
	int n;

	dispatch_idle_remove(w);
	t->owner = w;
	t->sent = loop_clock();
	t->tries++;
	t->deadline = loop_timer_after(d.loop, (int64_t)d.timeout * 1000,
	    dispatch_on_deadline, t);
	w->task = t;
	w->st.tasks++;
	d.tot.sent++;
	n = taskproto_fmt_task(line, sizeof(line), t->id, t->n);
	worker_send(w, line, (size_t)n);
}

/* Take t back from its worker, which becomes idle (unless closing). */
static void
dispatch_unassign(struct task *t)
{
	struct worker *w = t->owner;

	loop_timer_cancel(d.loop, t->deadline);
	t->deadline = NULL;
	t->owner = NULL;
	w->task = NULL;
	if (!w->closing)
		dispatch_idle_add(w);
}

static int
dispatch_was_late(const struct worker *w, uint64_t id)
{
	unsigned i;

	for (i = 0; i < w->nlate; i++)
		if (w->late[i].id == id)
			return 1;
	return 0;
}

/* An idle worker that has not already failed t, or NULL. */
static struct worker *
dispatch_pick(const struct task *t)
{
	size_t i, tries;

	for (i = d.nidle, tries = 0; i > 0 && tries < 64; i--, tries++)
		if (!dispatch_was_late(d.idle[i - 1], t->id))
			return d.idle[i - 1];
	return NULL;
}

/* Waiting tasks to idle workers, as long as both last. */
static void
dispatch_pending(struct loop *l, void *arg)
{
	struct worker *w;
	struct task *t;

	(void)l;
	(void)arg;
	d.kicked = 0;
	while ((t = dispatch_pend_head()) != NULL &&
	    (w = dispatch_pick(t)) != NULL) {
		dispatch_pend_pop();
		log_verbose("task %" PRIu64 ": sent again, to %s", t->id,
		    w->addr);
		dispatch_assign(w, t);
	}
}

/* Deferred to the end of the pass: a worker closing inside a send must
 * not start another send under its caller. */
static void
dispatch_kick(void)
{
	if (d.kicked || d.npend == 0)
		return;
	d.kicked = 1;
	loop_defer(d.loop, dispatch_pending, NULL);
}

static void
dispatch_remember_late(struct worker *w, const struct task *t)
{
	struct late *e;

	if (w->nlate < TASKD_LATE_MAX)
		e = &w->late[w->nlate++];
	else {
		e = &w->late[w->latepos];
		w->latepos = (w->latepos + 1) % TASKD_LATE_MAX;
	}
	e->id = t->id;
	e->n = t->n;
	e->sent = t->sent;
}

static void
dispatch_forget_late(struct worker *w, unsigned i)
{
	w->late[i] = w->late[--w->nlate];
	if (w->latepos >= w->nlate)
		w->latepos = 0;
}

static void
dispatch_on_deadline(struct loop *l, void *arg)
{
	struct task *t = arg;
	struct worker *w = t->owner;

	(void)l;
	t->deadline = NULL;
	log_info("task %" PRIu64 ": no answer from %s in %d s; sending it "
	    "to another worker", t->id, w->addr, d.timeout);
	dispatch_remember_late(w, t);
	dispatch_unassign(t);
	d.tot.redispatched++;
	dispatch_pend_push(t);
	dispatch_kick();
}

void
dispatch_add(struct worker *w)
{
	if (d.nall == d.capall) {
		d.capall = d.capall == 0 ? 64 : d.capall * 2;
		d.all = ereallocarray(d.all, d.capall, sizeof(*d.all));
	}
	w->idx = d.nall;
	d.all[d.nall++] = w;
	w->iidx = SIZE_MAX;
	dispatch_idle_add(w);
	d.tot.workers++;
	dispatch_kick();
}

void
dispatch_remove(struct worker *w)
{
	struct task *t = w->task;

	if (t != NULL) {
		log_info("task %" PRIu64 ": %s left before answering; sending "
		    "it to another worker", t->id, w->addr);
		dispatch_unassign(t);
		d.tot.redispatched++;
		dispatch_pend_push(t);
		dispatch_kick();
	}
	dispatch_idle_remove(w);
	d.all[w->idx] = d.all[--d.nall];
	d.all[w->idx]->idx = w->idx;
}

static void
dispatch_record(const struct worker *w, uint64_t id, long long n,
    long long value, const char *status, int correct, int64_t lat)
{
	struct results_rec r;
	struct timespec ts;

	if (!results_active())
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	r.ts_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / NS_PER_MS;
	r.worker = w->addr;
	r.id = id;
	r.n = n;
	r.value = value;
	r.status = status;
	r.correct = correct;
	r.latency_ms = (double)lat / NS_PER_MS;
	results_add(&r);
}

static void
dispatch_ack(struct worker *w, uint64_t id, const char *word)
{
	char line[64];
	int n;

	n = snprintf(line, sizeof(line), "ACK %" PRIu64 " %s\n", id, word);
	worker_send(w, line, (size_t)n);
}

/* The answer to the task w holds. */
static void
dispatch_answer(struct worker *w, struct task *t, long long value)
{
	int64_t lat = loop_clock() - t->sent;
	int ok = taskproto_correct(t->n, value);

	dispatch_record(w, t->id, t->n, value, ok ? "ok" : "wrong", ok, lat);
	if (!ok) {
		/* Never trusted: the task goes to someone else. */
		w->st.wrong++;
		d.tot.wrong++;
		log_error("%s: task %" PRIu64 " n=%lld value=%lld WRONG "
		    "(%.3f ms); sending it to another worker", w->addr, t->id,
		    t->n, value, (double)lat / NS_PER_MS);
		dispatch_remember_late(w, t);
		dispatch_unassign(t);
		d.tot.redispatched++;
		dispatch_ack(w, t->id, "wrong");
		dispatch_pend_push(t);		/* may free t */
		dispatch_kick();
		return;
	}
	w->st.answers++;
	w->st.lat_sum += lat;
	if (lat > w->st.lat_max)
		w->st.lat_max = lat;
	d.tot.answers++;
	d.lat_sum += lat;
	if (lat > d.lat_max)
		d.lat_max = lat;
	log_info("%s: task %" PRIu64 " n=%lld value=%lld ok (%.3f ms)",
	    w->addr, t->id, t->n, value, (double)lat / NS_PER_MS);
	dispatch_unassign(t);
	dispatch_ack(w, t->id, "ok");
	free(t);
	dispatch_kick();
}

void
dispatch_result(struct worker *w, uint64_t id, long long value)
{
	struct late *e;
	unsigned i;
	int ok;

	if (w->task != NULL && w->task->id == id) {
		dispatch_answer(w, w->task, value);
		return;
	}
	for (i = 0; i < w->nlate; i++) {
		e = &w->late[i];
		if (e->id != id)
			continue;
		ok = taskproto_correct(e->n, value);
		w->st.late++;
		d.tot.late++;
		log_info("%s: task %" PRIu64 " n=%lld value=%lld LATE, %s, "
		    "not counted (%.3f ms)", w->addr, id, e->n, value,
		    ok ? "right" : "wrong",
		    (double)(loop_clock() - e->sent) / NS_PER_MS);
		dispatch_record(w, id, e->n, value, "late", ok,
		    loop_clock() - e->sent);
		dispatch_forget_late(w, i);
		dispatch_ack(w, id, "late");
		return;
	}
	w->st.wrong++;
	d.tot.unknown++;
	log_error("%s: RESULT for task %" PRIu64 ", which it does not hold: "
	    "ignored", w->addr, id);
	dispatch_ack(w, id, "unknown");
}

void
dispatch_tick(void)
{
	struct timespec ts;
	struct worker *w;
	struct task *t;
	long long n;

	clock_gettime(CLOCK_REALTIME, &ts);
	/* The timer fires just after the second starts: round to it. */
	n = (long long)((ts.tv_sec + (ts.tv_nsec >= NS_PER_S / 2)) % 100);
	d.tot.ticks++;
	dispatch_pending(d.loop, NULL);
	while (d.nidle > 0) {
		w = d.idle[d.nidle - 1];
		t = ecalloc(1, sizeof(*t));
		t->id = ++d.nextid;
		t->n = n;
		d.tot.tasks++;
		dispatch_assign(w, t);
	}
}

static void
dispatch_on_prewake(struct loop *l, void *arg)
{
	(void)arg;
	loop_timer_at(l, d.next_tick, dispatch_on_tick, NULL);
}

/*
 * The next multiple of every seconds on the wall clock. ppoll(2) lets a
 * wait run late by a thousandth of its length (a millisecond for a
 * second), so wake TASKD_PREWAKE_NS early and take the short rest of the
 * wait then, which the kernel keeps to microseconds (as clockd does).
 */
static void
dispatch_arm(void)
{
	struct timespec ts;
	int64_t next, delay;

	clock_gettime(CLOCK_REALTIME, &ts);
	next = ((int64_t)ts.tv_sec / d.every + 1) * d.every;
	delay = (next - ts.tv_sec) * NS_PER_S - ts.tv_nsec;
	d.next_tick = loop_clock() + delay;
	if (delay > 2 * TASKD_PREWAKE_NS)
		loop_timer_at(d.loop, d.next_tick - TASKD_PREWAKE_NS,
		    dispatch_on_prewake, NULL);
	else
		loop_timer_at(d.loop, d.next_tick, dispatch_on_tick, NULL);
}

static void
dispatch_on_tick(struct loop *l, void *arg)
{
	struct timespec ts;

	(void)l;
	(void)arg;
	dispatch_arm();
	dispatch_tick();
	if (log_enabled(LOG_DEBUG)) {
		clock_gettime(CLOCK_REALTIME, &ts);
		log_debug("tick %" PRIu64 ": %zu workers, %zu waiting, "
		    "handed out %.3f ms after the second", d.tot.ticks,
		    d.nall, d.npend, (double)ts.tv_nsec / NS_PER_MS);
	}
}

void
dispatch_init(struct loop *l, int every_s, int timeout_s)
{
	d.loop = l;
	d.every = every_s;
	d.timeout = timeout_s;
	dispatch_arm();
}

static void
dispatch_stat_line(FILE *fp, const char *who, const struct wstats *s)
{
	fprintf(fp, "%-28s %8" PRIu64 " %8" PRIu64 " %6" PRIu64 " %6" PRIu64
	    " %6" PRIu64 " %9.3f %9.3f\n", who, s->tasks, s->answers,
	    s->wrong, s->late, s->messages, s->answers == 0 ? 0.0 :
	    (double)s->lat_sum / (double)s->answers / NS_PER_MS,
	    (double)s->lat_max / NS_PER_MS);
}

void
dispatch_stats(void)
{
	struct wstats all;
	char who[64];
	size_t i;

	fprintf(stderr, "taskd: %zu workers connected, %" PRIu64 " ticks, %"
	    PRIu64 " tasks (%" PRIu64 " sent again, %zu waiting, %" PRIu64
	    " abandoned), %" PRIu64 " answers for tasks not held\n",
	    d.nall, d.tot.ticks, d.tot.tasks, d.tot.redispatched, d.npend,
	    d.tot.abandoned, d.tot.unknown);
	fprintf(stderr, "%-28s %8s %8s %6s %6s %6s %9s %9s\n", "worker",
	    "tasks", "answers", "wrong", "late", "msgs", "mean_ms", "max_ms");
	for (i = 0; i < d.nall; i++)
		dispatch_stat_line(stderr, d.all[i]->addr, &d.all[i]->st);
	memset(&all, 0, sizeof(all));
	all.tasks = d.tot.sent;
	all.answers = d.tot.answers;
	all.wrong = d.tot.wrong + d.tot.unknown;
	all.late = d.tot.late;
	all.messages = d.tot.messages;
	all.lat_sum = d.lat_sum;
	all.lat_max = d.lat_max;
	snprintf(who, sizeof(who), "all (%" PRIu64 " ever)", d.tot.workers);
	dispatch_stat_line(stderr, who, &all);
	fflush(stderr);
}

size_t
dispatch_workers(struct worker ***list)
{
	*list = d.all;
	return d.nall;
}

const struct dispatch_totals *
dispatch_totals(void)
{
	return &d.tot;
}

/* Messages are counted here so that the totals include workers gone. */
void
dispatch_message(void)
{
	d.tot.messages++;
}

void
dispatch_free(void)
{
	while (d.npend > 0) {
		free(dispatch_pend_head());
		dispatch_pend_pop();
	}
	free(d.pend);
	free(d.all);
	free(d.idle);
	memset(&d, 0, sizeof(d));
}
