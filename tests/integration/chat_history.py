"""tcpchatd history: a newcomer gets the room's kept lines, oldest first."""
import re

from chatlib import STAMP, Client, check, msg_re, run, start_server


def main():
    srv = start_server("--history", "5")
    a = Client(srv.port)
    hist = a.join("alice")
    check(re.fullmatch(STAMP + r"\[alice\]:", hist), "empty room: %r" % hist)
    for i in range(7):
        a.send("line %d" % i)
        a.read_until("]:")
    a.send("/me stretches")
    a.read_until("]:")
    b = Client(srv.port)
    got = b.join("bob").split("\n")
    want = ["line 3", "line 4", "line 5", "line 6"]
    for line, text in zip(got, want):
        check(msg_re("alice", text).fullmatch(line), "history %r" % got)
    check(re.fullmatch(STAMP + r" \* alice stretches", got[4]),
          "/me in history: %r" % got)
    check(len(got) == 6, "history length: %r" % got)
    a.expect_line("bob has joined our chat...")

    # another room has its own history
    b.send("/join other")
    b.expect_line("You are now in other.")
    b.send("only here")
    c = Client(srv.port)
    c.join("carol")
    c.send("/join other")
    c.expect_line("You are now in other.")
    c.expect_line(msg_re("bob", "only here"))
    check(srv.stop() == 0, "exit status")


run(main)
