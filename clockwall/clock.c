/* Clocks: what each clock is doing, as a state machine without I/O. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "offset.h"
#include "text.h"

void
clock_init(struct clock *c, const struct clockspec *cs)
{
	memset(c, 0, sizeof(*c));
	c->spec = *cs;
	c->state = CLOCK_CONNECTING;
	c->sod = -1;
	c->fd = -1;
	c->backoff = 1;
	c->good_ns = -1;
	c->changed = 1;
}

void
clock_connecting(struct clock *c)
{
	c->good_ns = -1;
	c->linked = 0;
	c->state = CLOCK_CONNECTING;
	c->changed = 1;
}

void
clock_connected(struct clock *c)
{
	c->linked = 1;
	if (c->state == CLOCK_CONNECTING)
		c->changed = 1;
}

/* Keep the clean text, cut to fit CLOCKWALL_TEXT_MAX on a character
 * boundary. */
static void
clock_keep(struct clock *c, const char *line, size_t len)
{
	char clean[TEXT_CLEAN_MAX(CLOCKWALL_LINE_MAX)];
	size_t n, used = 0;
	uint32_t cp;
	int k;

	if (len > CLOCKWALL_LINE_MAX)
		len = CLOCKWALL_LINE_MAX;
	n = text_clean(line, len, clean);
	while (used < n) {
		if ((k = utf8_decode(clean + used, n - used, &cp)) < 0 ||
		    used + k >= sizeof(c->text))
			break;
		used += k;
	}
	memcpy(c->text, clean, used);
	c->text[used] = '\0';
}

void
clock_line(struct clock *c, const char *line, size_t len, int64_t now_ns,
    time_t utc)
{
	char old[sizeof(c->text)];

	memcpy(old, c->text, sizeof(old));
	clock_keep(c, line, len);
	c->sod = offset_parse(c->text, strlen(c->text));
	c->dated = c->sod >= 0 &&
	    offset_parse_date(c->text, strlen(c->text), &c->day) == 0 &&
	    offset_dated_ok(c->day, c->sod, utc);
	c->utc = utc;
	c->last_ns = now_ns;
	c->answered = 1;
	if (c->good_ns < 0)
		c->good_ns = now_ns;
	if (now_ns - c->good_ns >= (int64_t)CLOCKWALL_BEHAVED_MS * 1000000)
		c->backoff = 1;
	if (c->state != CLOCK_TICKING || strcmp(old, c->text) != 0)
		c->changed = 1;
	c->state = CLOCK_TICKING;
	c->reason = REASON_NONE;
}

int64_t
clock_down(struct clock *c, enum clock_reason why)
{
	int64_t ms = (int64_t)c->backoff * 1000;

	if (c->state != CLOCK_DOWN || c->reason != why)
		c->changed = 1;
	c->state = CLOCK_DOWN;
	c->reason = why;
	c->linked = 0;
	c->backoff *= 2;
	if (c->backoff > CLOCKWALL_BACKOFF_MAX)
		c->backoff = CLOCKWALL_BACKOFF_MAX;
	return ms;
}

int
clock_check_stale(struct clock *c, int64_t now_ns)
{
	if (c->state != CLOCK_TICKING ||
	    now_ns - c->last_ns <= (int64_t)CLOCKWALL_STALE_MS * 1000000)
		return 0;
	c->state = CLOCK_STALE;
	c->changed = 1;
	return 1;
}

const char *
clock_reason_str(enum clock_reason r)
{
	static const char *const words[] = {
		[REASON_NONE] = "",
		[REASON_CLOSED] = "closed",
		[REASON_GARBAGE] = "garbage",
		[REASON_REFUSED] = "refused",
		[REASON_RESET] = "reset",
		[REASON_TIMEOUT] = "timeout",
		[REASON_UNKNOWN_HOST] = "unknown-host",
		[REASON_UNREACHABLE] = "unreachable",
		[REASON_ERROR] = "error",
	};

	if ((size_t)r >= sizeof(words) / sizeof(words[0]))
		return "error";
	return words[r];
}

enum clock_reason
clock_reason_errno(int err)
{
	switch (err) {
	case ECONNREFUSED:
		return REASON_REFUSED;
	case ECONNRESET:
	case EPIPE:
		return REASON_RESET;
	case ETIMEDOUT:
		return REASON_TIMEOUT;
	case ENETUNREACH:
	case EHOSTUNREACH:
	case EADDRNOTAVAIL:
		return REASON_UNREACHABLE;
	default:
		return REASON_ERROR;
	}
}

char *
clock_cell(const struct clock *c, char *buf, size_t len)
{
	switch (c->state) {
	case CLOCK_CONNECTING:
		snprintf(buf, len, c->linked ? "connected" : "connecting");
		break;
	case CLOCK_DOWN:
		snprintf(buf, len, "down(%s)", clock_reason_str(c->reason));
		break;
	case CLOCK_STALE:
	case CLOCK_TICKING:
		snprintf(buf, len, "%s", c->text);
		break;
	}
	return buf;
}
