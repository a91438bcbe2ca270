/* Unit tests for tui-client/chat.c and dedup.c: server lines in, lines
 * shown and lines sent out, through a stub of the program around it. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "tui-client/chat.h"
#include "tui-client/command.h"
#include "tui-client/dedup.h"

static char sent[16][256];
static size_t sentlen[16];
static int nsent;
static char shown[64][512];
static int nshown;
static int flags[64];
static int asking, bells, quits, onlines;

static int
stub_send(void *arg, const char *line)
{
	(void)arg;
	if (nsent < 16) {
		sentlen[nsent] = strlen(line);
		snprintf(sent[nsent++], sizeof(sent[0]), "%s", line);
	}
	return 0;
}

static enum chat_where where[64];
static char wname[64][64];

static void
stub_show(void *arg, enum chat_where to, const char *name,
    const struct sbline *l)
{
	(void)arg;
	if (nshown < 64) {
		where[nshown] = to;
		snprintf(wname[nshown], sizeof(wname[0]), "%s",
		    name != NULL ? name : "");
	}
	if (nshown < 64) {
		flags[nshown] = l->flags;
		snprintf(shown[nshown++], sizeof(shown[0]), "%s %s", l->head,
		    l->text);
	}
}

static void
stub_update(void *arg)
{
	(void)arg;
}

static void
stub_online(void *arg)
{
	(void)arg;
	onlines++;
}

static void
stub_ask(void *arg, int on)
{
	(void)arg;
	asking = on;
}

static void
stub_bell(void *arg)
{
	(void)arg;
	bells++;
}

static void
stub_quit(void *arg)
{
	(void)arg;
	quits++;
}

static const struct chat_io io = {
	.send = stub_send,
	.show = stub_show,
	.update = stub_update,
	.online = stub_online,
	.ask_name = stub_ask,
	.bell = stub_bell,
	.quit = stub_quit,
	.clear = stub_update,
};

static struct chat c;

static void
feed(const char *line)
{
	char buf[1024];

	snprintf(buf, sizeof(buf), "%s", line);
	chat_server_line(&c, buf, strlen(buf));
}

static int
setup(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C.UTF-8");
	nsent = nshown = asking = bells = quits = onlines = 0;
	chat_init(&c, &io, NULL, "alice", NULL, 100);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	chat_free(&c);
	return 0;
}

/* Connect, skip the banner, take the name, get history. */
static void
sign_in(void)
{
	chat_connected(&c);
	feed("Welcome to TCP-Chat!");
	feed("[ENTER YOUR NAME]:HELLO\t1\ttcpchatd");
	feed("NAME?");
	feed("WELCOME\talice\tgeneral");
	feed("HIST\t100\tgeneral\tbob\tfirst");
	feed("HISTME\t101\tgeneral\tbob\twaves");
	feed("HISTEND\tgeneral");
	feed("USERS\tgeneral\talice\tbob");
}

static void
chat__sign_in__says_hello_then_takes_nick(void **state)
{
	(void)state;
	sign_in();
	assert_int_equal(nsent, 2);
	assert_string_equal(sent[0], "/hello tcpchat 1");
	assert_string_equal(sent[1], "/nick alice");
	assert_string_equal(c.me, "alice");
	assert_string_equal(c.room, "general");
	assert_int_equal(chat_people(&c, "general")->count, 2);
	assert_int_equal(onlines, 1);
	assert_string_equal(shown[1], "<bob> first");
	assert_string_equal(shown[2], "* bob waves");
	assert_true(flags[1] & SB_HIST);
}

static void
chat__banner__is_never_shown(void **state)
{
	int i;

	(void)state;
	sign_in();
	for (i = 0; i < nshown; i++)
		assert_null(strstr(shown[i], "Welcome to TCP-Chat"));
}

static void
chat__reconnect__does_not_repeat_history(void **state)
{
	int before;

	(void)state;
	sign_in();
	feed("MSG\t102\tgeneral\tbob\tlive one");
	chat_disconnected(&c, "gone");
	before = nshown;
	chat_connected(&c);
	feed("HELLO\t1\ttcpchatd");
	feed("NAME?");
	assert_string_equal(sent[nsent - 1], "/nick alice");
	feed("WELCOME\talice\tgeneral");
	feed("HIST\t100\tgeneral\tbob\tfirst");
	feed("HISTME\t101\tgeneral\tbob\twaves");
	feed("HIST\t102\tgeneral\tbob\tlive one");
	feed("HIST\t103\tgeneral\tcarol\tmissed while away");
	feed("HISTEND\tgeneral");
	/* "Back as alice", then only the message we missed. */
	assert_int_equal(nshown, before + 2);
	assert_string_equal(shown[nshown - 1], "<carol> missed while away");
}

static void
chat__taken_name__asks_the_user(void **state)
{
	(void)state;
	chat_connected(&c);
	feed("HELLO\t1\ttcpchatd");
	feed("NAME?");
	feed("ERR\tnametaken\tthe name alice is taken");
	feed("NAME?");
	assert_int_equal(asking, 1);
	assert_string_equal(shown[nshown - 1], "-!- the name alice is taken");
	command_input(&c, "alice2");
	assert_string_equal(sent[nsent - 1], "/nick alice2");
	feed("WELCOME\talice2\tgeneral");
	assert_int_equal(asking, 0);
	assert_string_equal(c.me, "alice2");
}

static void
chat__input__sends_commands_and_text(void **state)
{
	(void)state;
	sign_in();
	nsent = 0;
	command_input(&c, "hello");
	command_input(&c, "//not a command");
	command_input(&c, "/me waves");
	command_input(&c, "/msg bob hi");
	command_input(&c, "/frob x");
	assert_int_equal(nsent, 5);
	assert_string_equal(sent[0], "hello");
	assert_string_equal(sent[1], "//not a command");
	assert_string_equal(sent[2], "/me waves");
	assert_string_equal(sent[3], "/msg bob hi");
	assert_string_equal(sent[4], "/frob x");
}

static void
chat__input__checks_arity_locally(void **state)
{
	(void)state;
	sign_in();
	nsent = 0;
	command_input(&c, "/msg bob");
	command_input(&c, "/join");
	assert_int_equal(nsent, 0);
	assert_string_equal(shown[nshown - 1], "-!- Usage: /join ROOM");
	command_input(&c, "/quit bye now");
	assert_string_equal(sent[0], "/quit bye now");
	assert_int_equal(quits, 1);
}

/* A message longer than the server takes is split, never cut short and
 * never sent whole to be refused; each piece keeps its command. */
static void
chat__input__splits_long_messages(void **state)
{
	char line[6000];
	size_t total;
	int i;

	(void)state;
	sign_in();
	nsent = 0;
	nshown = 0;
	memcpy(line, "/msg bob ", 9);
	memset(line + 9, 'x', sizeof(line) - 10);
	line[sizeof(line) - 1] = '\0';
	command_input(&c, line);
	assert_int_equal(nsent, 2);
	total = 0;
	for (i = 0; i < nsent; i++) {
		assert_true(sentlen[i] <= 4095);
		assert_memory_equal(sent[i], "/msg bob xxx", 12);
		total += sentlen[i] - 9;
	}
	assert_int_equal(total, sizeof(line) - 10);
	assert_non_null(strstr(shown[0], "sent as 2 messages"));
	/* Plain text: at a word where there is one. */
	nsent = 0;
	memset(line, 'y', 5000);
	line[3000] = ' ';
	line[5000] = '\0';
	command_input(&c, line);
	assert_int_equal(nsent, 2);
	assert_int_equal(sentlen[0], 3000);
	assert_int_equal(sentlen[1], 1999);
}

static void
chat__join__says_when_already_there(void **state)
{
	(void)state;
	sign_in();
	nsent = 0;
	command_input(&c, "/join #General");
	command_input(&c, "/join general");
	assert_int_equal(nsent, 0);
	assert_string_equal(shown[nshown - 1],
	    "-!- You are in #general already");
	command_input(&c, "/join dev");
	assert_int_equal(nsent, 1);
	assert_string_equal(sent[0], "/join dev");
}

/* A server going away says so once: its notice, BYE and the closed
 * connection are one line, not three; a notice alone is shown. */
static void
chat__bye__is_one_notice(void **state)
{
	int before;

	(void)state;
	sign_in();
	c.fold = 1;
	nshown = 0;
	feed("NOTICE\t1700000000\tlunch in five");
	assert_int_equal(nshown, 0);		/* held: BYE may follow */
	feed("MSG\t1700000001\tgeneral\tbob\thi");
	assert_int_equal(nshown, 2);
	assert_string_equal(shown[0], "-!- lunch in five");
	nshown = 0;
	feed("NOTICE\t1700000002\tserver is shutting down");
	feed("BYE\tshutdown");
	chat_flush(&c);
	before = nshown;
	chat_disconnected(&c, "the server closed the connection");
	assert_int_equal(before, 0);
	assert_int_equal(nshown, 1);
	assert_string_equal(shown[0],
	    "-!- Disconnected: server is shutting down");
}

static void
chat__say__escapes_a_leading_slash(void **state)
{
	(void)state;
	sign_in();
	nsent = 0;
	chat_say(&c, "/etc/passwd is a file");
	assert_string_equal(sent[0], "//etc/passwd is a file");
}

static void
chat__mention__flags_and_rings(void **state)
{
	(void)state;
	sign_in();
	feed("MSG\t200\tgeneral\tbob\they ALICE, look");
	assert_true(flags[nshown - 1] & SB_MENTION);
	assert_int_equal(bells, 1);
	feed("MSG\t201\tgeneral\tbob\tmalice aforethought");
	assert_false(flags[nshown - 1] & SB_MENTION);
	feed("MSG\t202\tgeneral\talice\tI am alice");
	assert_true(flags[nshown - 1] & SB_OWN);
	assert_int_equal(bells, 1);
	assert_true(chat_mentions("@alice!", "alice"));
	assert_false(chat_mentions("alice_b", "alice"));
}

static void
chat__events__update_people(void **state)
{
	(void)state;
	sign_in();
	feed("JOIN\t300\tgeneral\tcarol");
	assert_int_equal(chat_people(&c, "general")->count, 3);
	feed("NICK\t301\tcarol\tcaz");
	assert_true(people_has(chat_people(&c, "general"), "CAZ"));
	feed("PART\t302\tgeneral\tcaz\tquit");
	assert_int_equal(chat_people(&c, "general")->count, 2);
	assert_string_equal(shown[nshown - 1],
	    "-!- caz has left #general (quit)");
	feed("NICK\t303\talice\tally");
	assert_string_equal(c.me, "ally");
}

static void
chat__hostile_text__is_cleaned(void **state)
{
	(void)state;
	sign_in();
	feed("MSG\t400\tgeneral\tbob\tred\x1b[31m\x07 \xff!");
	assert_string_equal(shown[nshown - 1],
	    "<bob> red[31m \xEF\xBF\xBD!");
	feed("MSG\t401\tgeneral\tb\x1b" "ob\tx");
	assert_null(strchr(shown[nshown - 1], '\x1b'));
}

static void
chat__join__skips_default_room_replay(void **state)
{
	(void)state;
	chat_free(&c);
	chat_init(&c, &io, NULL, "alice", "#lobby", 100);
	chat_connected(&c);
	feed("HELLO\t1\ttcpchatd");
	feed("NAME?");
	feed("WELCOME\talice\tgeneral");
	assert_string_equal(sent[nsent - 1], "/join lobby");
	nshown = 0;
	feed("HIST\t1\tgeneral\tbob\told news");
	feed("USERS\tgeneral\talice\tbob");
	assert_int_equal(nshown, 0);
	feed("JOIN\t2\tlobby\talice");
	feed("HIST\t1\tlobby\tzed\tlobby talk");
	assert_string_equal(c.room, "lobby");
	assert_string_equal(shown[nshown - 1], "<zed> lobby talk");
}

static int winops, lastop, reconnects;
static char lastwin[64];

static void
stub_window(void *arg, enum chat_winop op, const char *name)
{
	(void)arg;
	winops++;
	lastop = (int)op;
	snprintf(lastwin, sizeof(lastwin), "%s", name ? name : "");
}

static void
stub_reconnect(void *arg)
{
	(void)arg;
	reconnects++;
}

/* A client with windows: it asks for protocol 2. */
static const struct chat_io io2 = {
	.send = stub_send,
	.show = stub_show,
	.update = stub_update,
	.online = stub_online,
	.ask_name = stub_ask,
	.bell = stub_bell,
	.quit = stub_quit,
	.clear = stub_update,
	.reconnect = stub_reconnect,
	.window = stub_window,
};

/* Protocol 2: the first room taken before the name, the others joined
 * straight after WELCOME; lines go to the room shown; /join shows the
 * new room's window, our PART closes it. */
static void
chat__v2__is_in_every_room_it_wants(void **state)
{
	(void)state;
	chat_free(&c);
	winops = 0;
	chat_init(&c, &io2, NULL, "alice", "#lobby", 100);
	chat_want(&c, "#dev");
	chat_connected(&c);
	assert_string_equal(sent[nsent - 1], "/hello tcpchat 2");
	feed("[ENTER YOUR NAME]:HELLO\t2\ttcpchatd");
	feed("NAME?");
	assert_string_equal(sent[nsent - 2], "/join lobby");
	assert_string_equal(sent[nsent - 1], "/nick alice");
	feed("NAME?");			/* owed after the /join: no question */
	assert_int_equal(asking, 0);
	feed("WELCOME\talice\tlobby");
	assert_string_equal(sent[nsent - 1], "/join dev");
	feed("JOIN\t5\tdev\talice");
	feed("HISTEND\tdev");
	feed("USERS\tdev\talice\tbob\tcarol");
	feed("USERS\tlobby\talice");
	assert_int_equal(winops, 0);	/* a rejoin shows no window */
	assert_true(chat_in_room(&c, "lobby") && chat_in_room(&c, "dev"));
	assert_int_equal(chat_people(&c, "dev")->count, 3);
	assert_int_equal(chat_people(&c, "lobby")->count, 1);
	command_input(&c, "hi lobby");
	assert_string_equal(sent[nsent - 1], "/say lobby hi lobby");
	chat_focus(&c, "dev");
	command_input(&c, "/me waves");
	assert_string_equal(sent[nsent - 1], "/me #dev waves");
	command_input(&c, "/join ops");
	feed("JOIN\t6\tops\talice");
	assert_int_equal(lastop, CHAT_WIN_ROOM);
	assert_string_equal(lastwin, "ops");
	assert_string_equal(c.room, "ops");
	command_input(&c, "/join #dev");
	assert_string_equal(shown[nshown - 1], "-!- You are in #dev already");
	command_input(&c, "/part bye all");
	assert_string_equal(sent[nsent - 1], "/part #ops bye all");
	feed("PART\t7\tops\talice\tpart: bye all");
	assert_int_equal(lastop, CHAT_WIN_PART);
	assert_false(chat_in_room(&c, "ops"));
	feed("PART\t8\tdev\tbob\tquit");
	assert_int_equal(chat_people(&c, "dev")->count, 2);
	/* a reconnect rejoins lobby and dev, not ops */
	chat_disconnected(&c, "reset");
	nsent = 0;
	chat_connected(&c);
	feed("HELLO\t2\ttcpchatd");
	feed("NAME?");
	assert_string_equal(sent[1], "/join lobby");
	feed("WELCOME\talice\tlobby");
	assert_int_equal(nsent, 4);
	assert_string_equal(sent[3], "/join dev");
}

/* A server older than protocol 2 says /hello is unknown: the client
 * connects again asking for 1; its ERR to the /join before the name is
 * dropped, and the room is joined after WELCOME as before. */
static void
chat__v2__falls_back_to_an_older_server(void **state)
{
	size_t before;

	(void)state;
	chat_free(&c);
	reconnects = 0;
	chat_init(&c, &io2, NULL, "alice", "#lobby", 100);
	chat_connected(&c);
	feed("[ENTER YOUR NAME]:unknown command /hello (try /help)");
	assert_int_equal(reconnects, 1);
	assert_true(c.v1only);
	chat_connected(&c);
	assert_string_equal(sent[nsent - 1], "/hello tcpchat 1");
	feed("HELLO\t1\ttcpchatd");
	feed("NAME?");
	before = nshown;
	feed("ERR\tusage\tchoose a name first");
	feed("NAME?");
	assert_int_equal(nshown, before);
	assert_int_equal(asking, 0);
	feed("WELCOME\talice\tgeneral");
	assert_string_equal(sent[nsent - 1], "/join lobby");
	command_input(&c, "/part");
	assert_string_equal(shown[nshown - 1], "-!- This server keeps you in "
	    "one room: /join another to move");
}

static void
dedup__seen__matches_exact_message_only(void **state)
{
	struct dedup d;

	(void)state;
	dedup_init(&d, 3);
	dedup_add(&d, 10, "r", "a", "x");
	dedup_add(&d, 11, "r", "a", "y");
	assert_true(dedup_seen(&d, 10, "r", "a", "x"));
	assert_false(dedup_seen(&d, 10, "r", "a", "y"));
	assert_false(dedup_seen(&d, 10, "r", "ax", ""));
	assert_false(dedup_seen(&d, 12, "r", "a", "x"));
	dedup_add(&d, 12, "r", "a", "z");
	dedup_add(&d, 13, "r", "a", "w");
	assert_false(dedup_seen(&d, 10, "r", "a", "x"));	/* forgotten */
	assert_true(dedup_seen(&d, 13, "r", "a", "w"));
	dedup_free(&d);
}

int
main(void)
{
#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(chat__banner__is_never_shown),
		T(chat__events__update_people),
		T(chat__hostile_text__is_cleaned),
		T(chat__input__checks_arity_locally),
		T(chat__input__splits_long_messages),
		T(chat__input__sends_commands_and_text),
		T(chat__bye__is_one_notice),
		T(chat__join__says_when_already_there),
		T(chat__join__skips_default_room_replay),
		T(chat__mention__flags_and_rings),
		T(chat__reconnect__does_not_repeat_history),
		T(chat__say__escapes_a_leading_slash),
		T(chat__sign_in__says_hello_then_takes_nick),
		T(chat__taken_name__asks_the_user),
		T(chat__v2__is_in_every_room_it_wants),
		T(chat__v2__falls_back_to_an_older_server),
		cmocka_unit_test(dedup__seen__matches_exact_message_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
