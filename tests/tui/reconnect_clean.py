"""A clean server shutdown: one notice for it (not the server's notice,
its BYE and the closed connection, three lines), and the delays start
again at 1 s each time, however often it happens; /reconnect connects
again at once."""
import os
import re
import signal
import sys

sys.dont_write_bytecode = True    # no __pycache__ in the tree
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from tuilib import Server, Tmux, fail  # noqa: E402

srv = Server()
tm = Tmux()
try:
    tm.client("a", "alice", srv.port, width=80, height=30)
    for round in range(3):
        srv.kill(signal.SIGTERM)
        s = tm.wait_for("a", r"\[reconnecting in \d+s\]")
        m = re.search(r"\[reconnecting in (\d+)s\]", s)
        if int(m.group(1)) > 1:
            fail("after clean shutdown %d the first delay is %ss"
                 % (round + 1, m.group(1)), s)
        srv.start()
        s = tm.wait_for("a", r"(?s)(Back as alice.*){%d}" % (round + 1), 10)
        tm.wait_for("a", r"\[connected\]", 5)
    s = tm.screen("a")
    lines = [l for l in s.splitlines() if "-!-" in l]
    gone = [l for l in lines if "shutting down" in l or "Bye" in l or
            "Disconnected" in l or "closed" in l]
    if len(gone) != 3:
        fail("%d lines for 3 shutdowns" % len(gone), s)
    # /reconnect: a new connection at once, no doubled notices.
    tm.type("a", "/reconnect")
    s = tm.wait_for("a", r"(?s)Reconnecting.*Back as alice", 5)
    if "Disconnected: reconnecting" in s:
        fail("/reconnect said it twice", s)
    tm.type("a", "/quit")
    print(s)
finally:
    tm.close()
    srv.stop()
