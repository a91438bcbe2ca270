#!/usr/bin/env python3
"""200 connections that never finish their name do not stop a new client
from joining and chatting at once, with the default --max-clients (10) as
well as with room for everyone."""

import time

from chatlib import start_server, Client, check, msg_re, run


def idle_crowd(port, n):
    crowd = []
    for i in range(n):
        c = Client(port)
        if i % 2:
            c.send_raw(b"half a na")   # a name that never ends
        crowd.append(c)
    return crowd


def join_and_chat(srv, crowd_size, extra):
    crowd = idle_crowd(srv.port, crowd_size)
    a = Client(srv.port)
    t0 = time.monotonic()
    a.join("alice", timeout=1.0)
    b = Client(srv.port)
    b.join("bob", timeout=1.0)
    a.read_until("bob has joined our chat...", 1.0)
    b.send("hello through the crowd")
    a.expect_line(msg_re("bob", "hello through the crowd"), 1.0)
    took = time.monotonic() - t0
    check(took < 1.0, "join and chat took %.2fs beside %d unnamed (%s)"
          % (took, crowd_size, extra))
    for c in crowd:
        c.close()
    a.close()
    b.close()


# The crowd and alice and bob all come from 127.0.0.1: no per-address
# limits here (hostile_oneaddr.py tests those).
NO_PER_ADDR = ("--max-per-addr", "0", "--max-unnamed-per-addr", "0")


def main():
    srv = start_server("-m", "1000", *NO_PER_ADDR)
    join_and_chat(srv, 200, "-m 1000")
    srv.stop()
    srv = start_server(*NO_PER_ADDR)        # default: 10 clients
    join_and_chat(srv, 200, "default -m")
    check(srv.alive(), "server died")


run(main)
