"""tcpchat given two tcpchatd nodes of one cluster (--redis): node A, the
one it is on, is killed -9; the client comes back on node B by itself,
with the same nick and room, and the shared history it had already shown
is not shown again."""
import os
import signal
import sys

sys.dont_write_bytecode = True    # no __pycache__ in the tree
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..",
                                "integration"))
from tuilib import BIN, Server, Tmux, fail  # noqa: E402
import redislib  # noqa: E402

if redislib.redis_server() is None:
    print("SKIP: redis-server not found (scripts/deps.sh installs it)")
    sys.exit(77)
r = redislib.Redis()
opts = ["--redis", r.url, "--cluster-expiry", "2", "--line-rate", "0"]
a = Server(args=opts + ["--node", "A"])
b = Server(args=opts + ["--node", "B"])
tm = Tmux()
try:
    tm.new("alice", "%s/tcpchat -n alice -r lobby 127.0.0.1:%d "
           "127.0.0.1:%d 2>>%s/alice.err" % (BIN, a.port, b.port, tm.home))
    tm.wait_for("alice", r"(Connected as \S+ in|You are now in) #lobby")
    tm.client("bob", "bob", b.port, extra="-r lobby")
    tm.wait_for("alice", r"bob has joined #lobby")
    tm.type("bob", "before the kill")
    tm.wait_for("alice", r"<bob> before the kill")
    tm.type("alice", "from node A")
    tm.wait_for("bob", r"<alice> from node A")
    a.kill(signal.SIGKILL)
    tm.wait_for("alice", r"Disconnected")
    s = tm.wait_for("alice", r"Back as alice in #", 30)
    s = tm.wait_for("alice", r"\[#lobby\] \[alice\] \[connected\]", 15)
    tm.type("bob", "after the kill")
    s = tm.wait_for("alice", r"<bob> after the kill")
    tm.type("alice", "from node B")
    tm.wait_for("bob", r"<alice> from node B")
    for line in ("before the kill", "from node A"):
        if s.count(line) != 1:
            fail("%r shown %d times" % (line, s.count(line)), s)
    print(s)
finally:
    tm.close()
    a.stop()
    b.stop()
    r.stop()
