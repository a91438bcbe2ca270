/* Chat events, each formatted at most once per presentation into a chunk. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "event.h"

const char *
event_stamp(int64_t ts)
{
	static char stamp[32];
	static int64_t last = INT64_MIN;
	struct tm tm;
	time_t t = (time_t)ts;

	if (ts != last) {
		if (localtime_r(&t, &tm) == NULL ||
		    strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S",
		    &tm) == 0)
			snprintf(stamp, sizeof(stamp), "%lld", (long long)ts);
		last = ts;
	}
	return stamp;
}

/* net-cat's words for a real leave, with the reason someone gave; the
 * truth for a move, which net-cat never had. */
static struct chunk *
event_text_part(const struct ev *e)
{
	const char *why = e->arg != NULL ? e->arg : "";

	if (strncmp(why, "moved to ", 9) == 0)
		return chunk_fmt("%s has moved to #%s\n", e->nick, why + 9);
	if (strncmp(why, "quit: ", 6) == 0 || strncmp(why, "part: ", 6) == 0)
		return chunk_fmt("%s has left our chat... (%s)\n", e->nick,
		    why + 6);
	return chunk_fmt("%s has left our chat...\n", e->nick);
}

struct chunk *
event_text(struct ev *e)
{
	int tl = (int)e->textlen;

	if (e->tc != NULL)
		return e->tc;
	switch (e->kind) {
	case EV_MSG:
	case EV_HIST:
		e->tc = chunk_fmt("[%s][%s]:%.*s\n", event_stamp(e->ts), e->nick,
		    tl, e->text);
		break;
	case EV_ME:
	case EV_HISTME:
		e->tc = chunk_fmt("[%s] * %s %.*s\n", event_stamp(e->ts), e->nick,
		    tl, e->text);
		break;
	case EV_JOIN:
		e->tc = chunk_fmt("%s has joined our chat...\n", e->nick);
		break;
	case EV_PART:
		e->tc = event_text_part(e);
		break;
	case EV_NICK:
		e->tc = chunk_fmt("%s is now known as %s\n", e->nick, e->arg);
		break;
	case EV_PRIV:
		e->tc = chunk_fmt("[%s][%s -> %s]:%.*s\n", event_stamp(e->ts),
		    e->nick, e->arg, tl, e->text);
		break;
	case EV_NOTICE:
		e->tc = chunk_fmt("%.*s\n", tl, e->text);
		break;
	}
	return e->tc;
}

static const char *const event_names[] = {
	[EV_MSG] = "MSG", [EV_ME] = "ME", [EV_HIST] = "HIST",
	[EV_HISTME] = "HISTME", [EV_JOIN] = "JOIN", [EV_PART] = "PART",
	[EV_NICK] = "NICK", [EV_PRIV] = "PRIV", [EV_NOTICE] = "NOTICE"
};

struct chunk *
event_struct(struct ev *e)
{
	const char *k = event_names[e->kind];
	long long ts = (long long)e->ts;
	int tl = (int)e->textlen;

	if (e->sc != NULL)
		return e->sc;
	switch (e->kind) {
	case EV_MSG:
	case EV_ME:
	case EV_HIST:
	case EV_HISTME:
		e->sc = chunk_fmt("%s\t%lld\t%s\t%s\t%.*s\n", k, ts, e->room,
		    e->nick, tl, e->text);
		break;
	case EV_JOIN:
		e->sc = chunk_fmt("%s\t%lld\t%s\t%s\n", k, ts, e->room,
		    e->nick);
		break;
	case EV_PART:
		e->sc = chunk_fmt("%s\t%lld\t%s\t%s\t%s\n", k, ts, e->room,
		    e->nick, e->arg);
		break;
	case EV_NICK:
		e->sc = chunk_fmt("%s\t%lld\t%s\t%s\n", k, ts, e->nick, e->arg);
		break;
	case EV_PRIV:
		e->sc = chunk_fmt("%s\t%lld\t%s\t%s\t%.*s\n", k, ts, e->nick,
		    e->arg, tl, e->text);
		break;
	case EV_NOTICE:
		e->sc = chunk_fmt("%s\t%lld\t%.*s\n", k, ts, tl, e->text);
		break;
	}
	return e->sc;
}

void
event_release(struct ev *e)
{
	chunk_unref(e->tc);
	chunk_unref(e->sc);
	e->tc = e->sc = NULL;
}
