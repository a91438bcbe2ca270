"""scripts/run.sh (make run): starts tcpchatd when nothing answers on the
port, runs the client, and stops only the server it started."""
import os
import socket
import subprocess
import sys

sys.dont_write_bytecode = True    # no __pycache__ in the tree
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from tuilib import BIN, Server, fail  # noqa: E402

TOP = os.environ.get("TCPCHAT_TOP") or os.path.join(
    os.path.dirname(__file__), "..", "..")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def answers(port):
    try:
        socket.create_connection(("localhost", port), 1).close()
        return True
    except OSError:
        return False


def run(port, stdin):
    env = dict(os.environ, TCPCHAT_PORT=str(port), USER="runner")
    return subprocess.run(["sh", os.path.join(TOP, "scripts", "run.sh"),
                           BIN], input=stdin, capture_output=True, env=env,
                          timeout=30)


port = free_port()
r = run(port, b"hello from make run\n")
out, err = r.stdout.decode(), r.stderr.decode()
if r.returncode != 0 or "started tcpchatd on port %d" % port not in err:
    fail("run.sh without a server: %d %r %r" % (r.returncode, out, err))
if "<runner> hello from make run" not in out:
    fail("the client did not chat: %r" % out)
if answers(port):
    fail("run.sh left its server running")
# the server's log is kept where run.sh says, and holds its shutdown
log = os.path.join(os.environ.get("TMPDIR", "/tmp"), "tcpchatd-%d.log" % port)
if "run.sh: tcpchatd's log is in %s" % log not in err:
    fail("run.sh did not say where the log is: %r" % err)
with open(log) as f:
    text = f.read()
os.unlink(log)
if "shutting down" not in text and "signal" not in text:
    fail("the server's log lacks its end: %r" % text)

srv = Server(port=free_port())
try:
    r = run(srv.port, b"/who\n")
    err = r.stderr.decode()
    if r.returncode != 0 or "started" in err:
        fail("run.sh with a server: %d %r" % (r.returncode, err))
    if srv.proc.poll() is not None or not answers(srv.port):
        fail("run.sh stopped a server it did not start")
finally:
    srv.stop()
print("ok")
