/*
 * tui-client/event.c and chat.c: what a server sends, line by line, into
 * events and then into the lines tcpchat draws and the state it keeps.
 * wire_parse either refuses a line or fills every field (never NULL,
 * the list within its bound, the event's name the line's first field);
 * every line chat shows is valid UTF-8 with no control character and no
 * code point wcwidth refuses; every line it sends back is one line (no
 * "\n" to smuggle a second command in).
 *
 * Input: lines. A line "\xff" drops and restores the connection; a line
 * starting "\xfe" is typed by the user instead (cleaned first).
 */
#include <locale.h>
#include <string.h>
#include <wchar.h>

#include "tui-client/chat.h"
#include "tui-client/command.h"
#include "tui-client/wire.h"
#include "tui-client/safe.h"
#include "fuzz.h"

#define ITEMS_MAX	64

static size_t	shown, sent;

static void
check_drawable(const char *s)
{
	uint32_t cp;
	size_t n = strlen(s), i = 0;
	int len;

	FUZZ_CHECK(fuzz_text_ok(s, n, ""));
	while (i < n) {
		len = utf8_decode(s + i, n - i, &cp);
		FUZZ_CHECK(len > 0);
		FUZZ_CHECK(cp < 0x80 || wcwidth((wchar_t)cp) >= 0);
		i += len;
	}
}

static int
io_send(void *arg, const char *line)
{
	(void)arg;
	FUZZ_CHECK(strchr(line, '\n') == NULL);	/* one command */
	sent++;
	return 0;
}

static void
io_show(void *arg, enum chat_where where, const char *name,
    const struct sbline *l)
{
	(void)arg;
	(void)where;
	if (name != NULL)
		check_drawable(name);
	if (l->nick != NULL)
		check_drawable(l->nick);
	if (l->head != NULL)
		check_drawable(l->head);
	FUZZ_CHECK(l->text != NULL);
	check_drawable(l->text);
	shown++;
}

static void
io_nothing(void *arg)
{
	(void)arg;
}

static void
io_ask(void *arg, int asking)
{
	(void)arg;
	FUZZ_CHECK(asking == 0 || asking == 1);
}

static const struct chat_io io = {
	.send = io_send, .show = io_show, .update = io_nothing,
	.online = io_nothing, .ask_name = io_ask, .bell = io_nothing,
	.quit = io_nothing, .clear = io_nothing, .keys_help = NULL,
};

static void
check_event(const char *line, size_t len)
{
	struct event ev;
	char *copy, *first, *items[ITEMS_MAX];
	size_t flen;
	int i;

	if ((copy = malloc(len + 1)) == NULL)
		abort();
	memcpy(copy, line, len);
	copy[len] = '\0';
	flen = strcspn(copy, "\t");
	if ((first = strndup(copy, flen)) == NULL)
		abort();
	if (wire_parse(copy, &ev, items, ITEMS_MAX) == 0) {
		FUZZ_CHECK(strcmp(wire_name(ev.type), first) == 0);
		FUZZ_CHECK(ev.code != NULL && ev.room != NULL &&
		    ev.nick != NULL && ev.nick2 != NULL && ev.text != NULL);
		FUZZ_CHECK(ev.nlist >= 0 && ev.nlist <= ITEMS_MAX);
		for (i = 0; i < ev.nlist; i++)
			FUZZ_CHECK(ev.list[i] != NULL);
	}
	free(first);
	free(copy);
}

/* The user types a line: commands reach states (/join, /nick) that
 * server lines alone do not. What a user types is theirs to see, so it
 * is made drawable first (safe_dup): the checks are about what the
 * server sends. */
static void
type_line(struct chat *c, const char *s, size_t n)
{
	char *clean = safe_dup(s, n);

	command_input(c, clean);
	free(clean);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int locale;
	struct chat c;
	const char *p = (const char *)data, *nl;
	char *line;
	size_t n = size, len;

	if (!locale) {
		if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
			abort();
		locale = 1;
	}
	chat_init(&c, &io, NULL, size % 2 ? "fuzzer" : NULL,
	    size % 3 ? NULL : "#room", 16);
	chat_connected(&c);
	while (n > 0) {
		nl = memchr(p, '\n', n);
		len = nl != NULL ? (size_t)(nl - p) : n;
		if ((line = malloc(len + 1)) == NULL)
			abort();
		memcpy(line, p, len);
		line[len] = '\0';
		if (len == 1 && line[0] == '\xff') {
			chat_disconnected(&c, "fuzz");
			chat_connected(&c);
		} else if (len > 0 && line[0] == '\xfe')
			type_line(&c, line + 1, len - 1);
		else {
			check_event(p, len);
			chat_server_line(&c, line, len);
		}
		free(line);
		if (nl == NULL)
			break;
		n -= len + 1;
		p = nl + 1;
	}
	chat_disconnected(&c, "fuzz");
	chat_free(&c);
	return 0;
}
