"""Two tcpchat clients in tmux talk both ways through a real tcpchatd:
each sees the other's message and its own, the people list and /who."""
import os
import sys

sys.dont_write_bytecode = True    # no __pycache__ in the tree
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from tuilib import Server, Tmux, fail, wait  # noqa: E402

srv = Server()
tm = Tmux()
try:
    tm.client("a", "alice", srv.port)
    tm.wait_for("a", r"Connected as alice in #general")
    tm.client("b", "bob", srv.port)
    tm.wait_for("b", r"Connected as bob in #general")
    tm.wait_for("a", r"bob has joined #general")
    # The people list beside the messages holds both.
    s = tm.wait_for("a", r"│bob\s*$")
    if not any(l.rstrip().endswith("│alice") for l in s.splitlines()):
        fail("alice not in the people list", s)
    tm.type("a", "hello bob, from alice")
    tm.wait_for("b", r"^\d\d:\d\d <alice> hello bob, from alice")
    tm.wait_for("a", r"^\d\d:\d\d <alice> hello bob, from alice")
    tm.type("b", "hi alice, bob here")
    tm.wait_for("a", r"^\d\d:\d\d <bob> hi alice, bob here")
    # A mention of alice is shown (and rang the bell; not checkable).
    tm.type("b", "/me waves at alice")
    tm.wait_for("a", r"\* bob waves at alice")
    tm.type("a", "/msg bob just you")
    # A private message opens a window of its own, marked in the list.
    tm.wait_for("b", r"\[1:#general 2:alice!\]")
    tm.keys("b", "M-2")
    tm.wait_for("b", r"\[alice -> bob\] just you")
    tm.keys("b", "M-1")
    tm.wait_for("b", r"\[1:#general 2:alice\]")
    tm.type("b", "/who")
    tm.wait_for("b", r"In #general \(2\): (alice, bob|bob, alice)")
    s = tm.wait_for("a", r"\[#general\] \[alice\] \[connected\] \[2 people\]")
    tm.type("b", "/quit")
    tm.wait_for("a", r"bob has left #general")
    if not wait(lambda: tm.dead("b"), 5):
        fail("bob's client did not exit on /quit", tm.screen("b"))
    print(tm.screen("a"))
finally:
    tm.close()
    srv.stop()
