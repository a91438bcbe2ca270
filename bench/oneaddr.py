#!/usr/bin/env python3
"""Issue 16's case, timed: CROWD (1,100) connections from 127.0.0.1 that
never send a name, then how long until a newcomer from 127.0.0.2 gets the
name prompt, and until it has joined and read a line another newcomer
(127.0.0.3) said. A refused newcomer tries again every 0.5 s, for up to
75 s (the old build lets one in only when the name timeout, 60 s, has
cleared the crowd).

    python3 bench/oneaddr.py BIN [CROWD] [tcpchatd options...]
    python3 bench/oneaddr.py bin                 # this build, defaults
"""

import os
import resource
import select
import socket
import sys
import time

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "integration"))
os.environ.setdefault("TCPCHAT_BIN", os.path.abspath(sys.argv[1]
                                                      if len(sys.argv) > 1
                                                      else "bin"))
from chatlib import Client, PROMPT_NAME, Timeout, start_server  # noqa

LIMIT_S = 75.0


def crowd(port, n):
    socks = [socket.create_connection(("127.0.0.1", port), timeout=5,
                                      source_address=("127.0.0.1", 0))
             for _ in range(n)]
    p = select.poll()
    p.register(socks[-1], select.POLLIN)
    p.poll(10000)               # answered in order: all are in
    return socks


def main():
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1100
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, n + 1024), hard))
    srv = start_server(*sys.argv[3:])
    socks = crowd(srv.port, n)
    t0 = time.monotonic()
    first = None
    while time.monotonic() - t0 < LIMIT_S:
        a = Client(srv.port, source="127.0.0.2")
        try:
            a.read_until(PROMPT_NAME, 0.5)
            break
        except Timeout:
            pass
        if first is None:
            first = a.buf
        a.close()
        time.sleep(0.5)
    else:
        print("%d unnamed from 127.0.0.1: 127.0.0.2 refused for %.0f s: %r"
              % (n, LIMIT_S, first))
        return 1
    prompt = time.monotonic() - t0
    a.send("carol")
    a.read_until("]:", 5)
    b = Client(srv.port, source="127.0.0.3")
    b.join("dave", timeout=5)
    a.read_until("dave has joined our chat...", 5)
    b.send("hello past the crowd")
    a.read_until("hello past the crowd", 5)
    print("%d unnamed from 127.0.0.1: 127.0.0.2 got the prompt after "
          "%.3f s, joined and chatted after %.3f s%s" %
          (n, prompt, time.monotonic() - t0,
           "" if first is None else " (refused before: %r)" % first))
    srv.stop()
    for s in socks:
        s.close()
    return 0


sys.exit(main())
