"""Several rooms (protocol 2): /join opens a room's window and shows it,
a private message opens a query; the status line lists rooms and queries
with activity ([1:#general 2:#dev* 3:bob!]); Alt-n switches and the nick
list shows the room shown; /part closes a room's window; a server restart
rejoins both rooms directly (people in #general see no join and leave of
a pass through), and each window shows its history once."""
import os
import signal
import sys
import tempfile

sys.dont_write_bytecode = True    # no __pycache__ in the tree
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from tuilib import Server, Tmux, fail  # noqa: E402

logdir = tempfile.mkdtemp(prefix="tcpchat-rooms-")
srv = Server(args=["--log", os.path.join(logdir, "chat.log")])
tm = Tmux()
try:
    tm.client("a", "alice", srv.port, width=100, height=20)
    tm.client("b", "bob", srv.port, width=100, height=20)
    tm.client("w", "watcher", srv.port, width=100, height=20)
    tm.wait_for("a", r"bob has joined #general")
    # /join opens #dev's window and shows it; #general stays joined.
    tm.type("a", "/join #dev")
    tm.wait_for("a", r"\[1:#general 2:#dev\] \[#dev\]")
    tm.wait_for("a", r"^\[#dev\]\s*$")
    tm.type("b", "/join dev")
    tm.wait_for("a", r"bob has joined #dev")
    tm.wait_for("b", r"^\[#dev\]\s*$")
    # bob's plain line goes to the room bob shows, #dev
    tm.type("b", "dev talk before")
    tm.wait_for("a", r"<bob> dev talk before")
    tm.keys("b", "M-1")
    tm.wait_for("b", r"^\[#general\]\s*$")
    tm.type("b", "general talk before")
    tm.wait_for("a", r"\[1:#general\* 2:#dev\]")
    tm.type("b", "/msg alice psst")
    tm.wait_for("a", r"\[1:#general\* 2:#dev 3:bob!\] \[#dev\]")
    s = tm.screen("a")
    if "general talk" in s or "psst" in s:
        fail("another window's line showed in #dev's", s)
    # the nick list is the room shown: watcher is in #general only
    if "watcher" in s:
        fail("#general's people listed in #dev's window", s)
    tm.keys("a", "M-1")
    s = tm.wait_for("a", r"<bob> general talk before")
    if "watcher" not in s or "dev talk" in s:
        fail("#general's window or people wrong", s)
    tm.keys("a", "M-3")
    tm.wait_for("a", r"\[bob -> alice\] psst")
    tm.keys("a", "M-2")
    tm.wait_for("a", r"^\[#dev\]\s*$")
    # a server restart: both rooms rejoined, no pass through #general
    srv.kill(signal.SIGKILL)
    tm.wait_for("a", r"Disconnected")
    tm.type("w", "/clear")
    srv.start()
    tm.wait_for("a", r"\[1:#general 2:#dev 3:bob\] \[#dev\] \[alice\] "
                r"\[connected\] \[2 people\]", 20)
    tm.wait_for("b", r"\[bob\] \[connected\]", 20)
    tm.type("b", "/join dev")
    tm.keys("b", "M-2")
    tm.type("b", "dev talk after")
    s = tm.wait_for("a", r"<bob> dev talk after")
    if s.count("dev talk before") != 1:
        fail("#dev's history shown %d times" % s.count("dev talk before"),
             s)
    tm.keys("a", "M-1")
    s = tm.wait_for("a", r"^\[#general\]\s*$")
    if s.count("general talk before") != 1:
        fail("#general's history shown %d times"
             % s.count("general talk before"), s)
    # /part closes #dev's window; the others stay
    tm.keys("a", "M-2")
    tm.wait_for("a", r"^\[#dev\]\s*$")
    tm.type("a", "/part bye dev")
    tm.wait_for("a", r"\[1:#general 2:bob\] \[#general\]")
    tm.wait_for("b", r"alice has left #dev \(part: bye dev\)")
    print(tm.screen("b"))
finally:
    tm.close()
    srv.stop()
    for f in os.listdir(logdir):
        os.unlink(os.path.join(logdir, f))
    os.rmdir(logdir)
