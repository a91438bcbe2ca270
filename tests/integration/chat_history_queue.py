#!/usr/bin/env python3
"""A room's history bigger than --max-queue (issue 15, defect 1): a joiner
that reads gets all of it, in both presentations, and is not kicked; a
joiner that never reads is still cut off, by --stall-timeout, or once its
backlog beyond the replay passes --max-queue."""

import re
import socket
import time

from chatlib import start_server, Client, check, run

QUEUE = 64 * 1024
# 5 MB of history: more than the kernel holds for a client that does not
# read (a 4 MB send buffer at most, tcp_wmem), so that one stays blocked.
LINES = 5000
TEXT = "h" * 1000


def fill(port, n):
    """A writer says n lines and waits until the server handled them."""
    w = Client(port, timeout=20)
    w.join("writer")
    for base in range(0, n, 500):
        w.send_raw("".join("%05d %s\n" % (i, TEXT)
                           for i in range(base, min(n, base + 500))))
        w.quiet(0.01)           # keep reading its prompts
    w.send("/who")
    w.read_until("Users in general:", 20)
    return w


def kicked(srv, nick):
    return re.search(r"\(%s\): kicked: too slow" % nick, srv.log())


def readers(srv):
    # Structured: WELCOME, every HIST in order, HISTEND, then USERS
    # (read in one piece: line by line would take minutes in Python).
    s = Client(srv.port, timeout=20)
    s.hello(None, 20)
    s.send("sreader")
    got = s.read_until_bytes(b"\nUSERS\t", 20) + s.read_until_bytes(b"\n")
    ev = [line.split("\t") for line in got.decode().splitlines()]
    kinds = [f[0] for f in ev]
    check(kinds[0] == "WELCOME" and kinds[-1] == "USERS",
          "structured joiner got %r...%r" % (kinds[:2], kinds[-3:]))
    hist = [f for f in ev if f[0] == "HIST"]
    check(len(hist) == LINES, "structured joiner got %d of %d HIST lines"
          % (len(hist), LINES))
    for i, f in enumerate(hist):
        check(f[4] == "%05d %s" % (i, TEXT), "HIST %d is %r" % (i, f[4][:20]))
    check("HISTEND" in kinds, "no HISTEND")
    # Text: every history line, then its prompt.
    t = Client(srv.port, timeout=20)
    got = t.join("treader", 20)
    n = len(re.findall(r"\]\[writer\]:\d{5} h+\n", got))
    check(n == LINES, "text joiner got %d of %d history lines" % (n, LINES))
    # Both stay: a message after the replay reaches them.
    srv_w = Client(srv.port)
    srv_w.join("late")
    srv_w.send("after the replay")
    check(s.event("MSG", 10)[4] == "after the replay",
          "structured joiner missed the next message")
    t.read_until("[late]:after the replay", 10)
    check(not kicked(srv, "sreader") and not kicked(srv, "treader"),
          "a reading joiner was kicked: %r" % srv.log()[-400:])
    return s, t


def nonreader(port, nick):
    """A structured client that joins and never reads again."""
    # The receive buffer is made small before connect(), so that the
    # window stays small and the replay cannot all sit in the kernel.
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    c.settimeout(5)
    c.connect(("127.0.0.1", port))
    c.sendall(("/hello tcpchat 1\n%s\n" % nick).encode())
    return c


def main():
    # Stall: a joiner that never reads is cut off after --stall-timeout.
    srv = start_server("--max-queue", str(QUEUE), "--line-rate", "0",
                       "--stall-timeout", "1")
    w = fill(srv.port, LINES)
    readers(srv)
    stuck = nonreader(srv.port, "stuck")
    until = time.monotonic() + 10
    while not kicked(srv, "stuck") and time.monotonic() < until:
        time.sleep(0.05)
    check(kicked(srv, "stuck"), "stuck was never cut off: %r"
          % srv.log()[-600:])
    check(srv.alive(), "server died")
    stuck.close()
    srv.stop()

    # Backlog: with a long stall timeout, a joiner that never reads is
    # cut off once what came after its replay passes --max-queue.
    srv = start_server("--max-queue", str(QUEUE), "--line-rate", "0")
    w = fill(srv.port, LINES)
    readers(srv)
    deaf = nonreader(srv.port, "deaf")
    w.read_until("deaf has joined our chat...", 10)
    check(not kicked(srv, "deaf"), "deaf was kicked before any backlog")
    start = time.monotonic()
    sent = 0
    while not kicked(srv, "deaf") and sent < 200000:
        w.send_raw("".join("more %d %s\n" % (sent + i, TEXT)
                           for i in range(200)))
        sent += 200
        w.quiet(0.01)
    check(kicked(srv, "deaf"), "deaf was never cut off (%d lines)" % sent)
    check(time.monotonic() - start < 20, "deaf was cut off by the stall "
          "timeout, not by its backlog")
    check(sent * len(TEXT) > QUEUE, "deaf was cut off after %d lines only"
          % sent)
    check(srv.alive(), "server died")
    deaf.close()


run(main)
