"""clockwall against the Go peer (gopl's clock2 design) beside our clockd.

The peer is built into a temporary directory with Debian's golang-go; it
ticks at whatever phase it was connected at, which clockwall must not
mistake for staleness.  Without `go` the test says SKIP and passes.
"""

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time

from clock_lib import Plain, TOP, _procs, check, clockwall, near, \
    start_clockd

PEER = os.path.join(os.path.dirname(TOP), "shared", "peers", "goclock")
if not os.path.isdir(PEER):
    PEER = "/work/shared/peers/goclock"

if shutil.which("go") is None or not os.path.isdir(PEER):
    print("SKIP: no go toolchain or no peer at " + PEER)
    raise SystemExit(77)

tmp = tempfile.mkdtemp()
exe = os.path.join(tmp, "goclock")
env = dict(os.environ, GOTOOLCHAIN="local")
env.setdefault("GOCACHE", os.path.join(tmp, "cache"))
if "HOME" not in env:
    env.setdefault("GOPATH", os.path.join(tmp, "gopath"))
subprocess.run(["go", "build", "-o", exe, "."], cwd=PEER, env=env,
               check=True, timeout=300)

s = socket.socket()
s.bind(("127.0.0.1", 0))
port = s.getsockname()[1]
s.close()
go = subprocess.Popen([exe, "-port", str(port), "-bind", "127.0.0.1"],
                      env=dict(os.environ, TZ="Asia/Kolkata"),
                      stderr=subprocess.DEVNULL)
_procs.append(go)
end = time.monotonic() + 10
while True:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        break
    except OSError:
        check(time.monotonic() < end, "goclock never listened")
        time.sleep(0.05)

ours = start_clockd(tz="Australia/Adelaide")
r = clockwall("--once", "Go=127.0.0.1:%d" % port,
              "Ours=localhost:%d" % ours.port)
check(r.rc == 0, "clockwall --once: %d %r" % (r.rc, r.err))
m = re.fullmatch(r"Go=(\S+) Ours=(\S+)\n", r.out)
check(m and near(m.group(1), "Asia/Kolkata") and
      near(m.group(2), "Australia/Adelaide"), "printed %r" % r.out)

wall = Plain("Go=127.0.0.1:%d" % port)
for _ in range(5):
    f = wall.fields()
    check(f["Go"] in ("connecting", "connected") or
          near(f["Go"], "Asia/Kolkata"),
          "Go peer shows %s" % f)
check(wall.stop() == 0, "clockwall exit status")
go.kill()
go.wait()
check(ours.stop() == 0, "clockd exit status")
shutil.rmtree(tmp, ignore_errors=True)
print("ok")
