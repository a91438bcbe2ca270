/* Unit tests for server/clusterdecode.c: what Redis hands back, checked. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include <hiredis/hiredis.h>

#include "server/clusterdecode.h"
#include "server/names.h"

/* A reply as hiredis would make it from RESP bytes. */
static redisReply *
resp(const char *bytes)
{
	redisReader *rd = redisReaderCreate();
	void *r = NULL;

	assert_int_equal(redisReaderFeed(rd, bytes, strlen(bytes)), REDIS_OK);
	assert_int_equal(redisReaderGetReply(rd, &r), REDIS_OK);
	assert_non_null(r);
	redisReaderFree(rd);
	return r;
}

static int
setup(void **state)
{
	(void)state;
	names_locale();
	return 0;
}

static void
clusterdecode__push__reads_a_room_event(void **state)
{
	const char p[] = "E\tep1\t42\t1700000000\tnodeA:8989\t7\t0\tmsg\t"
	    "General\tLee\t\thello\tthere";
	struct cluster_event ev;
	char epoch[CLUSTER_EPOCH_MAX + 1];
	const char *why;

	(void)state;
	assert_int_equal(clusterdecode_push(p, sizeof(p) - 1, &ev, epoch,
	    &why), 0);
	assert_string_equal(epoch, "ep1");
	assert_int_equal(ev.seq, 42);
	assert_int_equal(ev.ts, 1700000000);
	assert_int_equal(ev.mid, 7);
	assert_int_equal(ev.shown, 0);
	assert_int_equal(ev.kind, CLUSTER_MSG);
	assert_string_equal(ev.room, "General");
	assert_string_equal(ev.node, "nodeA:8989");
	assert_string_equal(ev.nick, "Lee");
	assert_string_equal(ev.arg, "");
	/* The text is the rest, a tab in it cleaned to a space. */
	assert_string_equal(ev.text, "hello there");
	assert_int_equal(ev.textlen, 11);
	clusterdecode_free(&ev);
}

static void
clusterdecode__push__cleans_text_and_refuses_bad_names(void **state)
{
	const char esc[] = "E\te\t1\t1\tn\t1\t1\tme\tr\tLee\t\t\x1b[2Jx\xff";
	const char badnick[] = "E\te\t2\t1\tn\t1\t0\tmsg\tr\tL ee\t\thi";
	const char badroom[] = "E\te\t3\t1\tn\t1\t0\tmsg\tr\x01\tLee\t\thi";
	const char badseq[] = "E\te\t0\t1\tn\t1\t0\tmsg\tr\tLee\t\thi";
	const char joinarg[] = "E\te\t4\t1\tn\t1\t0\tjoin\tr\tLee\tx\t";
	const char nicknew[] = "E\te\t5\t1\tn\t1\t0\tnick\tr\tLee\tLi Li\t";
	struct cluster_event ev;
	char epoch[CLUSTER_EPOCH_MAX + 1];
	const char *why;

	(void)state;
	assert_int_equal(clusterdecode_push(esc, sizeof(esc) - 1, &ev, epoch,
	    &why), 0);
	assert_int_equal(ev.kind, CLUSTER_ME);
	assert_int_equal(ev.shown, 1);
	assert_string_equal(ev.text, "[2Jx\xef\xbf\xbd");
	clusterdecode_free(&ev);
	assert_int_equal(clusterdecode_push(badnick, sizeof(badnick) - 1, &ev,
	    epoch, &why), -1);
	assert_string_equal(why, "bad nick");
	/* The sequence was read: the caller can step over the event. */
	assert_int_equal(ev.seq, 2);
	assert_int_equal(clusterdecode_push(badroom, sizeof(badroom) - 1, &ev,
	    epoch, &why), -1);
	assert_string_equal(why, "bad room");
	assert_int_equal(clusterdecode_push(badseq, sizeof(badseq) - 1, &ev,
	    epoch, &why), -1);
	assert_int_equal(ev.seq, 0);
	assert_int_equal(clusterdecode_push(joinarg, sizeof(joinarg) - 1, &ev,
	    epoch, &why), -1);
	assert_int_equal(clusterdecode_push(nicknew, sizeof(nicknew) - 1, &ev,
	    epoch, &why), -1);
	assert_string_equal(why, "bad second nick");
	clusterdecode_free(&ev);
}

static void
clusterdecode__push__refuses_short_and_huge_numbers(void **state)
{
	static const char *const bad[] = {
		"", "E", "E\te", "X\te\t1\t1\tn\t1\t0\tmsg\tr\tLee\t\thi",
		"E\te\t99999999999999999999\t1\tn\t1\t0\tmsg\tr\tLee\t\thi",
		"E\te\t1\t-1\tn\t1\t0\tmsg\tr\tLee\t\thi",
		"E\te\t1\t1\tn\t1\t2\tmsg\tr\tLee\t\thi",
		"E\te\t1\t1\tn\t1\t0\tpriv\tr\tLee\tBo\thi",
		"E\te\t1\t1\tn n\t1\t0\tmsg\tr\tLee\t\thi",
		"E\t\t1\t1\tn\t1\t0\tmsg\tr\tLee\t\thi",
	};
	struct cluster_event ev;
	char epoch[CLUSTER_EPOCH_MAX + 1];
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(clusterdecode_push(bad[i], strlen(bad[i]), &ev,
		    epoch, &why), -1);
		assert_null(ev.buf);
	}
}

static void
clusterdecode__entry__reads_a_stream_entry(void **state)
{
	redisReply *r = resp("*2\r\n$4\r\n17-0\r\n*12\r\n"
	    "$1\r\nr\r\n$4\r\nRoom\r\n$1\r\nn\r\n$1\r\nB\r\n"
	    "$1\r\nk\r\n$4\r\npart\r\n$1\r\nu\r\n$3\r\nAna\r\n"
	    "$1\r\na\r\n$9\r\nnode lost\r\n$1\r\ns\r\n$2\r\n99\r\n");
	struct cluster_event ev;
	const char *why;

	(void)state;
	assert_int_equal(clusterdecode_entry(r, "room", &ev, &why), 0);
	assert_int_equal(ev.seq, 17);
	assert_int_equal(ev.kind, CLUSTER_PART);
	assert_string_equal(ev.room, "Room");
	assert_string_equal(ev.nick, "Ana");
	assert_string_equal(ev.arg, "node lost");
	assert_int_equal(ev.ts, 99);
	clusterdecode_free(&ev);
	freeReplyObject(r);
}

static void
clusterdecode__entry__refuses_bad_ids_and_shapes(void **state)
{
	static const char *const bad[] = {
		"*2\r\n$4\r\n17-1\r\n*0\r\n",	/* not SEQ-0 */
		"*2\r\n$3\r\n0-0\r\n*0\r\n",	/* sequence 0 */
		"*2\r\n$4\r\n17-0\r\n*1\r\n$1\r\nk\r\n", /* odd fields */
		"*2\r\n$4\r\n17-0\r\n*2\r\n$1\r\nk\r\n$3\r\nmsg\r\n", /* no s */
		"*1\r\n$4\r\n17-0\r\n",
		":5\r\n",
		"*2\r\n$4\r\n17-0\r\n*4\r\n$1\r\nk\r\n$3\r\nmsg\r\n"
		    "$1\r\ns\r\n*0\r\n",
	};
	struct cluster_event ev;
	const char *why;
	redisReply *r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		r = resp(bad[i]);
		assert_int_equal(clusterdecode_entry(r, "room", &ev, &why), -1);
		assert_null(ev.buf);
		freeReplyObject(r);
	}
}

static void
clusterdecode__note__reads_heartbeats_and_private_messages(void **state)
{
	const char beat[] = "H\t12";
	const char priv[] = "P\t5\tnB\t3\tAna\tLee\tpsst";
	const char bad[] = "P\t5\tnB\t3\tAna\t\tpsst";
	struct cluster_event ev;
	const char *why;
	uint64_t b = 0;

	(void)state;
	assert_int_equal(clusterdecode_note(beat, sizeof(beat) - 1, &ev, &b,
	    &why), CLUSTER_NOTE_BEAT);
	assert_int_equal(b, 12);
	assert_int_equal(clusterdecode_note(priv, sizeof(priv) - 1, &ev, &b,
	    &why), CLUSTER_NOTE_PRIV);
	assert_string_equal(ev.nick, "Ana");
	assert_string_equal(ev.arg, "Lee");
	assert_string_equal(ev.text, "psst");
	assert_string_equal(ev.node, "nB");
	clusterdecode_free(&ev);
	assert_int_equal(clusterdecode_note(bad, sizeof(bad) - 1, &ev, &b,
	    &why), -1);
}

static void
clusterdecode__sync__reads_the_snapshot_and_skips_bad_parts(void **state)
{
	redisReply *r = resp("*5\r\n$2\r\nep\r\n:1\r\n:0\r\n"
	    "*4\r\n$7\r\ngeneral\r\n$2\r\n10\r\n$3\r\nb c\r\n$1\r\n2\r\n"
	    "*6\r\n$1\r\nB\r\n$3\r\nana\r\n$19\r\ngeneral\tGeneral\tAna\r\n"
	    "$1\r\nB\r\n$3\r\nbob\r\n$7\r\nnotabs!\r\n");
	struct cluster_sync sy;
	const char *why;

	(void)state;
	assert_int_equal(clusterdecode_sync(r, &sy, &why), 0);
	assert_string_equal(sy.epoch, "ep");
	assert_int_equal(sy.created, 1);
	assert_int_equal(sy.taken, 0);
	assert_int_equal(sy.nrooms, 1);
	assert_string_equal(sy.rooms[0].room, "general");
	assert_int_equal(sy.rooms[0].seq, 10);
	assert_int_equal(sy.npeople, 1);
	assert_string_equal(sy.people[0].node, "B");
	assert_string_equal(sy.people[0].roomkey, "general");
	assert_string_equal(sy.people[0].room, "General");
	assert_string_equal(sy.people[0].nick, "Ana");
	assert_int_equal(sy.nbad, 2);
	clusterdecode_sync_free(&sy);
	freeReplyObject(r);
	r = resp("*3\r\n$2\r\nep\r\n:1\r\n:0\r\n");
	assert_int_equal(clusterdecode_sync(r, &sy, &why), -1);
	freeReplyObject(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clusterdecode__push__reads_a_room_event),
		cmocka_unit_test(
		    clusterdecode__push__cleans_text_and_refuses_bad_names),
		cmocka_unit_test(
		    clusterdecode__push__refuses_short_and_huge_numbers),
		cmocka_unit_test(clusterdecode__entry__reads_a_stream_entry),
		cmocka_unit_test(
		    clusterdecode__entry__refuses_bad_ids_and_shapes),
		cmocka_unit_test(
		    clusterdecode__note__reads_heartbeats_and_private_messages),
		cmocka_unit_test(
		    clusterdecode__sync__reads_the_snapshot_and_skips_bad_parts),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
