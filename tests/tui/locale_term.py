"""Locale and terminal fallbacks: with LANG=C and LC_ALL=C, UTF-8 still
draws (C.UTF-8 stands in, as the man page says); an unknown TERM gets the
line client with a warning instead of an exit."""
import os
import sys

sys.dont_write_bytecode = True    # no __pycache__ in the tree
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from tuilib import BIN, Server, Tmux, fail, wait  # noqa: E402

srv = Server()
tm = Tmux()
try:
    tm.client("b", "bob", srv.port)
    # The pane's environment comes from the tmux server, so the command
    # sets its own.
    tm.new("a", "env LANG=C LC_ALL=C %s/tcpchat -n alice 127.0.0.1 %d "
           "2>>%s/a.err" % (BIN, srv.port, tm.home), 60, 12)
    tm.wait_for("a", r"Connected as alice")
    tm.type("b", "漢字 and é")
    s = tm.wait_for("a", r"<bob> ")
    s = tm.wait_for("a", r"<bob> 漢字 and é")
    if "??" in s:
        fail("UTF-8 drawn as ?? under LANG=C", s)
    # Typed wide characters are edited as characters, not bytes.
    tm.keys("a", "-l", "日本")
    tm.keys("a", "BSpace", "Enter")
    tm.wait_for("b", r"<alice> 日\s")
    tm.new("c", "env TERM=nosuchterm %s/tcpchat -n carol 127.0.0.1 %d "
           "2>&1; sleep 30" % (BIN, srv.port), 80, 12)
    s = tm.wait_for("c", r"cannot draw a screen on TERM=nosuchterm; the "
                    "line client instead")
    tm.wait_for("c", r"-!- Connected as carol in #general")
    tm.type("c", "hello from a plain terminal")
    tm.wait_for("b", r"<carol> hello from a plain terminal")
    print(tm.screen("a"))
    print(tm.screen("c"))
finally:
    tm.close()
    srv.stop()
