#!/usr/bin/env python3
"""A client that vanishes (reset) while the server writes a large backlog
to it does not take the server down, nor disturb anybody else."""

import socket

from chatlib import start_server, Client, check, msg_re, run

HIST = 5000


def main():
    srv = start_server("--history", str(HIST), "-m", "100",
                       "--line-rate", "0")
    a = Client(srv.port)
    a.join("alice")
    for i in range(HIST):
        a.send_raw(("history line %d %s\n" % (i, "y" * 200)).encode())
    a.send("marker")
    obs = Client(srv.port)
    obs.join("observer", timeout=10)
    a.read_until("observer has joined our chat...", 10)
    # Joiners that get the whole backlog and vanish mid-write.
    for i in range(20):
        v = Client(srv.port)
        v.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        v.read_until("[ENTER YOUR NAME]:")
        v.send("ghost%d" % i)
        v.reset() if i % 2 else v.close()
    # And a reader that leaves while live traffic is queued to it.
    v = Client(srv.port)
    v.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    v.read_until("[ENTER YOUR NAME]:")
    v.send("quitter")
    v.read_until("history line 1 ", 10)    # the backlog is flowing
    for i in range(500):
        a.send_raw(("live %d %s\n" % (i, "z" * 300)).encode())
    v.reset()
    a.send("after the ghosts")
    obs.expect_line(msg_re("alice", "after the ghosts"), 10)
    check(srv.alive(), "server died")
    b = Client(srv.port)
    b.join("bob", timeout=10)
    check(srv.alive(), "server died")


run(main)
