/*
 * task/taskproto.c: whatever bytes a worker or a server sends, parsing
 * reads only the line, gives a kind its direction allows, and what it
 * accepts survives a round trip through the formatter; a RESULT is
 * recognised exactly when the first word is RESULT; a TASK's n squares
 * without overflow; a message, cleaned as taskd prints it, is valid
 * UTF-8 with no control a terminal acts on.
 *
 * Input: 1 byte choosing the direction (even: worker to taskd, odd:
 * taskd to taskc), then the line.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fuzz.h"
#include "task/taskproto.h"
#include "text.h"

static int
first_word_is(const char *p, size_t n, const char *word)
{
	size_t i = 0, start, wl = strlen(word);

	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	start = i;
	while (i < n && p[i] != ' ' && p[i] != '\t')
		i++;
	return i - start == wl && strncasecmp(p + start, word, wl) == 0;
}

static void
check_client(const char *line, size_t n)
{
	struct taskproto_msg m, again;
	char buf[96], *out;
	size_t len;
	int k;

	k = taskproto_parse_client(line, n, &m);
	FUZZ_CHECK(k == (int)m.kind);
	FUZZ_CHECK(k == TP_MSG || k == TP_RESULT || k == TP_EXIT ||
	    k == TP_BAD);
	FUZZ_CHECK((k == TP_RESULT || k == TP_BAD) ==
	    first_word_is(line, n, "RESULT"));
	if (k == TP_BAD)
		FUZZ_CHECK(m.why != NULL && fuzz_str_ok(m.why));
	if (k == TP_RESULT) {
		FUZZ_CHECK(m.id >= 1);
		len = (size_t)taskproto_fmt_result(buf, sizeof(buf), m.id,
		    m.num);
		FUZZ_CHECK(len < sizeof(buf) && buf[len - 1] == '\n');
		FUZZ_CHECK(taskproto_parse_client(buf, len - 1, &again) ==
		    TP_RESULT && again.id == m.id && again.num == m.num);
	}
	if (k == TP_EXIT)
		FUZZ_CHECK(first_word_is(line, n, "exit") ||
		    first_word_is(line, n, "quit"));
	if (k == TP_MSG) {
		out = malloc(TEXT_CLEAN_MAX(n) + 1);
		FUZZ_CHECK(out != NULL);
		len = text_clean(line, n, out);
		FUZZ_CHECK(len <= TEXT_CLEAN_MAX(n));
		FUZZ_CHECK(fuzz_text_ok(out, len, ""));
		free(out);
	}
}

static void
check_server(const char *line, size_t n)
{
	struct taskproto_msg m, again;
	char buf[96];
	long long sq;
	size_t len;
	int k;

	k = taskproto_parse_server(line, n, &m);
	FUZZ_CHECK(k == (int)m.kind);
	FUZZ_CHECK(k == TP_TASK || k == TP_OK || k == TP_ACK ||
	    k == TP_BYE || k == TP_BAD || k == TP_INFO);
	if (k == TP_BAD)
		FUZZ_CHECK(m.why != NULL && fuzz_str_ok(m.why));
	if (k == TP_OK)
		FUZZ_CHECK(m.num >= 0);
	if (k == TP_ACK)
		FUZZ_CHECK(m.id >= 1);
	if (k == TP_TASK) {
		FUZZ_CHECK(m.id >= 1);
		FUZZ_CHECK(taskproto_square(m.num, &sq) == 0 && sq >= 0);
		FUZZ_CHECK(taskproto_correct(m.num, sq));
		FUZZ_CHECK(!taskproto_correct(m.num, sq + 1));
		len = (size_t)taskproto_fmt_task(buf, sizeof(buf), m.id,
		    m.num);
		FUZZ_CHECK(len < sizeof(buf));
		FUZZ_CHECK(taskproto_parse_server(buf, len - 1, &again) ==
		    TP_TASK && again.id == m.id && again.num == m.num);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line;
	size_t n;

	if (size < 1)
		return 0;
	n = size - 1;
	/* A buffer of exactly the line's size: ASan sees any overread. */
	if ((line = malloc(n > 0 ? n : 1)) == NULL)
		return 0;
	memcpy(line, data + 1, n);
	if (data[0] % 2 == 0)
		check_client(line, n);
	else
		check_server(line, n);
	free(line);
	return 0;
}
