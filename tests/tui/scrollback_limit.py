"""--scrollback N keeps only the newest N lines: Ctrl-Home reaches the oldest
kept one, nothing before it."""
import os
import re
import sys

sys.dont_write_bytecode = True    # no __pycache__ in the tree
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from tuilib import Server, Tmux, fail  # noqa: E402

srv = Server()
tm = Tmux()
try:
    tm.client("a", "alice", srv.port, extra="--scrollback 10", width=80,
              height=30)
    tm.client("b", "bob", srv.port)
    for i in range(25):
        tm.type("b", "msg %02d" % i)
    tm.wait_for("a", r"<bob> msg 24")
    # 10 lines fit the screen: Ctrl-Home has nothing older to show.
    tm.keys("a", "C-Home")
    s = tm.screen("a")
    shown = re.findall(r"<bob> msg (\d\d)", s)
    if not shown or int(shown[0]) != 15 or "connecting" in s:
        fail("not exactly the last 10 lines kept: %r" % shown, s)
    print(s)
finally:
    tm.close()
    srv.stop()
