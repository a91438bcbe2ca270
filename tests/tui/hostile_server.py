"""Whatever a server sends, nothing reaches the terminal but clean text:
escape sequences, C1 controls, bidi overrides and bad UTF-8 in any field
are removed or replaced; unknown and malformed events are ignored; an
over-long line is skipped; history from other days gets day lines."""
import os
import sys
import time

sys.dont_write_bytecode = True    # no __pycache__ in the tree
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from fakeserver import FakeServer  # noqa: E402
from tuilib import Tmux, fail  # noqa: E402

now = int(time.time())
script = b"".join([
    b"HIST\t%d\tgeneral\tbob\tfrom two days ago\n" % (now - 2 * 86400),
    b"HISTEND\tgeneral\n",
    b"USERS\tgeneral\tme\tev\x1b[7mil\tbob\n",
    # A clear-screen, a title change, a C1 CSI, a bell, RLO, bad UTF-8.
    b"MSG\t%d\tgeneral\tev\x1b[7mil\tA\x1b[2JB\x1b]0;pwned\x07C\xc2\x9b"
    b"31mD\x07E\xe2\x80\xaeF\xffG\n" % now,
    b"FROB\tnew\tevent\tfrom\tthe\tfuture\n",
    b"MSG\tnot-a-time\tgeneral\tbob\tmalformed, dropped\n",
    b"MSG\t%d\tgeneral\n" % now,
    b"X" * (2 * 1024 * 1024) + b"\n",   # longer than any line kept
    b"NOTICE\t%d\tstill alive after all that\n" % now,
])
# Sent when the client says something: a room name far longer than any
# real one, all two-byte letters, cut by width in the prompt and status
# line, never in the middle of a letter.
moved = b"JOIN\t%d\t%s\tme\n" % (now, "é".encode() * 300)

srv = FakeServer(script, [moved])
tm = Tmux()
try:
    tm.client("a", "me", srv.port, width=100, height=20)
    s = tm.wait_for("a", r"still alive after all that")
    styled = tm.tmux("capture-pane", "-e", "-p", "-t", tm.t("a"))
    if "<ev[7mil> A[2JB]0;pwnedC31mDEF\ufffdG" not in s:
        fail("hostile message not shown cleaned", s)
    if "pwned" in tm.tmux("display", "-p", "-t", tm.t("a"),
                          "#{pane_title}"):
        fail("the server set the terminal title")
    if "\x1b[7m" in styled:
        fail("the server's reverse video reached the terminal", styled)
    for bad in ("FROB", "malformed", "XXXXXXXX"):
        if bad in s:
            fail("%s was shown" % bad, s)
    if "Day changed to" not in s or "from two days ago" not in s:
        fail("no day line before old history", s)
    if "│ev[7mil" not in s:
        fail("people list not cleaned", s)
    tm.type("a", "/who")
    s = tm.wait_for("a", r"^ \[#é{32}\] \[me\]")
    last = s.rstrip("\n").splitlines()[-2:]
    if last[1].rstrip() != "[#" + "é" * 32 + "]" or \
            "\ufffd" in "".join(last):
        fail("long room name not cut cleanly", s)
    print(s)
finally:
    tm.close()
    srv.close()
