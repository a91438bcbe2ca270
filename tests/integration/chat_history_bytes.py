"""tcpchatd --history-bytes: one client filling room after room with long
lines cannot grow the server without bound; the others keep chatting and
see the newest history. The --log reload is bounded too, and a damaged log
line of many megabytes is skipped without being held."""
import os
import re
import signal
import subprocess
import tempfile

from chatlib import (BIN, SANITIZED, Client, check, msg_re, run,
                     start_server, wait_for)

BOUND = 2 << 20                 # --history-bytes 2M
ROOMS, LINES, LONG = 100, 100, 4000     # 40 MB sent in all
SLACK_KIB = 16 << 10            # RSS growth allowed beyond BOUND


def cmd(*args):
    p = subprocess.run([os.path.join(BIN, "tcpchatd")] + list(args),
                       capture_output=True, text=True, timeout=10,
                       stdin=subprocess.DEVNULL)
    return p.returncode, p.stderr


def options():
    for val, want in [("-1", "below the minimum of 0"),
                      ("1T", "not a number"), ("1.5M", "not a number"),
                      ("M", "not a number"),
                      ("1025G", "above the maximum of 1099511627776"),
                      ("", "not a number")]:
        code, err = cmd("--history-bytes", val)
        check(code == 64 and 'history-bytes "%s": %s' % (val, want) in err,
              "--history-bytes %r: %d %r" % (val, code, err))
    for val in ["0", "65536", "1k", "64M", "1G"]:
        srv = start_server("--history-bytes", val)
        srv.stop()


def flood_line(room, i):
    return "r%03d l%03d %s" % (room, i, "x" * LONG)


def room_history(c, room):
    """Text presentation: /join room; the history lines it replays."""
    c.send("/join " + room)
    c.expect_line("You are now in %s." % room)
    c.send("/who")
    got = []
    while True:
        line = c.strip_prompt(c.read_line())
        if line.startswith("Users in %s:" % room):
            return got
        got.append(line)


def stats(srv):
    """SIGUSR1's history figures: KiB kept, KiB allowed."""
    before = srv.log().count("stats:")
    srv.proc.send_signal(signal.SIGUSR1)
    wait_for(lambda: srv.log().count("stats:") > before, what="stats line")
    m = re.findall(r"history (\d+) KiB of (\d+) KiB", srv.log())[-1]
    return int(m[0]), int(m[1])


def flood():
    # the bound must hold without --line-rate to slow the flooder
    srv = start_server("--history-bytes", "2M", "--line-rate", "0")
    b = Client(srv.port)
    b.join("bob")
    b.send("old news")
    rss0 = srv.rss_kib()
    m = Client(srv.port)
    m.join("mallory")
    for r in range(ROOMS):
        m.send_raw(("/join flood%d\n" % r + "".join(
            flood_line(r, i) + "\n" for i in range(LINES)) +
            "/who\n").encode())
        m.expect_line("Users in flood%d: mallory" % r, 20)
    kept, allowed = stats(srv)
    check(allowed == BOUND >> 10 and 0 < kept <= allowed,
          "history %d KiB of %d KiB" % (kept, allowed))
    grown = srv.rss_kib() - rss0
    check(SANITIZED or grown < (BOUND >> 10) + SLACK_KIB,
          "RSS grew by %d KiB for %d MB sent" %
          (grown, ROOMS * LINES * LONG >> 20))

    # bob chats on; a newcomer sees the newest history of the server
    b.send("still here")
    c = Client(srv.port)
    hist = c.join("carol").split("\n")
    check(len(hist) == 2 and msg_re("bob", "still here").fullmatch(hist[0]),
          "general's history: %r" % hist)
    b.expect_line("carol has joined our chat...")
    c.send("hi bob")
    b.expect_line(msg_re("carol", "hi bob"))
    last = ROOMS - 1
    got = room_history(c, "flood%d" % last)
    want = [flood_line(last, i) for i in range(LINES - len(got), LINES)]
    check(len(got) >= LINES // 2 and
          all(msg_re("mallory", w).fullmatch(g) for g, w in zip(got, want)),
          "newest flood room: %d lines, %r" % (len(got),
                                                [g[:40] for g in got[:3]]))
    check(room_history(c, "flood0") == [], "flood0 still has history")
    # rooms the history bound emptied are gone, so they do not use up
    # the server's room limit
    c.send("/rooms")
    rooms = c.expect_line(re.compile(r"Rooms: .*"))
    n = len(re.findall(r"flood\d+", rooms))
    check(n <= (BOUND // (LONG * LINES)) + 2, "%d flood rooms left: %s"
          % (n, rooms[:200]))
    check(srv.stop() == 0, "exit status")


def write_log(path, lines):
    with open(path, "wb") as f:
        for line in lines:
            f.write(line)


def reload(d):
    # a log of 20 MB comes back as its newest 1 MiB
    path = os.path.join(d, "big.log")
    write_log(path, (("MSG\t%d\troom%d\tmallory\tr%03d l%03d %s\n" % (
        1700000000 + r * LINES + i, r, r, i, "y" * LONG)).encode()
        for r in range(50) for i in range(LINES)))
    fresh = start_server()
    rss_fresh = fresh.rss_kib()
    fresh.stop()
    srv = start_server("--history-bytes", "1M", "--log", path)
    check(SANITIZED or srv.rss_kib() - rss_fresh < 1024 + SLACK_KIB,
          "RSS %d KiB after reloading 20 MB, %d KiB without"
          % (srv.rss_kib(), rss_fresh))
    kept, allowed = stats(srv)
    check(allowed == 1024 and 0 < kept <= allowed,
          "history %d KiB of %d KiB" % (kept, allowed))
    c = Client(srv.port)
    c.join("carol")
    got = room_history(c, "room49")
    check(len(got) >= LINES // 4 and got[-1].endswith(
        "]:r049 l%03d %s" % (LINES - 1, "y" * LONG)),
        "room49 after reload: %d lines" % len(got))
    check(room_history(c, "room0") == [], "room0 reloaded")
    check(srv.stop() == 0, "exit status")


def damaged(d):
    # one line of 32 MiB, then a torn one of 8 MiB
    path = os.path.join(d, "damaged.log")
    write_log(path, [b"MSG\t1\tgeneral\tbob\tbefore\n",
                     b"MSG\t2\tgeneral\teve\t" + b"z" * (32 << 20) + b"\n",
                     b"MSG\t3\tgeneral\tbob\tafter\n"])
    end = os.path.getsize(path)
    with open(path, "ab") as f:
        f.write(b"MSG\t4\tgeneral\teve\t" + b"z" * (8 << 20))
    fresh = start_server()
    rss_fresh = fresh.rss_kib()
    fresh.stop()
    srv = start_server("--log", path)
    check(SANITIZED or srv.rss_kib() - rss_fresh < 8 << 10,
          "RSS %d KiB after a damaged log, %d KiB without"
          % (srv.rss_kib(), rss_fresh))
    check("1 lines over" in srv.log(), "no warning: %r" % srv.log())
    check(os.path.getsize(path) == end, "torn long line not cut off")
    hist = Client(srv.port).join("zed").split("\n")
    check(len(hist) == 3 and hist[0].endswith("[bob]:before") and
          hist[1].endswith("[bob]:after"), "damaged log replay: %r"
          % [h[:60] for h in hist])
    check(srv.stop() == 0, "exit status")


def main():
    options()
    flood()
    with tempfile.TemporaryDirectory() as d:
        reload(d)
        damaged(d)


run(main)
