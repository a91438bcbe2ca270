"""The input line: readline editing inside curses with the cursor at the
right display column for wide and combining characters, Tab completion
of commands and names, history kept across runs, a taken name asked for
again in the input line."""
import os
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


def expect_cursor(name, x, why):
    if not wait(lambda: cursor(name)[0] == x, 3):
        fail("%s: cursor at column %d, wanted %d" % (why, cursor(name)[0],
                                                      x), tm.screen(name))


try:
    tm.client("b", "bob", srv.port)
    tm.wait_for("b", r"Connected as bob")
    tm.client("a", "alice", srv.port, width=80, height=24)
    tm.wait_for("a", r"Connected as alice")
    # 中文 (4 columns) e + U+0301 (1) 😀 (2): the cursor after them.
    tm.keys("a", "-l", "中文e\u0301😀")
    tm.wait_for("a", r"^\[#general\] 中文")
    expect_cursor("a", PROMPT + 7, "after wide input")
    if cursor("a")[1] != 23:
        fail("cursor not on the input row", tm.screen("a"))
    tm.keys("a", "Left")
    expect_cursor("a", PROMPT + 5, "Left over an emoji")
    tm.keys("a", "Left")
    expect_cursor("a", PROMPT + 4, "Left over e with its accent")
    tm.keys("a", "C-a")
    expect_cursor("a", PROMPT, "Ctrl-A")
    tm.keys("a", "-l", "x")
    tm.keys("a", "C-e", "Enter")
    tm.wait_for("b", "<alice> x中文e\u0301😀")
    tm.wait_for("a", r"^\[#general\]\s*$")
    # Tab: commands at the start, names elsewhere.
    tm.keys("a", "-l", "/wh")
    tm.keys("a", "Tab")
    tm.wait_for("a", r"^\[#general\] /who\s*$")
    tm.keys("a", "C-u")
    tm.keys("a", "-l", "hi bo")
    tm.keys("a", "Tab")
    tm.wait_for("a", r"^\[#general\] hi bob\s*$")
    tm.keys("a", "Enter")
    tm.wait_for("b", r"<alice> hi bob")
    # At the start of a line a name addresses someone: "bob: ".
    tm.keys("a", "-l", "b")
    tm.keys("a", "Tab")
    tm.keys("a", "-l", "ping")
    tm.wait_for("a", r"^\[#general\] bob: ping\s*$")
    tm.keys("a", "C-u")
    # The input history survives a restart.
    tm.type("a", "/quit")
    wait(lambda: tm.dead("a"), 5)
    tm.tmux("kill-session", "-t", tm.t("a"))
    tm.client("a", "alice", srv.port, width=80, height=24)
    tm.wait_for("a", r"Connected as alice")
    # Ctrl-R searches the history kept from the last run.
    tm.keys("a", "C-r")
    tm.keys("a", "-l", "hi b")
    tm.wait_for("a", r"^\(reverse-i-search\)`hi b': hi bob$")
    tm.keys("a", "C-g")
    tm.wait_for("a", r"^\[#general\]\s*$")
    tm.keys("a", "Up")
    tm.wait_for("a", r"^\[#general\] /quit$")
    tm.keys("a", "Up")
    tm.wait_for("a", r"^\[#general\] hi bob$")
    hist = os.path.join(tm.home, "state", "tcpchat", "history")
    if os.stat(hist).st_mode & 0o777 != 0o600:
        fail("history file mode %o" % (os.stat(hist).st_mode & 0o777))
    tm.keys("a", "C-u")
    # bob is taken: the input line asks for another name.
    tm.client("c", "bob", srv.port, width=80, height=24, signed_in=False)
    tm.wait_for("c", r"^\[name\?\]\s*$")
    tm.wait_for("c", r"taken")
    tm.type("c", "robert")
    tm.wait_for("c", r"Connected as robert in #general")
    tm.wait_for("a", r"robert has joined #general")
    # Two clients at once both keep their lines in the shared history.
    tm.type("c", "robert was here")
    tm.type("a", "alice was here")
    tm.wait_for("a", r"<robert> robert was here")
    tm.type("c", "/quit")
    tm.type("a", "/quit")
    if not wait(lambda: tm.dead("a") and tm.dead("c"), 5):
        fail("clients did not quit")
    with open(hist) as f:
        lines = f.read().splitlines()
    if "robert was here" not in lines or "alice was here" not in lines \
            or "hi bob " not in lines:
        fail("history lost lines: %r" % lines)
    print(tm.screen("c"))
finally:
    tm.close()
    srv.stop()
