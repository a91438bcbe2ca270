"""tcpchatd commands: /msg, /me, /nick, /who, /rooms, /join, //, unknown."""
import re

from chatlib import STAMP, Client, check, msg_re, run, start_server


def main():
    srv = start_server()
    a, b, c = Client(srv.port), Client(srv.port), Client(srv.port)
    a.join("alice")
    b.join("bob")
    c.join("carol")
    a.lines(0.3)
    b.lines(0.3)

    # /msg reaches its target (and the sender), nobody else
    a.send("/msg BOB psst, secret")
    priv = re.compile(STAMP + r"\[alice -> bob\]:psst, secret")
    b.expect_line(priv)
    a.expect_line(priv)
    a.send("/msg nobody hello")
    a.expect_line("no one is called nobody")
    a.send("/msg bob")
    a.expect_line(re.compile(r"nothing to say.*"))
    check("psst" not in c.quiet(0.3).decode(), "carol saw a private msg")

    # unknown commands: an error to the sender, never a broadcast
    a.send("/frobnicate now")
    a.expect_line("unknown command /frobnicate (try /help)")
    a.send("/")
    a.expect_line("unknown command / (try /help)")
    got = b.quiet(0.3)
    check(b"frobnicate" not in got and b"\n/\n" not in got,
          "an unknown command reached bob: %r" % got)

    # //text sends "/text"
    a.send("//slash and more")
    b.expect_line(msg_re("alice", "/slash and more"))

    # /me
    a.send("/me waves")
    b.expect_line(re.compile(STAMP + r" \* alice waves"))
    a.send("/me")
    a.expect_line(re.compile(r"nothing to say.*"))

    # /nick: everyone is told, the old name is free again
    a.send("/nick Alicia")
    for cl in (a, b, c):
        cl.expect_line("alice is now known as Alicia")
    a.nick = "Alicia"
    a.send("after rename")
    b.expect_line(msg_re("Alicia", "after rename"))
    b.send("/nick ALICIA")
    b.expect_line(re.compile(r"the name ALICIA is taken"))
    b.send("/nick bad name!")
    b.expect_line(re.compile(r"a name may hold only.*"))

    # /who, /rooms
    a.send("/who")
    got = a.expect_line(re.compile(r"Users in general: .*"))
    check(sorted(got.split(": ")[1].split()) == ["Alicia", "bob", "carol"],
          "/who: %r" % got)
    # rooms are isolated
    c.send("/join #Side")
    c.expect_line("You are now in Side.")
    a.expect_line("carol has moved to #Side")
    c.send("in the side room")
    check("side room" not in a.quiet(0.3).decode(), "rooms leak")
    a.send("in general")
    check("in general" not in c.quiet(0.3).decode(), "rooms leak back")
    b.send("/rooms")
    b.expect_line("Rooms: general (2), Side (1)")
    b.send("/join side")
    c.expect_line("bob has joined our chat...")
    b.expect_line(msg_re("carol", "in the side room"))   # side's history
    b.send("/join bad room")
    b.expect_line(re.compile(r"a name may hold only.*"))
    b.send("/join")
    b.expect_line("usage: /join ROOM")

    # /help comes from the table, one line per command
    a.lines(0.3)
    a.send("/help")
    lines = []
    while len(lines) < 9:
        lines.append(a.strip_prompt(a.read_line()))
    names = [x.split()[0] for x in lines]
    for cmd in ["/help", "/join", "/me", "/msg", "/nick", "/quit",
                "/rooms", "/who", "//TEXT"]:
        check(cmd in names, "/help lacks %s: %r" % (cmd, lines))

    # /quit with a reason
    b.send("/quit see you")
    check(b.wait_closed(3), "/quit did not close")
    c.expect_line("bob has left our chat... (see you)")
    check(srv.stop() == 0, "exit status")


run(main)
