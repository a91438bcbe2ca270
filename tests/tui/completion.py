"""Tab completion: the latest speaker first, never your own name first;
rooms after /join and /part; after /msg anyone known, not only the
room's people."""
import os
import sys

sys.dont_write_bytecode = True    # no __pycache__ in the tree
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from tuilib import Server, Tmux, fail  # noqa: E402

srv = Server()
tm = Tmux()
try:
    tm.client("a", "alice", srv.port, width=90, height=20)
    tm.client("i", "alicia", srv.port)
    tm.client("n", "dan", srv.port)
    tm.client("v", "dave", srv.port)
    tm.client("z", "zed", srv.port, extra="-r dev")
    tm.wait_for("z", r"(Connected as \S+ in|You are now in) #dev")
    tm.type("n", "dan here")
    tm.type("v", "dave here")
    tm.wait_for("a", r"<dave> dave here")
    # dave spoke last: "d" is dave before dan.
    tm.keys("a", "-l", "hi d")
    tm.keys("a", "Tab")
    tm.wait_for("a", r"^\[#general\] hi dave\s*$")
    tm.keys("a", "C-u")
    # Never our own name first: "ali" is alicia, not alice.
    tm.keys("a", "-l", "ali")
    tm.keys("a", "Tab")
    tm.wait_for("a", r"^\[#general\] alicia:\s*$")
    tm.keys("a", "C-u")
    # Rooms after /join, once heard of.
    tm.type("a", "/rooms")
    tm.wait_for("a", r"Rooms: .*#dev")
    tm.keys("a", "-l", "/join #d")
    tm.keys("a", "Tab")
    tm.wait_for("a", r"^\[#general\] /join #dev\s*$")
    tm.keys("a", "C-u")
    # zed is in #dev; once it wrote to us, /msg completes it.
    tm.type("z", "/msg alice hello from dev")
    tm.wait_for("a", r"2:zed!")
    tm.keys("a", "-l", "/msg z")
    tm.keys("a", "Tab")
    tm.wait_for("a", r"^\[#general\] /msg zed\s*$")
    print(tm.screen("a"))
finally:
    tm.close()
    srv.stop()
