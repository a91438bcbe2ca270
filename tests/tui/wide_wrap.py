"""A line of wide characters (CJK, emoji, combining marks) wraps by
display width: no row passes the message area, no character is split,
wrapped rows line up under the text, and nothing is lost."""
import os
import sys
import unicodedata

sys.dont_write_bytecode = True    # no __pycache__ in the tree
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from tuilib import Server, Tmux, fail  # noqa: E402

WIDTH = 50                      # under 60: no people list, area = 50
TEXT = "宽字符" * 7 + " e\u0301té 😀😀 " + "中文" * 10


def width(s):
    w = 0
    for ch in s:
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return w


srv = Server()
tm = Tmux()
try:
    tm.client("a", "alice", srv.port, width=WIDTH, height=20)
    tm.wait_for("a", r"Connected as alice")
    tm.client("b", "bob", srv.port)
    tm.wait_for("a", r"bob has joined")
    tm.type("b", TEXT)
    s = tm.wait_for("a", r"<bob> 宽")
    lines = s.splitlines()
    start = [i for i, l in enumerate(lines) if "<bob> " in l]
    if not start:
        fail("no <bob> line", s)
    i = start[-1]
    first = lines[i]
    indent = first.index("<bob> ") + len("<bob> ")
    got = first[indent:].rstrip()
    for l in lines[i + 1:]:
        if not l.startswith(" " * indent) or not l.strip() or \
                l.startswith(" ["):
            break
        got += l[indent:].rstrip()
    for l in lines[i:]:
        if width(l.rstrip()) > WIDTH:
            fail("row wider than %d: %r" % (WIDTH, l), s)
    # Breaks fall at spaces or between characters; the text is whole.
    if got.replace(" ", "") != unicodedata.normalize(
            "NFC", TEXT).replace(" ", "") and \
            got.replace(" ", "") != TEXT.replace(" ", ""):
        fail("wrapped text differs:\n%r\n%r" % (got, TEXT), s)
    if lines[i + 1].strip() == "":
        fail("the line did not wrap", s)
    print(s)
finally:
    tm.close()
    srv.stop()
