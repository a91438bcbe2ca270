"""Resizing to 40 columns re-lays-out and redraws everything (text
rewrapped, people list hidden, status and input at the bottom); back to
100 columns it is as before."""
import os
import sys
import time

sys.dont_write_bytecode = True    # no __pycache__ in the tree
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from tuilib import Server, Tmux, fail, wait  # noqa: E402

MSG = "the quick brown fox jumps over the lazy dog and keeps running"

srv = Server()
tm = Tmux()


def check_bottom(s, rows):
    lines = s.split("\n")
    if len(lines) < rows:
        fail("screen has %d rows, wanted %d" % (len(lines), rows), s)
    if not lines[rows - 2].startswith(" [#general] [alice]"):
        fail("status line not on row %d" % (rows - 1), s)
    if not lines[rows - 1].startswith("[#general] draft"):
        fail("input line (with the draft) not at the bottom", s)


try:
    tm.client("a", "alice", srv.port, width=100, height=30)
    tm.wait_for("a", r"Connected as alice")
    tm.type("a", MSG)
    tm.keys("a", "-l", "draft")
    s = tm.wait_for("a", r"<alice> " + MSG + r"\s+│")
    check_bottom(s, 30)
    tm.resize("a", 40, 20)
    s = wait(lambda: (lambda t: t if "<alice> the quick brown" in t and
                      "│" not in t else None)(tm.screen("a")), 5)
    if not s:
        fail("no relayout at 40 columns", tm.screen("a"))
    if any(len(l) > 40 for l in s.splitlines()):
        fail("rows longer than 40 columns", s)
    if "\n" + " " * len("13:14 <alice> ") + "over the lazy" not in s:
        fail("message not rewrapped under its text", s)
    check_bottom(s, 20)
    for w, h in ((5, 3), (1, 1), (3, 10), (100, 30)):
        tm.resize("a", w, h)
        time.sleep(0.2)
    s = tm.wait_for("a", r"<alice> " + MSG + r"\s+│")
    # Idle after all that: no busy loop (a spinning client burns ~100
    # ticks a second; an idle one none).
    pid = tm.client_pid("a")
    if pid is None:
        fail("no tcpchat process", s)
    before = tm.cpu_ticks(pid)
    time.sleep(1)
    if tm.cpu_ticks(pid) - before > 20:
        fail("tcpchat keeps the CPU busy after resizing", s)
    check_bottom(s, 30)
    if "│alice" not in s:
        fail("people list not back", s)
    print(s)
finally:
    tm.close()
    srv.stop()
