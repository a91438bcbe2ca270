"""Idle, tcpchat wakes up zero times a second: no poll timeout, no tick
(its context switches do not move while nothing happens), and it wakes
when something does."""
import os
import sys
import time

sys.dont_write_bytecode = True    # no __pycache__ in the tree
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from tuilib import Server, Tmux, fail  # noqa: E402


def switches(pid):
    n = 0
    for tid in os.listdir("/proc/%d/task" % pid):
        with open("/proc/%d/task/%s/status" % (pid, tid)) as f:
            for line in f:
                if line.startswith(("voluntary_ctxt_switches",
                                    "nonvoluntary_ctxt_switches")):
                    n += int(line.split()[1])
    return n


srv = Server()
tm = Tmux()
try:
    tm.client("a", "alice", srv.port)
    tm.client("b", "bob", srv.port)
    tm.wait_for("a", r"bob has joined")
    pid = tm.client_pid("a")
    if pid is None:
        fail("no tcpchat process")
    time.sleep(0.5)
    before = switches(pid)
    time.sleep(3)
    idle = switches(pid) - before
    if idle > 1:
        fail("woke %d times in 3 idle seconds" % idle)
    tm.type("b", "wake up")
    tm.wait_for("a", r"<bob> wake up")
    if switches(pid) == before:
        fail("the context switch count does not move at all")
    print("idle wake-ups in 3 s: %d" % idle)
finally:
    tm.close()
    srv.stop()
