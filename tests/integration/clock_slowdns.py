"""clockwall: a host name that takes seconds to look up freezes nobody.

A getaddrinfo() shim (shim/slowdns.c, LD_PRELOAD) makes NAME.slow take
4 s, as a dead DNS server would; the other clock must tick on meanwhile,
the slow one shows "connecting" and then its time, and --once still ends
at its --timeout.
"""

import os
import re
import subprocess
import sys
import tempfile
import time

from clock_lib import BIN, TOP, _procs, _readline, check, start_clockd

HMS = re.compile(r"\d\d:\d\d:\d\d")

tmp = tempfile.mkdtemp()
shim = os.path.join(tmp, "slowdns.so")
cc = os.environ.get("CC", "cc")
try:
    subprocess.run([cc, "-shared", "-fPIC", "-o", shim,
                    os.path.join(TOP, "tests/integration/shim/slowdns.c"),
                    "-ldl"], check=True)
except (OSError, subprocess.CalledProcessError) as e:
    print("SKIP: cannot build the getaddrinfo shim: %s" % e)
    sys.exit(77)

env = dict(os.environ, LD_PRELOAD=shim, SLOWDNS_MS="4000")
# Under ASan the shim comes before the runtime in the library list.
env["ASAN_OPTIONS"] = ":".join(filter(None, [
    os.environ.get("ASAN_OPTIONS"), "verify_asan_link_order=0"]))

clk = start_clockd(tz="UTC0")
t0 = time.monotonic()
wall = subprocess.Popen(
    [os.path.join(BIN, "clockwall"), "--plain",
     "Fast=127.0.0.1:%d" % clk.port, "Slow=far.slow:%d" % clk.port],
    stdout=subprocess.PIPE, stderr=open(os.path.join(tmp, "wall.err"), "wb"),
    env=env)
_procs.append(wall)

# While far.slow is being looked up, Fast ticks once a second.
early = []
while time.monotonic() - t0 < 3.5:
    line = _readline(wall.stdout, 5).decode()
    f = dict(x.split("=", 1) for x in line.split())
    if time.monotonic() - t0 < 3.5:
        early.append(f)
check(sum(1 for f in early if HMS.fullmatch(f.get("Fast", ""))) >= 2,
      "Fast did not tick during the slow lookup: %s" % early)
check(all(f.get("Slow") == "connecting" for f in early),
      "Slow during its lookup: %s" % early)

# Then the slow one arrives.
end = time.monotonic() + 6
while True:
    line = _readline(wall.stdout, 5).decode()
    f = dict(x.split("=", 1) for x in line.split())
    if HMS.fullmatch(f.get("Slow", "")):
        break
    check(time.monotonic() < end, "Slow never came: %s" % line)
wall.terminate()
# Its stderr is shown on failure: under ThreadSanitizer a report makes the
# exit status 66.
rc = wall.wait(10)
check(rc == 0, "clockwall exit status %d: %s" % (
    rc, open(os.path.join(tmp, "wall.err")).read()))

# --once gives up at --timeout, not when the lookup ends.
t0 = time.monotonic()
r = subprocess.run(
    [os.path.join(BIN, "clockwall"), "--once", "--timeout", "1",
     "Fast=127.0.0.1:%d" % clk.port, "Slow=far.slow:%d" % clk.port],
    capture_output=True, env=env, timeout=20)
dt = time.monotonic() - t0
check(r.returncode == 69, "--once with a clock unanswered exits %d: %s" %
      (r.returncode, r.stderr.decode(errors="replace")))
check(dt < 3.0, "--once --timeout 1 took %.1f s" % dt)
check(clk.stop() == 0, "clockd exit status")
print("ok")
