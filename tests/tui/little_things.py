"""Little things seen in an hour of use: a name typed at [name?] stays out
of the input history; /join of the room you are in says so instead of
replaying it; a name cut in the people list ends in a mark."""
import os
import sys

sys.dont_write_bytecode = True    # no __pycache__ in the tree
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from tuilib import Server, Tmux, fail, wait  # noqa: E402

LONG = "averyveryverylongnickname"      # 25 columns; the list takes 18

srv = Server()
tm = Tmux()
try:
    tm.client("b", "bob", srv.port)
    tm.client("l", LONG, srv.port)
    # bob is taken: the name typed instead is no input line to recall.
    tm.client("a", "bob", srv.port, width=80, height=24, signed_in=False)
    tm.wait_for("a", r"^\[name\?\]\s*$")
    tm.type("a", "secretname")
    tm.wait_for("a", r"Connected as secretname")
    tm.keys("a", "Up")
    wait(lambda: "secretname" in tm.screen("a").splitlines()[-1], 1)
    last = tm.screen("a").splitlines()[-1]
    if "secretname" in last:
        fail("the name typed at [name?] is in the input history",
             tm.screen("a"))
    # /join of the room we are in.
    tm.type("a", "/join #general")
    s = tm.wait_for("a", r"You are in #general already")
    # A cut name ends in a mark.
    s = tm.wait_for("a", r"│averyveryverylong…")
    if "│averyveryverylongn" in s:
        fail("the long name was cut with no mark", s)
    tm.type("a", "/quit")
    wait(lambda: tm.dead("a"), 5)
    hist = os.path.join(tm.home, "state", "tcpchat", "history")
    with open(hist) as f:
        lines = f.read().splitlines()
    if "secretname" in lines or "/join #general" not in lines:
        fail("history holds %r" % lines)
    print(s)
finally:
    tm.close()
    srv.stop()
