"""Scrollback and pastes: PgUp shows older lines with a MORE marker that
counts what arrives meanwhile without moving the view; Ctrl-End follows again;
Ctrl-Home reaches the oldest line; F2 hides the people list; a paste of many
lines asks first, a short one is sent, a one-line paste is only typed."""
import os
import sys

sys.dont_write_bytecode = True    # no __pycache__ in the tree
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from tuilib import Server, Tmux, fail, wait  # noqa: E402

srv = Server()
tm = Tmux()
try:
    tm.client("a", "alice", srv.port, width=80, height=12)
    tm.wait_for("a", r"Connected as alice")
    tm.client("b", "bob", srv.port)
    tm.wait_for("a", r"bob has joined")
    for i in range(30):
        tm.type("b", "msg %02d" % i)
    tm.wait_for("a", r"<bob> msg 29")
    tm.keys("a", "S-Up")
    s = tm.wait_for("a", r"-- MORE: 1 below")
    if "msg 29" in s:
        fail("Shift-Up did not scroll by a row", s)
    tm.keys("a", "S-Down")
    s = tm.wait_for("a", r"<bob> msg 29")
    if "MORE" in s:
        fail("Shift-Down did not come back", s)
    tm.keys("a", "PPage")
    s = tm.wait_for("a", r"-- MORE: \d+ below")
    if "msg 29" in s or "msg 2" not in s:
        fail("PgUp did not go back a page", s)
    view = [l for l in s.splitlines()[:9]]
    tm.type("b", "while you were away")
    s = tm.wait_for("a", r"-- MORE: \d+ below")
    wait(lambda: "MORE: %d" % 1 not in tm.screen("a"), 1)
    s = tm.screen("a")
    if s.splitlines()[:9] != view:
        fail("a new message moved the scrolled view", s)
    if "while you were away" in s:
        fail("the new message was shown while scrolled up", s)
    tm.keys("a", "C-Home")
    tm.wait_for("a", r"tcpchat \d+\.\d+\.\d+: connecting")
    tm.keys("a", "C-End")
    s = tm.wait_for("a", r"<bob> while you were away")
    if "MORE" in s:
        fail("still scrolled after End", s)
    tm.keys("a", "F2")
    s = wait(lambda: (lambda t: t if "│" not in t else None)(
        tm.screen("a")), 3)
    if not s:
        fail("F2 did not hide the people list", tm.screen("a"))
    tm.keys("a", "F2")
    tm.wait_for("a", r"│bob")
    tm.keys("a", "C-l")
    tm.wait_for("a", r"<bob> while you were away")
    # Pastes (tmux sends them bracketed since tcpchat asked for it).
    tm.tmux("set-buffer", "-b", "p", "one\ntwo\nthree\nfour\nfive")
    tm.tmux("paste-buffer", "-p", "-b", "p", "-t", tm.t("a"))
    tm.wait_for("a", r"Send 5 pasted lines\? \(y/n\)")
    tm.keys("a", "n")
    tm.wait_for("a", r"Paste dropped")
    tm.tmux("paste-buffer", "-p", "-b", "p", "-t", tm.t("a"))
    tm.wait_for("a", r"Send 5 pasted lines")
    tm.keys("a", "y")
    tm.wait_for("b", r"<alice> five")
    tm.tmux("set-buffer", "-b", "p", "/quit is not a command\nsecond")
    tm.tmux("paste-buffer", "-p", "-b", "p", "-t", tm.t("a"))
    tm.wait_for("b", r"<alice> /quit is not a command")
    tm.tmux("set-buffer", "-b", "p", "just typed")
    tm.tmux("paste-buffer", "-p", "-b", "p", "-t", tm.t("a"))
    tm.wait_for("a", r"^\[#general\] just typed")
    if "just typed" in tm.screen("b"):
        fail("a one-line paste was sent without Enter")
    print(tm.screen("a"))
finally:
    tm.close()
    srv.stop()
