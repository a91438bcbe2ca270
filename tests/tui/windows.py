"""Windows: a private message opens a query window beside the room's,
the status line lists them with activity (* new messages, ! a mention or
a private message), Alt-n, Alt-Left/Right, Ctrl-N/P, /window N and Alt-A
switch, a line typed in a query goes to that nick alone, each window
keeps its own scrollback, /close closes a query (never the room's)."""
import os
import sys

sys.dont_write_bytecode = True    # no __pycache__ in the tree
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from tuilib import Server, Tmux, fail, wait  # noqa: E402

srv = Server()
tm = Tmux()
try:
    tm.client("a", "alice", srv.port, width=100, height=20)
    tm.client("b", "bob", srv.port, width=100, height=20)
    tm.client("c", "carol", srv.port, width=100, height=20)
    # An incoming private message opens a window, marked '!'.
    tm.type("b", "/msg alice psst, alice")
    tm.wait_for("a", r"\[1:#general 2:bob!\] \[#general\]")
    s = tm.screen("a")
    if "psst" in s:
        fail("the private message showed in the room's window", s)
    # /query opens (and shows) a window of our own making.
    tm.type("a", "/query carol")
    tm.wait_for("a", r"^\[carol\]\s*$")
    tm.wait_for("a", r"\[1:#general 2:bob! 3:carol\]")
    # A line typed in a query goes to that nick alone.
    tm.type("a", "just between us")
    tm.wait_for("c", r"\[1:#general 2:alice!\]")
    tm.keys("c", "M-2")
    tm.wait_for("c", r"\[alice -> carol\] just between us")
    s = tm.wait_for("a", r"\[alice -> carol\] just between us")
    # Room messages mark the room's window '*'; a mention marks it '!'.
    tm.type("b", "hello room")
    tm.wait_for("a", r"\[1:#general\* 2:bob! 3:carol\]")
    tm.type("b", "alice: are you there?")
    tm.wait_for("a", r"\[1:#general! 2:bob! 3:carol\]")
    # Alt-A goes to a window with a mention or private message.
    tm.keys("a", "M-a")
    tm.wait_for("a", r"^\[#general\]\s*$")
    tm.wait_for("a", r"<bob> alice: are you there\?")
    tm.wait_for("a", r"\[1:#general 2:bob! 3:carol\]")
    tm.keys("a", "M-a")
    tm.wait_for("a", r"^\[bob\]\s*$")
    s = tm.wait_for("a", r"\[bob -> alice\] psst, alice")
    if "hello room" in s:
        fail("the room's lines showed in bob's window", s)
    # Alt-Left/Right, Ctrl-N/P and /window N step through them.
    tm.keys("a", "M-Right")
    tm.wait_for("a", r"^\[carol\]\s*$")
    tm.keys("a", "C-n")
    tm.wait_for("a", r"^\[#general\]\s*$")
    tm.keys("a", "C-p")
    tm.wait_for("a", r"^\[carol\]\s*$")
    tm.keys("a", "M-Left")
    tm.wait_for("a", r"^\[bob\]\s*$")
    tm.type("a", "/window 1")
    tm.wait_for("a", r"^\[#general\]\s*$")
    tm.keys("a", "M-3")
    tm.wait_for("a", r"^\[carol\]\s*$")
    # /close closes the query; the room's window stays.
    tm.type("a", "/close")
    tm.wait_for("a", r"\[1:#general 2:bob\] \[#general\]")
    tm.keys("a", "M-1")
    tm.type("a", "/close")
    tm.wait_for("a", r"The room's window stays open")
    tm.type("a", "/window 9")
    tm.wait_for("a", r"/window 9: .*\(1 to 2\)")
    print(tm.screen("a"))
finally:
    tm.close()
    srv.stop()
