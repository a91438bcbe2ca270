#!/usr/bin/env python3
"""A client that stops reading is disconnected once its queue passes
--max-queue; everyone else's messages keep flowing, its leave notice comes
once, and the server's memory stays bounded."""

import socket

from chatlib import start_server, Client, check, msg_re, run, wait_for, \
    SANITIZED

QUEUE = 256 * 1024
LIMIT = 40000       # 16 MB: far past any socket buffer
TEXT = "x" * 400


def main():
    srv = start_server("--max-queue", str(QUEUE), "-m", "50", "--history", "10",
                       "--line-rate", "0")
    slow = Client(srv.port)
    slow.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    slow.join("slow")
    a = Client(srv.port)
    a.join("alice")
    b = Client(srv.port)
    b.join("bob")
    a.read_until("bob has joined our chat...")
    rss0 = srv.rss_kib()
    # slow never reads again. alice floods (in batches, bounded) until the
    # server cuts slow off; bob must get every line, in order.
    sent = got = 0
    peak = rss0
    while "kicked" not in srv.log() and sent < LIMIT:
        for _ in range(100):
            a.send_raw(("%d %s\n" % (sent, TEXT)).encode())
            sent += 1
        while got < sent - 50:
            line = b.read_line(5)
            check(line is not None, "bob was cut off")
            if "[alice]:" in line:
                check(line.endswith("%d %s" % (got, TEXT)),
                      "bob got %r, wanted message %d" % (line[:40], got))
                got += 1
        peak = max(peak, srv.rss_kib())
    check(sent < LIMIT, "slow was never cut off after %d messages" % sent)
    while got < sent:
        line = b.read_line(5)
        check(line is not None, "bob was cut off")
        if "[alice]:" in line:
            got += 1
    # slow was dropped with a logged reason, and left exactly once.
    wait_for(lambda: "slow" in srv.log(), 5, what="a log line about slow")
    log = srv.log()
    check("slow" in log and ("queue" in log or "slow" in log.lower()),
          "no reason logged: %r" % log[-500:])
    # Leave notices may follow prompts on the same line: count them all.
    b_left = "\n".join(b.lines(0.5)).count("slow has left our chat...")
    a_left = a.quiet(0.5).count(b"slow has left our chat...")
    check(a_left == 1, "alice saw %d leave notices for slow" % a_left)
    check(b_left <= 1, "bob saw %d leave notices for slow" % b_left)
    # Bounded: the slow client's queue never held much more than QUEUE.
    # (ASan's quarantine keeps freed memory: the bound means nothing there.)
    check(SANITIZED or peak - rss0 < 4 * QUEUE // 1024 + 2048,
          "server RSS grew by %d KiB (max-queue %d KiB)"
          % (peak - rss0, QUEUE // 1024))
    check(srv.alive(), "server died")


run(main)
