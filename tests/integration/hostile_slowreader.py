#!/usr/bin/env python3
"""A client that stops reading is disconnected once its queue passes
--max-queue; everyone else's messages keep flowing, its leave notice comes
once, and the server's memory stays bounded."""

import socket

from chatlib import start_server, Client, check, msg_re, run, wait_for

QUEUE = 256 * 1024
N = 3000
TEXT = "x" * 400


def main():
    srv = start_server("--max-queue", str(QUEUE), "-m", "50")
    slow = Client(srv.port)
    slow.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    slow.join("slow")
    a = Client(srv.port)
    a.join("alice")
    b = Client(srv.port)
    b.join("bob")
    a.read_until("bob has joined our chat...")
    rss0 = srv.rss_kib()
    # slow never reads again. alice floods; bob must get every line.
    got = 0
    peak = rss0
    for i in range(N):
        a.send("%d %s" % (i, TEXT))
        if i % 100 == 99:
            while got <= i - 50:
                line = b.read_line(5)
                check(line is not None, "bob was cut off")
                if "[alice]:" in line:
                    check(line.endswith("%d %s" % (got, TEXT)),
                          "bob got %r, wanted message %d" % (line[:40], got))
                    got += 1
            peak = max(peak, srv.rss_kib())
    while got < N:
        line = b.read_line(5)
        check(line is not None, "bob was cut off")
        if "[alice]:" in line:
            got += 1
    check(got == N, "bob got %d of %d" % (got, N))
    # slow was dropped with a logged reason, and left exactly once.
    wait_for(lambda: "slow" in srv.log(), 5, what="a log line about slow")
    log = srv.log()
    check("slow" in log and ("queue" in log or "slow" in log.lower()),
          "no reason logged: %r" % log[-500:])
    left = [l for l in b.lines(0.5) if l.startswith("slow has left")]
    a_left = [l for l in a.lines(0.5) if l.startswith("slow has left")]
    # bob's leave notice may already have been read above: count all.
    check(len(a_left) == 1, "alice saw %d leave notices for slow"
          % len(a_left))
    check(len(left) <= 1, "bob saw %d leave notices" % len(left))
    # Bounded: the slow client's queue never held much more than QUEUE.
    check(peak - rss0 < 4 * QUEUE // 1024 + 2048,
          "server RSS grew by %d KiB (max-queue %d KiB)"
          % (peak - rss0, QUEUE // 1024))
    check(srv.alive(), "server died")


run(main)
