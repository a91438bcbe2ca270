"""The server is killed and restarted: the client says so, counts down,
reconnects by itself, takes its name and room again, shows the history
it already had only once, and chat goes on."""
import os
import signal
import sys
import tempfile

sys.dont_write_bytecode = True    # no __pycache__ in the tree
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from tuilib import Server, Tmux, fail  # noqa: E402

logdir = tempfile.mkdtemp(prefix="tcpchat-reconnect-")
log = os.path.join(logdir, "chat.log")
srv = Server(args=["--log", log])
tm = Tmux()
try:
    tm.client("a", "alice", srv.port, extra="-r lobby")
    tm.wait_for("a", r"Connected as alice in #lobby")
    tm.client("b", "bob", srv.port, extra="-r lobby")
    tm.wait_for("a", r"bob has joined #lobby")
    tm.type("b", "before the crash")
    tm.wait_for("a", r"<bob> before the crash")
    srv.kill(signal.SIGKILL)
    tm.wait_for("a", r"Disconnected")
    tm.wait_for("a", r"\[reconnecting in \d+s\]")
    srv.start()                 # same port, same log
    s = tm.wait_for("a", r"Back as alice in #lobby", 20)
    s = tm.wait_for("a", r"\[#lobby\] \[alice\] \[connected\]", 10)
    tm.wait_for("b", r"\[#lobby\] \[bob\] \[connected\]", 20)
    tm.type("b", "after the crash")
    s = tm.wait_for("a", r"<bob> after the crash")
    if s.count("before the crash") != 1:
        fail("history shown %d times" % s.count("before the crash"), s)
    print(s)
finally:
    tm.close()
    srv.stop()
    for f in os.listdir(logdir):
        os.unlink(os.path.join(logdir, f))
    os.rmdir(logdir)
