"""tcpchatd --log: history survives kill -9 and a torn last line."""
import os
import re
import signal
import tempfile

from chatlib import STAMP, Client, check, msg_re, run, start_server


def main():
    d = tempfile.mkdtemp()
    path = os.path.join(d, "chat.log")
    srv = start_server("--log", path)
    a = Client(srv.port)
    a.join("alice")
    b = Client(srv.port)
    b.join("bob")
    sent = []
    for i in range(5):
        a.send("message %d" % i)
        b.expect_line(msg_re("alice", "message %d" % i))
        sent.append(("alice", "message %d" % i))
    a.send("/me leaves soon")
    b.expect_line(re.compile(STAMP + r" \* alice leaves soon"))
    b.send("/join den")
    b.expect_line("You are now in den.")
    b.send("in the den")
    a.expect_line("bob has moved to #den")
    b.send("/nick bobby")
    b.expect_line("bob is now known as bobby")
    srv.kill9()

    log = open(path).read()
    check(log.endswith("\n"), "log does not end in a newline")
    kinds = [x.split("\t")[0] for x in log.splitlines()]
    for k in ["JOIN", "MSG", "ME", "PART", "NICK"]:
        check(k in kinds, "no %s in log: %r" % (k, log))
    # a crash mid-write leaves a torn last line
    with open(path, "a") as f:
        f.write("MSG\t1700000000\tgeneral\tmallory\ttorn line")

    srv = start_server("--log", path)
    c = Client(srv.port)
    got = c.join("carol").split("\n")[:-1]
    want = ["message %d" % i for i in range(5)]
    check(len(got) == 6, "replay: %r" % got)
    for line, text in zip(got, want):
        check(msg_re("alice", text).fullmatch(line), "replay %r" % got)
    check(re.fullmatch(STAMP + r" \* alice leaves soon", got[5]),
          "replay /me: %r" % got)
    check("torn" not in "".join(got), "the torn line came back")
    c.send("/join den")
    c.expect_line(msg_re("bob", "in the den"))
    c.send("after restart")
    c.send("/who")          # its answer proves the line before was taken
    c.expect_line("Users in den: carol")
    check(srv.stop() == 0, "exit status")
    log = open(path).read()
    check("torn line" not in log, "the torn line is still in the log")
    check(log.count("\tmessage 3\n") == 1, "duplicated lines")
    check("\tden\tcarol\tafter restart\n" in log, "new line not logged")
    # a third start sees everything once, in order
    srv = start_server("--log", path)
    e = Client(srv.port)
    e.send("/hello tcpchat 1")
    e.expect_line("NAME?")
    e.send("erin")
    hist = []
    while True:
        f = e.read_line().split("\t")
        if f[0] == "HISTEND":
            break
        if f[0] in ("HIST", "HISTME"):
            hist.append(f[0] + " " + f[4])
    check(hist == ["HIST " + x for x in want] + ["HISTME leaves soon"],
          "third start: %r" % hist)
    check(srv.stop(signal.SIGINT) == 0, "exit status after SIGINT")

    # a damaged or edited log gets the checks of client input
    bad = os.path.join(d, "bad.log")
    with open(bad, "wb") as f:
        f.write(b"MSG\t1\tgeneral\tbob\tevil \x1b[2J\x07 \xff text\n"
                b"MSG\t2\tgeneral\tb\x1bad\tbad nick\n"
                b"MSG\t3\tno room!\tok\tbad room\n"
                b"MSG\tx\tgeneral\tok\tbad time\n"
                b"MSG\t4\tgeneral\tok\tfine\n")
    srv = start_server("--log", bad)
    got = Client(srv.port).join("zed").split("\n")
    check(len(got) == 3 and got[0].endswith("[bob]:evil [2J \ufffd text")
          and got[1].endswith("[ok]:fine"), "damaged log replay: %r" % got)
    check(srv.stop() == 0, "exit status")


run(main)
