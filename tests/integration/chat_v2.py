"""tcpchatd protocol version 2 beside version 1 and text clients in the
same rooms: several rooms at once, /part, /say, /quit from all, the cap on
rooms, and a version 1 client and an nc user that still move."""
import re

from chatlib import Client, check, msg_re, run, start_server


def event_in(c, kind, room):
    """The next event of this kind about room (others are skipped)."""
    while True:
        e = c.event(kind)
        if kind in ("HISTEND", "USERS") and e[1] == room:
            return e
        if len(e) > 2 and e[2] == room:
            return e


def main():
    srv = start_server()
    two = Client(srv.port)
    ev = two.hello("multi", version=2)
    check(ev[0] == ["WELCOME", "multi", "general"], "WELCOME: %r" % ev)
    one = Client(srv.port)
    one.hello("single")
    nc = Client(srv.port)
    nc.join("catter")

    # /join adds a room: JOIN to self, history, USERS; general is kept
    two.send("/join dev")
    check(event_in(two, "JOIN", "dev")[3] == "multi", "JOIN self")
    check(two.event("HISTEND") == ["HISTEND", "dev"], "HISTEND dev")
    check(two.event("USERS") == ["USERS", "dev", "multi"], "USERS dev")
    two.send("/join #dev")
    e = two.event("NOTICE")
    check(e[2] == "You are in #dev already", "already: %r" % e)
    # the version 1 client moves, as it always did; the nc user is told
    one.send("/join dev")
    check(event_in(one, "JOIN", "dev")[3] == "single", "v1 JOIN self")
    nc.expect_line("single has moved to #dev")
    e = event_in(two, "PART", "general")
    check(e[3:] == ["single", "moved to dev"], "PART: %r" % e)
    check(event_in(two, "JOIN", "dev")[3] == "single", "v2 sees JOIN")

    # lines reach the room named, or the one joined last
    two.send("to the last room")
    check(one.event("MSG")[2:] == ["dev", "multi", "to the last room"],
          "plain line to dev")
    two.send("/say general hello general")
    nc.expect_line(msg_re("multi", "hello general"))
    two.send("/me #general waves")
    nc.expect_line(re.compile(r"\[[-0-9 :]+\] \* multi waves"))
    check("hello general" not in one.quiet(0.3).decode(), "room leak")
    nc.send("from nc")
    e = two.event("MSG")
    while e[3] == "multi":          # its own lines come back to it
        e = two.event("MSG")
    check(e[2:] == ["general", "catter", "from nc"], "v2 hears general")

    # v2-only commands are unknown to version 1 and to nc, as before
    one.send("/part dev")
    check(one.event("ERR")[1] == "unknown", "v1 /part unknown")
    nc.send("/say general x")
    nc.expect_line("unknown command /say (try /help)")

    # /part leaves one room: the parter and the room are told
    two.send("/part general see you later")
    e = two.event("PART")
    check(e[2:] == ["general", "multi", "part: see you later"],
          "PART self: %r" % e)
    nc.expect_line("multi has left our chat... (see you later)")
    two.send("/say general back?")
    check(two.event("ERR")[1] == "notin", "ERR notin")

    # the cap on rooms per connection
    for i in range(15):
        two.send("/join r%d" % i)
        two.event("USERS")
    two.send("/join onetoomany")
    e = two.event("ERR")
    check(e[1] == "toomany" and "16 rooms" in e[2], "ERR toomany: %r" % e)

    # /quit leaves every room, each told with the reason
    two.send("/part r0")
    two.send("/join general")
    event_in(two, "USERS", "general")
    nc.expect_line("multi has joined our chat...")
    two.send("/quit gotta go")
    check(two.wait_closed(3), "/quit did not close")
    nc.expect_line("multi has left our chat... (gotta go)")
    e = one.event("PART")
    check(e[2:] == ["dev", "multi", "quit: gotta go"], "PART dev: %r" % e)
    check(srv.stop() == 0, "exit status")


run(main)
