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

    # Each joiner sees the history as it is now, in either presentation:
    # a replay formatted for an earlier joiner is not reused after a change.
    # The joiners stay connected: a leave notice could come between a
    # later joiner's history and its prompt.
    keep = []
    for n in range(3):
        s = Client(srv.port)
        ev = s.hello("s%d" % n)
        hist = [f[4] for f in ev if f[0] == "HIST"]
        check(hist[-1] == "news %d" % (n - 1) if n else
              hist[-1] == "line 6", "structured replay %d: %r" % (n, hist))
        t = Client(srv.port)
        keep += [s, t]
        got = t.join("t%d" % n).split("\n")
        newest = got[-2]            # got[-1] is t's own prompt
        check(msg_re("alice", "news %d" % (n - 1)).fullmatch(newest)
              if n else newest.endswith(" * alice stretches"),
              "text replay %d: %r" % (n, got[-3:]))
        a.send("news %d" % n)
        a.read_until("]:")
    check(srv.stop() == 0, "exit status")
    evicted()


def side_history(c, st):
    """/join side: the texts of its history replay, in either
    presentation."""
    c.send("/join side")
    if st:
        got = []
        while True:
            f = c.read_line().split("\t")
            if f[0] == "HISTEND":
                return got
            if f[0] == "HIST":
                got.append(f[4])
    c.expect_line("You are now in side.")
    c.send("/who")
    got = []
    while True:
        line = c.strip_prompt(c.read_line())
        if line.startswith("Users in side:"):
            return got
        got.append(line.split("]:", 1)[1])


def evicted():
    # Lines that --history-bytes takes from a room because of traffic in
    # another take that room's formatted replays with them.
    srv = start_server("--history-bytes", "64K", "--line-rate", "0")
    a = Client(srv.port)
    a.join("alice")
    b = Client(srv.port)
    b.join("bob")
    b.send("/join side")
    b.expect_line("You are now in side.")
    for i in range(3):
        b.send("side %d" % i)
    b.send("/who")
    b.expect_line("Users in side: bob")
    s, t = Client(srv.port), Client(srv.port)
    keep = []
    s.hello("s")
    t.join("t")
    want = ["side 0", "side 1", "side 2"]
    check(side_history(s, 1) == want, "structured replay of side")
    check(side_history(t, 0) == want, "text replay of side")
    for i in range(100):            # 100 KB in general: side's lines go
        a.send("%d %s" % (i, "z" * 1000))
    a.send("/who")
    a.expect_line(re.compile("Users in general: .*"))
    for n, st in [("s2", 1), ("t2", 0)]:
        c = Client(srv.port)
        keep.append(c)              # s2 stays while t2 joins
        c.hello(n) if st else c.join(n)
        got = side_history(c, st)
        check(got == [], "%s replay of side after eviction: %r"
              % ("structured" if st else "text", got))
    check(srv.stop() == 0, "exit status")


run(main)
