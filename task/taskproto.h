/* The taskd line protocol: parsing both directions, formatting, checking. */
#ifndef TASKPROTO_H
#define TASKPROTO_H

#include <stddef.h>
#include <stdint.h>

#define TASKPROTO_TOKEN_MAX	24	/* longest number token accepted */
/* |n| up to this squares without overflowing a long long. */
#define TASKPROTO_N_MAX		3037000499LL

enum taskproto_kind {
	TP_MSG,		/* any other line: a message */
	TP_RESULT,	/* RESULT id value */
	TP_EXIT,	/* exit or quit */
	TP_BAD,		/* looks like a command but is malformed; see why */
	TP_TASK,	/* server: TASK id n */
	TP_OK,		/* server: OK n (a message confirmed) */
	TP_ACK,		/* server: ACK id word (a result checked) */
	TP_BYE,		/* server: BYE text (the session ends) */
	TP_INFO		/* server: any other line (greeting, ERR ...) */
};

/* One parsed line; nothing points into the line. */
struct taskproto_msg {
	enum taskproto_kind	 kind;
	uint64_t		 id;	/* TASK, RESULT, ACK */
	long long		 num;	/* TASK: n; RESULT: value; OK: bytes */
	const char		*why;	/* TP_BAD: a static reason */
};

/* A line a worker or person sent to taskd (len bytes, no "\n", any bytes
 * at all): RESULT, EXIT, BAD (a malformed RESULT) or MSG. */
enum taskproto_kind taskproto_parse_client(const char *line, size_t len,
	    struct taskproto_msg *);
/* A line taskd sent to taskc: TASK, OK, ACK, BYE, BAD (a malformed TASK)
 * or INFO. */
enum taskproto_kind taskproto_parse_server(const char *line, size_t len,
	    struct taskproto_msg *);
/* n squared into *sq: 0, or -1 if it would overflow. */
int	taskproto_square(long long n, long long *sq);
/* Whether value is the right answer for n. */
int	taskproto_correct(long long n, long long value);
/* "TASK id n\n" into buf; the length (snprintf's), buf always ended. */
int	taskproto_fmt_task(char *buf, size_t len, uint64_t id, long long n);
/* "RESULT id value\n" into buf; the length, as above. */
int	taskproto_fmt_result(char *buf, size_t len, uint64_t id,
	    long long value);

#endif
