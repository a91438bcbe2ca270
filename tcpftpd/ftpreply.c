/* Replies: lines appended to a session's bounded output buffer. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "efun.h"
#include "ftpcmd.h"
#include "ftpreply.h"
#include "ftpsess.h"

#define FTPREPLY_CAP_MIN	512

static void
ftpreply_append(struct ftpsess *s, const char *p, size_t n)
{
	if (s->overflow || s->closing)
		return;
	if (s->outoff > 0 && s->outoff == s->outlen)
		s->outoff = s->outlen = 0;
	if (s->outlen - s->outoff + n > TCPFTPD_REPLY_MAX) {
		s->overflow = 1;
		return;
	}
	if (s->outlen + n > s->outcap && s->outoff > 0) {
		memmove(s->out, s->out + s->outoff, s->outlen - s->outoff);
		s->outlen -= s->outoff;
		s->outoff = 0;
	}
	if (s->outlen + n > s->outcap) {
		while (s->outlen + n > s->outcap)
			s->outcap = s->outcap == 0 ? FTPREPLY_CAP_MIN :
			    s->outcap * 2;
		s->out = erealloc(s->out, s->outcap);
	}
	memcpy(s->out + s->outlen, p, n);
	s->outlen += n;
}

/* Format into a text buffer, then into one safe reply line. */
static void
ftpreply_v(struct ftpsess *s, int code, int more, const char *fmt,
    va_list ap)
{
	char text[FTPCMD_TEXT_MAX + 1], line[FTPCMD_REPLY_LINE];
	size_t n;

	vsnprintf(text, sizeof(text), fmt, ap);
	if (code == 0) {
		/* An inner line: a space, the text, nothing a client could
		 * take for a code. */
		line[0] = ' ';
		n = 1 + ftpcmd_safe(text, line + 1, FTPCMD_TEXT_MAX + 1, 0);
		line[n++] = '\r';
		line[n++] = '\n';
	} else
		n = ftpcmd_reply(code, more, text, line);
	ftpreply_append(s, line, n);
}

void
ftpreply(struct ftpsess *s, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ftpreply_v(s, code, 0, fmt, ap);
	va_end(ap);
}

void
ftpreply_more(struct ftpsess *s, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ftpreply_v(s, code, 1, fmt, ap);
	va_end(ap);
}

void
ftpreply_inner(struct ftpsess *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ftpreply_v(s, 0, 0, fmt, ap);
	va_end(ap);
}

size_t
ftpreply_pending(const struct ftpsess *s)
{
	return s->outlen - s->outoff;
}
