#!/usr/bin/env python3
"""Running out of fds (EMFILE) neither crashes the server nor spins it at
100% CPU; when fds free up it accepts again."""

import os
import resource
import socket
import time

from chatlib import Server, Client, check, msg_re, run, wait_for, BIN

LIMIT = 48


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    # The server inherits a low soft limit; this process gets its own back.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (LIMIT, hard))
    try:
        # Every connection comes from 127.0.0.1: no per-address limits,
        # so that the server does run out of fds.
        srv = Server(["--port", "0", "-m", "1000", "--max-per-addr", "0",
                      "--max-unnamed-per-addr", "0"])
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))

    a = Client(srv.port)
    a.join("alice")
    # Far more connections than the server has fds for.
    crowd = []
    for i in range(LIMIT * 2):
        s = socket.socket()
        s.settimeout(2)
        try:
            s.connect(("127.0.0.1", srv.port))
        except OSError:
            s.close()
            continue
        crowd.append(s)
    time.sleep(0.2)             # let the server hit EMFILE
    check(srv.alive(), "server died at EMFILE")
    c0 = cpu_seconds(srv.proc.pid)
    t0 = time.monotonic()
    time.sleep(1.0)
    used = cpu_seconds(srv.proc.pid) - c0
    wall = time.monotonic() - t0
    check(used < 0.5 * wall, "server spun at EMFILE: %.2fs CPU in %.2fs"
          % (used, wall))
    # alice can still chat with herself being served.
    a.send("/who")
    check(a.read_until("alice", 3) is not None, "no answer while at EMFILE")
    for s in crowd:
        s.close()
    # Fds free up: new clients get in.
    b = Client(srv.port)
    b.join("bob", timeout=5)
    b.send("back in business")
    a.expect_line(msg_re("bob", "back in business"), 5)
    check("descriptor" in srv.log().lower() or "emfile" in srv.log().lower()
          or "open files" in srv.log().lower(),
          "EMFILE was not logged: %r" % srv.log()[-400:])
    check(srv.alive(), "server died")


run(main)
