#!/usr/bin/env python3
"""A 64 MiB line without a newline: the sender gets an error, the server's
memory does not grow with it, and the others keep chatting meanwhile."""

import socket
import time

from chatlib import start_server, Client, check, msg_re, run

MIB = 1024 * 1024


def main():
    srv = start_server("--max-line", "4096")
    a = Client(srv.port)
    a.join("alice")
    b = Client(srv.port)
    b.join("bob")
    a.read_until("bob has joined our chat...")
    m = Client(srv.port)
    m.join("mallory")
    rss0 = srv.rss_kib()

    # 64 MiB of 'A' with no newline, sent in slices while the others talk.
    m.sock.setblocking(True)
    m.sock.settimeout(10)
    block = b"A" * MIB
    peak = rss0
    for i in range(64):
        m.sock.sendall(block)
        if i % 16 == 0:
            a.send("still here %d" % i)
            b.expect_line(msg_re("alice", "still here %d" % i), 5)
            peak = max(peak, srv.rss_kib())
    m.sock.setblocking(False)
    peak = max(peak, srv.rss_kib())
    check(peak - rss0 < 8 * 1024,
          "server RSS grew by %d KiB while a 64 MiB line arrived"
          % (peak - rss0))

    # The sender was told, once; its next real line still works.
    err = m.read_until("too long", 5)
    rest = m.quiet(0.3)
    check(b"too long" not in rest, "more than one error: %r" % rest[:200])
    m.send("")          # ends the over-long line
    m.send("after the flood")
    a.expect_line(msg_re("mallory", "after the flood"), 5)
    got = b.lines(0.3)
    check(not any("AAAA" in l for l in got),
          "a piece of the long line was relayed: %r" % got[:3])
    check(srv.alive(), "server died")


run(main)
