"""The input line's edges: Home/End move in the line (Ctrl-Home/End
scroll); a resize while "Send N pasted lines?" is asked answers nothing;
what was typed survives a sent paste; a pasted single line with its line
end is typed, not sent; a line longer than the server takes is split
into several messages with a warning, never dropped."""
import os
import re
import sys

sys.dont_write_bytecode = True    # no __pycache__ in the tree
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from tuilib import Server, Tmux, fail, wait  # noqa: E402

PROMPT = len("[#general] ")

srv = Server()
tm = Tmux()


def cursor(name):
    x, y = tm.tmux("display", "-p", "-t", tm.t(name),
                   "#{cursor_x} #{cursor_y}").split()
    return int(x), int(y)


def paste(name, text):
    tm.tmux("set-buffer", "-b", "p", text)
    tm.tmux("paste-buffer", "-p", "-b", "p", "-t", tm.t(name))


try:
    tm.client("b", "bob", srv.port, width=100, height=60)
    tm.client("a", "alice", srv.port, width=80, height=24)
    # Home and End move the cursor in the input line.
    tm.keys("a", "-l", "hello world")
    tm.wait_for("a", r"^\[#general\] hello world")
    tm.keys("a", "Home")
    if not wait(lambda: cursor("a")[0] == PROMPT, 3):
        fail("Home: cursor at %d, not the line's start" % cursor("a")[0],
             tm.screen("a"))
    tm.keys("a", "-l", ">")
    tm.wait_for("a", r"^\[#general\] >hello world")
    tm.keys("a", "End")
    tm.keys("a", "-l", "<")
    tm.wait_for("a", r"^\[#general\] >hello world<")
    tm.keys("a", "C-u")
    # A resize while the paste question is shown does not answer it.
    paste("a", "p1\np2\np3\np4\np5")
    tm.wait_for("a", r"Send 5 pasted lines\? \(y/n\)")
    tm.resize("a", 70, 20)
    tm.wait_for("a", r"^ \[#general\].*", 5)
    s = tm.screen("a")
    if "Paste dropped" in s or "Send 5 pasted lines?" not in s:
        fail("a resize answered the paste question", s)
    tm.keys("a", "y")
    tm.wait_for("b", r"<alice> p5")
    tm.resize("a", 80, 24)
    # What was typed survives a paste that is sent.
    tm.keys("a", "-l", "my draft")
    paste("a", "q1\nq2")
    tm.wait_for("b", r"<alice> q2")
    tm.wait_for("a", r"^\[#general\] my draft\s*$")
    tm.keys("a", "C-u")
    # One pasted line with its line end is typed, not sent.
    paste("a", "/nick mallory\n")
    tm.wait_for("a", r"^\[#general\] /nick mallory\s*$")
    wait(lambda: "mallory" in tm.screen("b"), 1)
    if "mallory" in tm.screen("b") or "known as" in tm.screen("a"):
        fail("a pasted line with a line end was sent", tm.screen("a"))
    tm.keys("a", "C-u")
    # A line longer than the server's 4096 bytes: split, with a warning.
    long = " ".join("w%04d" % i for i in range(1100))   # 6599 bytes
    paste("a", long)
    tm.keys("a", "Enter")
    tm.wait_for("b", r"w1099")
    tm.keys("a", "C-Home")     # the warning came before the long echo
    s = tm.wait_for("a", r"sent as 2 messages")
    tm.keys("a", "C-End")
    s += tm.screen("a")
    if "too long" in s or "ignored" in s:
        fail("the server refused part of a long line", s)
    bob = tm.screen("b")
    # 680 words of 5 and their spaces fill 4079 of the 4082 bytes left
    # after "/say general " (protocol 2; 682 of 4095 with protocol 1): the
    # second message starts at a word, the 681st.
    if not re.search(r"<alice> w0680 w0681 ", bob) or "w1099" not in bob:
        fail("bob did not get the second piece whole", bob)
    print(s)
finally:
    tm.close()
    srv.stop()
