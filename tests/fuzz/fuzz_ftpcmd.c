/* libFuzzer harness for tcpftpd/ftpcmd.c: any control line, parsed and
 * echoed in replies, never yields a reply line with CR, LF or NUL inside
 * or one longer than FTPCMD_REPLY_LINE. */
#include <sys/types.h>
#include <sys/socket.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tcpftpd/ftpcmd.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A reply line: "DDD" then ' ' or '-', safe text, one CRLF at the end. */
static void
check_reply(const char *out, size_t n)
{
	size_t i;

	if (n < 6 || n > FTPCMD_REPLY_LINE || strlen(out) != n)
		abort();
	if (out[0] < '1' || out[0] > '5' || out[1] < '0' || out[1] > '9' ||
	    out[2] < '0' || out[2] > '9' || (out[3] != ' ' && out[3] != '-'))
		abort();
	if (out[n - 2] != '\r' || out[n - 1] != '\n')
		abort();
	for (i = 0; i < n - 2; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f)
			abort();
}

static void
check_text(const char *s)
{
	char out[FTPCMD_REPLY_LINE], q[64];
	size_t n, i;

	check_reply(out, ftpcmd_reply(550, 0, s, out));
	check_reply(out, ftpcmd_reply(211, 1, s, out));
	n = ftpcmd_safe(s, q, sizeof(q), 1);
	if (n >= sizeof(q) || strlen(q) != n)
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)q[i] < 0x20 || q[i] == 0x7f)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sockaddr_storage ss;
	struct ftpcmd cmd;
	socklen_t len;
	const char *why;
	char *line, *text;
	off_t off;
	int rc;

	if (size > 8192)
		return 0;
	line = malloc(size + 1);
	memcpy(line, data, size);
	line[size] = '\0';
	/* The raw bytes as reply text (up to a NUL). */
	check_text(line);
	rc = ftpcmd_parse(line, size, &cmd, &why);
	if (rc != 0) {
		if ((rc != 500 && rc != 501) || why == NULL)
			abort();
		check_text(why);
	} else {
		if (cmd.def == NULL || cmd.arg < line ||
		    cmd.arg > line + size ||
		    strpbrk(cmd.arg, "\r\n") != NULL)
			abort();
		if (cmd.def->arg == FTPCMD_ARG_REQ && *cmd.arg == '\0')
			abort();
		check_text(cmd.arg);
		text = ftpcmd_listarg(cmd.arg);
		if (*text == '-')
			abort();
		(void)ftpcmd_port(cmd.arg, &ss, &len);
		(void)ftpcmd_eprt(cmd.arg, &ss, &len);
		if (ftpcmd_offset(cmd.arg, &off) == 0 && off < 0)
			abort();
	}
	free(line);
	return 0;
}
