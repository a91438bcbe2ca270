/* The taskd line protocol: parsing both directions, formatting, checking. */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "num.h"
#include "taskproto.h"

#define TOKENS_MAX	4	/* more than any command has */

struct token {
	const char	*p;
	size_t		 len;
};

static int
taskproto_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Split line on spaces and tabs into at most max tokens; the count, or
 * max + 1 when there are more. */
static int
taskproto_tokens(const char *line, size_t len, struct token *t, int max)
{
	size_t i = 0, start;
	int n = 0;

	for (;;) {
		while (i < len && taskproto_space(line[i]))
			i++;
		if (i == len)
			return n;
		if (n == max)
			return max + 1;
		start = i;
		while (i < len && !taskproto_space(line[i]))
			i++;
		t[n].p = line + start;
		t[n++].len = i - start;
	}
}

static int
taskproto_is(const struct token *t, const char *word)
{
	return t->len == strlen(word) && strncasecmp(t->p, word, t->len) == 0;
}

/* A decimal token in [lo, hi]; a NUL inside makes it invalid. */
static int
taskproto_num(const struct token *t, long long lo, long long hi,
    long long *out)
{
	char buf[TASKPROTO_TOKEN_MAX + 1];
	const char *why;

	if (t->len == 0 || t->len > TASKPROTO_TOKEN_MAX ||
	    memchr(t->p, '\0', t->len) != NULL)
		return -1;
	memcpy(buf, t->p, t->len);
	buf[t->len] = '\0';
	return num_parse(buf, lo, hi, out, &why);
}

static enum taskproto_kind
taskproto_bad(struct taskproto_msg *m, const char *why)
{
	m->kind = TP_BAD;
	m->why = why;
	return TP_BAD;
}

/* "WORD id number" with the number in [lo, hi] into m. */
static enum taskproto_kind
taskproto_idnum(const struct token *t, int n, long long lo, long long hi,
    enum taskproto_kind kind, const char *usage, struct taskproto_msg *m)
{
	long long id;

	if (n != 3)
		return taskproto_bad(m, usage);
	if (taskproto_num(&t[1], 1, INT64_MAX, &id) == -1)
		return taskproto_bad(m, "the id must be a number from 1");
	if (taskproto_num(&t[2], lo, hi, &m->num) == -1)
		return taskproto_bad(m, kind == TP_TASK ? "n out of range" :
		    "the value must be a whole number");
	m->id = (uint64_t)id;
	m->kind = kind;
	return kind;
}

enum taskproto_kind
taskproto_parse_client(const char *line, size_t len, struct taskproto_msg *m)
{
	struct token t[TOKENS_MAX];
	int n;

	memset(m, 0, sizeof(*m));
	n = taskproto_tokens(line, len, t, TOKENS_MAX);
	if (n >= 1 && taskproto_is(&t[0], "RESULT"))
		return taskproto_idnum(t, n, LLONG_MIN, LLONG_MAX, TP_RESULT,
		    "usage: RESULT id value", m);
	if (n == 1 && (taskproto_is(&t[0], "exit") ||
	    taskproto_is(&t[0], "quit")))
		return m->kind = TP_EXIT;
	return m->kind = TP_MSG;
}

enum taskproto_kind
taskproto_parse_server(const char *line, size_t len, struct taskproto_msg *m)
{
	struct token t[TOKENS_MAX];
	long long id;
	int n;

	memset(m, 0, sizeof(*m));
	/* The server's words are upper case; a person at nc is not one. */
	n = taskproto_tokens(line, len, t, TOKENS_MAX);
	if (n >= 1 && t[0].len == 4 && memcmp(t[0].p, "TASK", 4) == 0)
		return taskproto_idnum(t, n, -TASKPROTO_N_MAX, TASKPROTO_N_MAX,
		    TP_TASK, "usage: TASK id n", m);
	if (n == 2 && t[0].len == 2 && memcmp(t[0].p, "OK", 2) == 0 &&
	    taskproto_num(&t[1], 0, LLONG_MAX, &m->num) == 0)
		return m->kind = TP_OK;
	if (n == 3 && t[0].len == 3 && memcmp(t[0].p, "ACK", 3) == 0 &&
	    taskproto_num(&t[1], 1, INT64_MAX, &id) == 0) {
		m->id = (uint64_t)id;
		return m->kind = TP_ACK;
	}
	if (n >= 1 && t[0].len == 3 && memcmp(t[0].p, "BYE", 3) == 0 &&
	    t[0].p == line)
		return m->kind = TP_BYE;
	return m->kind = TP_INFO;
}

int
taskproto_square(long long n, long long *sq)
{
	if (n < -TASKPROTO_N_MAX || n > TASKPROTO_N_MAX)
		return -1;
	*sq = n * n;
	return 0;
}

int
taskproto_correct(long long n, long long value)
{
	long long sq;

	return taskproto_square(n, &sq) == 0 && sq == value;
}

int
taskproto_fmt_task(char *buf, size_t len, uint64_t id, long long n)
{
	return snprintf(buf, len, "TASK %" PRIu64 " %lld\n", id, n);
}

int
taskproto_fmt_result(char *buf, size_t len, uint64_t id, long long value)
{
	return snprintf(buf, len, "RESULT %" PRIu64 " %lld\n", id, value);
}
