/* libFuzzer harness for server/clusterdecode.c: any bytes as what Redis
 * sends a cluster node, both as a pushed payload and as RESP replies. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hiredis/hiredis.h>

#include "server/clusterdecode.h"
#include "server/names.h"
#include "text.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Valid UTF-8 with no control character, bidi override or isolate. */
static void
check_text(const char *s, size_t n)
{
	uint32_t cp;
	size_t i = 0;
	int len;

	if (strlen(s) != n)
		abort();
	while (i < n) {
		if ((len = utf8_decode(s + i, n - i, &cp)) < 0 ||
		    text_is_unsafe(cp))
			abort();
		i += (size_t)len;
	}
}

static void
check_event(const struct cluster_event *ev)
{
	char key[64 * 4 + 8];
	const char *why;

	check_text(ev->room, strlen(ev->room));
	check_text(ev->nick, strlen(ev->nick));
	check_text(ev->arg, strlen(ev->arg));
	check_text(ev->text, ev->textlen);
	if (!clusterdecode_nodename(ev->node, strlen(ev->node)) ||
	    names_check(ev->nick, strlen(ev->nick), key, &why) == -1 ||
	    ev->textlen > TEXT_CLEAN_MAX(CLUSTER_TEXT_MAX) ||
	    (ev->kind != CLUSTER_PRIV && ev->seq == 0))
		abort();
}

static void
try_reply(const redisReply *r)
{
	struct cluster_event ev;
	struct cluster_sync sy;
	const char *why;
	size_t i;

	if (clusterdecode_entry(r, "room", &ev, &why) == 0) {
		check_event(&ev);
		clusterdecode_free(&ev);
	}
	if (clusterdecode_sync(r, &sy, &why) == 0) {
		for (i = 0; i < sy.npeople; i++) {
			check_text(sy.people[i].nick,
			    strlen(sy.people[i].nick));
			check_text(sy.people[i].room,
			    strlen(sy.people[i].room));
		}
		if (strlen(sy.epoch) > CLUSTER_EPOCH_MAX)
			abort();
		clusterdecode_sync_free(&sy);
	}
	if (r->type == REDIS_REPLY_ARRAY)
		for (i = 0; i < r->elements; i++)
			if (clusterdecode_entry(r->element[i], "room", &ev,
			    &why) == 0) {
				check_event(&ev);
				clusterdecode_free(&ev);
			}
}

/*
 * hiredis 0.14's reader believes a multibulk's announced length and
 * allocates for it at once ("*999999999"); hiredis 1.0 bounds it. That is
 * hiredis's trust of the server, not our decoder: such inputs are not fed
 * to the reader here. XXX a hostile Redis can still make a node allocate.
 */
static int
resp_huge(const uint8_t *d, size_t n)
{
	size_t i;
	uint64_t v;

	for (i = 0; i + 1 < n; i++) {
		if (d[i] != '*' && d[i] != '$')
			continue;
		for (v = 0; i + 1 < n && d[i + 1] >= '0' && d[i + 1] <= '9';
		    i++)
			if ((v = v * 10 + (d[i + 1] - '0')) > 100000)
				return 1;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	static int init;
	struct cluster_event ev;
	char epoch[CLUSTER_EPOCH_MAX + 1];
	const char *why;
	redisReader *rd;
	uint64_t beat;
	void *r;
	int k;

	if (!init) {
		names_locale();
		init = 1;
	}
	if (clusterdecode_push((const char *)data, n, &ev, epoch, &why) == 0) {
		check_event(&ev);
		if (strlen(epoch) == 0 || strlen(epoch) > CLUSTER_EPOCH_MAX)
			abort();
		clusterdecode_free(&ev);
	}
	k = clusterdecode_note((const char *)data, n, &ev, &beat, &why);
	if (k == CLUSTER_NOTE_PRIV) {
		check_event(&ev);
		clusterdecode_free(&ev);
	}
	if (resp_huge(data, n) || (rd = redisReaderCreate()) == NULL)
		return 0;
	if (redisReaderFeed(rd, (const char *)data, n) == REDIS_OK)
		while (redisReaderGetReply(rd, &r) == REDIS_OK && r != NULL) {
			try_reply(r);
			freeReplyObject(r);
		}
	redisReaderFree(rd);
	return 0;
}
