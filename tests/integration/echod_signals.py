"""Processes and signals, checked in /proc: fork's children are reaped as
clients leave (no zombies); SIGTERM with clients connected reaches every
child, and each model exits 0 leaving no process behind; SIGUSR1 prints
the counters."""

import os
import signal

from echod_lib import (MODELS, Conn, Echod, alive, check, fail,
                       proc_children, wait_for)

N = 8

for model in MODELS:
    srv = Echod(model, "--delay", "5000", "--threads", str(N))
    cs = []
    for i in range(N):
        c = Conn(srv.port)
        c.send(b"never echoed %d\n" % i)	# still waiting at SIGTERM
        cs.append(c)
    wait_for(lambda: srv.stats()["clients"] == N, "%s: %d clients" %
             (model, N))
    kids = []
    if model == "fork":
        kids = srv.wait_children(N)
        # Clients leaving: their children are reaped, none left a zombie.
        for c in cs[:3]:
            c.close()
        srv.wait_children(N - 3)
        wait_for(lambda: not srv.zombies(), "fork: zombies reaped")
        kids = [p for p, s in srv.children()]
    elif model == "threads":
        check(srv.threads() >= N + 1, "threads: %d threads" % srv.threads())
        check(srv.children() == [], "threads: children %r" % srv.children())
    else:
        check(srv.threads() == 1, "poll: %d threads" % srv.threads())
    pid = srv.proc.pid
    rc = srv.stop(signal.SIGTERM)
    check(rc == 0, "%s: SIGTERM exit status %r: %s" % (model, rc, srv.log()))
    # No orphans: every child went with the parent (an orphan would live
    # on under init); and nothing is left under the old pid.
    left = [k for k in kids if alive(k)]
    if left:
        fail("%s: children left after SIGTERM: %r" % (model, left))
    check(proc_children(pid) == [], "%s: children of a gone parent" % model)
    # Each client sees its connection closed.
    for c in cs[3 if model == "fork" else 0:]:
        c.read_eof(timeout=5)
    check("exit: clients=0" in srv.log(), "%s: exit report %r" %
          (model, srv.log()))

# SIGINT (a terminal's ^C) stops the fork model as cleanly.
srv = Echod("fork")
c = Conn(srv.port)
c.send(b"x\n")
c.expect(b"x\n")
kids = srv.wait_children(1)
os.kill(srv.proc.pid, signal.SIGINT)
check(srv.proc.wait(10) == 0, "fork: SIGINT exit status")
check(not any(alive(k) for k in kids), "fork: child left after SIGINT")
print("ok")
