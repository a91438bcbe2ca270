"""Nick colours come from a hash of the nick and stay the same across
clients; NO_COLOR and --no-color draw with attributes only."""
import os
import re
import sys

sys.dont_write_bytecode = True    # no __pycache__ in the tree
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from tuilib import BIN, Server, Tmux, fail  # noqa: E402

# A foreground colour: SGR 30-37, 90-97 or 38;5;N (tmux's own spelling).
COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-7]|9[0-7]|38;5;\d+)[;m]")

srv = Server()
tm = Tmux()


def styled(name):
    return tm.tmux("capture-pane", "-e", "-p", "-t", tm.t(name))


def nick_sgr(screen, nick):
    """The escape sequence in force where <nick> is drawn."""
    for line in screen.splitlines():
        i = line.find("<" + nick + ">")
        if i >= 0:
            seqs = re.findall(r"\x1b\[[0-9;]*m", line[:i])
            return seqs[-1] if seqs else ""
    return None


try:
    tm.client("a", "alice", srv.port)
    tm.client("b", "bob", srv.port)
    tm.client("c", "carol", srv.port)
    tm.client("n", "nocolor", srv.port, extra="--no-color")
    tm.new("e", "env NO_COLOR=1 %s/tcpchat -n envnocolor 127.0.0.1 %d"
           % (BIN, srv.port))
    tm.wait_for("e", r"Connected as envnocolor")
    tm.wait_for("a", r"envnocolor has joined")
    tm.type("b", "a line from bob")
    tm.type("a", "a line from alice")
    for name in ("a", "b", "c", "n", "e"):
        tm.wait_for(name, r"<alice> a line from alice")
    sa, sc = styled("a"), styled("c")
    bob_in_a, bob_in_c = nick_sgr(sa, "bob"), nick_sgr(sc, "bob")
    if not bob_in_a or not COLOUR.search(bob_in_a + "m"):
        fail("bob's nick is not coloured: %r" % bob_in_a, sa)
    if bob_in_a != bob_in_c:
        fail("bob's colour differs between clients: %r %r"
             % (bob_in_a, bob_in_c))
    if nick_sgr(styled("b"), "bob") != "\x1b[1m":
        fail("bob's own name is not drawn bold in his client")
    for name in ("n", "e"):
        s = styled(name)
        if COLOUR.search(s):
            fail("%s draws colours: %r" % (name, COLOUR.findall(s)[:3]), s)
        if "\x1b[" not in s:
            fail("%s draws no attributes at all" % name, s)
    print(repr(bob_in_a))
finally:
    tm.close()
    srv.stop()
