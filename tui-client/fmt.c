/* How a scrollback line is laid out: clock, head, text, wrapped rows. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fmt.h"
#include "text.h"
#include "wrap.h"

/* Following rows line up under the text, as in irssi, unless the prefix
 * takes more than half the row. */
void
fmt_layout(const struct sbline *l, int cols, struct fmt_layout *f)
{
	if (cols < 1)
		cols = 1;
	f->pw = FMT_CLOCK_COLS + text_width(l->head, strlen(l->head)) + 1;
	f->indent = f->pw <= cols / 2 ? f->pw : 0;
	f->first = cols - f->pw;
	f->rest = cols - f->indent;
	f->alone = f->first < FMT_ALONE_MIN && f->first < f->rest;
	if (f->alone)
		f->first = f->rest;
}

int
fmt_rows(const struct sbline *l, int cols)
{
	struct fmt_layout f;

	fmt_layout(l, cols, &f);
	return f.alone + wrap_rows(l->text, strlen(l->text), f.first, f.rest);
}

void
fmt_clock(int64_t ts, char *buf)
{
	struct tm tm;
	time_t t;

	t = (time_t)ts;
	if (localtime_r(&t, &tm) == NULL ||
	    strftime(buf, 6, "%H:%M", &tm) == 0)
		strcpy(buf, "--:--");
}

int
fmt_plain(const struct sbline *l, char *buf, size_t len)
{
	char stamp[32];
	struct tm tm;
	time_t t;

	t = (time_t)l->ts;
	if (localtime_r(&t, &tm) == NULL ||
	    strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &tm) == 0)
		strcpy(stamp, "0000-00-00 00:00:00");
	return snprintf(buf, len, "[%s] %s %s", stamp, l->head, l->text);
}
