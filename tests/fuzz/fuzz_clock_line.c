/*
 * clockwall/clocks.c and offset.c: what a clock server sends, framed as
 * conn.c frames it, into the text clockwall keeps and shows and the time
 * and offset it reads. The text is valid UTF-8 with no control, within
 * CLOCKWALL_TEXT_MAX; the time of day is -1 or a second of the day; the
 * offset is a whole quarter hour in its documented window, a date only
 * believed within UTC-12 to UTC+14; the cell and the plain line shown
 * are clean text.
 *
 * Input: 4 bytes of our UTC time, 1 byte of our zone, then the stream.
 */
#include <locale.h>
#include <string.h>

#include "clockwall/clockwall.h"
#include "clockwall/clock.h"
#include "clockwall/offset.h"
#include "clockwall/table.h"
#include "framer.h"
#include "fuzz.h"

struct feed {
	struct clock	*c;
	time_t		 utc;
	long		 gmtoff;
	int64_t		 now;
};

static void
check_clock(const struct clock *c, time_t utc, long gmtoff)
{
	char cell[CLOCKWALL_TEXT_MAX + 16], plain[256], off[16];
	size_t n = strnlen(c->text, sizeof(c->text));
	int m, d;

	FUZZ_CHECK(n < sizeof(c->text));
	FUZZ_CHECK(fuzz_text_ok(c->text, n, ""));
	FUZZ_CHECK(c->sod >= -1 && c->sod < 86400);
	FUZZ_CHECK(c->sod == offset_parse(c->text, n));
	if (c->sod >= 0) {
		m = offset_minutes(c->sod, utc);
		FUZZ_CHECK(m % 15 == 0);
		FUZZ_CHECK(m > OFFSET_EAST_MAX - 24 * 60 &&
		    m <= OFFSET_EAST_MAX);
		/* XXX offset.h says -1..1, but a clock at +13:45 seen from
		 * UTC-12:00 is 25:45 ahead: two dates on, at times */
		d = offset_days(c->sod, utc, gmtoff);
		FUZZ_CHECK(d >= -2 && d <= 2);
		offset_format(m, off, sizeof(off));
		FUZZ_CHECK(fuzz_str_ok(off));
	}
	if (c->dated) {
		m = offset_minutes_dated(c->day, c->sod, utc);
		FUZZ_CHECK(m % 15 == 0);
		FUZZ_CHECK(m >= OFFSET_DATED_MIN && m <= OFFSET_DATED_MAX);
		d = offset_days_dated(c->day, utc, gmtoff);
		FUZZ_CHECK(d >= -2 && d <= 2);
	}
	clock_cell(c, cell, sizeof(cell));
	FUZZ_CHECK(fuzz_str_ok(cell));
	table_plain(c, 1, plain, sizeof(plain));
	FUZZ_CHECK(fuzz_str_ok(plain));
	FUZZ_CHECK(strchr(plain + strlen(c->spec.name) + 1, ' ') == NULL);
}

static int
on_line(void *arg, char *line, size_t len)
{
	struct feed *f = arg;

	clock_line(f->c, line, len, f->now, f->utc);
	check_clock(f->c, f->utc, f->gmtoff);
	f->now += 1000000000;
	return 0;
}

static int
on_long(void *arg)
{
	(void)arg;
	return 0;	/* garbage to conn.c; never reaches clock_line */
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int locale;
	struct clockspec cs = { "fuzz", "localhost", "8010" };
	struct clock c;
	struct framer fr;
	struct feed f;

	if (!locale) {
		if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
			abort();
		locale = 1;
	}
	if (size < 5)
		return 0;
	clock_init(&c, &cs);
	f.c = &c;
	/* 1970 to 2106: every second a 64-bit time_t has in that range */
	f.utc = (time_t)((uint32_t)data[0] | (uint32_t)data[1] << 8 |
	    (uint32_t)data[2] << 16 | (uint32_t)data[3] << 24);
	/* our zone: UTC-12:00 to UTC+14:00 in quarter hours */
	f.gmtoff = ((long)(data[4] % 105) - 48) * 900;
	f.now = 1;
	framer_init(&fr, CLOCKWALL_LINE_MAX);
	framer_feed(&fr, (const char *)data + 5, size - 5, on_line, on_long,
	    &f);
	framer_reset(&fr);
	check_clock(&c, f.utc, f.gmtoff);
	return 0;
}
