#!/usr/bin/env python3
"""2,000 connect/disconnect cycles, mixing orderly closes, resets and
half-closes before and after the name: the server stays up, leaks no fds,
and announces each leave exactly once."""

import re

from chatlib import start_server, Client, check, run, wait_for

CYCLES = 2000


def main():
    srv = start_server("-m", "200")
    obs = Client(srv.port)
    obs.join("observer")
    wait_for(lambda: srv.fd_count() > 0, what="fd count")
    base = srv.fd_count()
    joined = 0
    text = ""
    for i in range(CYCLES):
        c = Client(srv.port)
        kind = i % 5
        if kind == 0:
            c.close()                       # before anything
        elif kind == 1:
            c.reset()                       # RST before the name
        else:
            c.join("u%d" % i)
            joined += 1
            if kind == 2:
                c.close()
            elif kind == 3:
                c.reset()
            else:
                c.shutdown_write()          # half-close: FIN, still reading
                c.wait_closed(5)
                c.close()
        if i % 200 == 199:
            text += "\n".join(obs.lines(0.01)) + "\n"
    # Every joined client left exactly once, as the observer saw it.
    seen = {}

    def drained():
        nonlocal text
        text += "\n".join(obs.lines(0.2)) + "\n"
        return text.count("has left our chat...") >= joined

    wait_for(drained, 20, step=0, what="%d leave notices" % joined)
    for m in re.finditer(r"(u\d+) has left our chat\.\.\.", text):
        seen[m.group(1)] = seen.get(m.group(1), 0) + 1
    dups = {k: v for k, v in seen.items() if v != 1}
    check(not dups, "duplicate leave notices: %r" % list(dups.items())[:5])
    check(len(seen) == joined, "%d leave notices for %d joins"
          % (len(seen), joined))
    wait_for(lambda: srv.fd_count() <= base, 5,
             what="fds back to %d (now %d)" % (base, srv.fd_count()))
    check(srv.alive(), "server died")
    obs.send("still alive?")
    check(srv.alive(), "server died")


run(main)
