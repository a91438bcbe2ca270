"""Three clockd in three zones; clockwall --once shows the right times.

Also: -port and --tz spellings, --tz over TZ, an unknown zone refused at
start, --format, SIGTERM exits 0, and --once's exit status.
"""

import os
import re
import signal
import subprocess

from clock_lib import BIN, check, clockwall, near, run, start_clockd

ny = start_clockd(tz="America/New_York")
tokyo = start_clockd(tz="Asia/Tokyo")
# --tz overrides TZ.
london = start_clockd("--tz", "Europe/London", tz="Asia/Tokyo")

r = clockwall("--once", "NewYork=127.0.0.1:%d" % ny.port,
              "Tokyo=localhost:%d" % tokyo.port,
              "London=[::1]:%d" % london.port)
check(r.rc == 0, "clockwall --once exits %d: %r %r" % (r.rc, r.out, r.err))
m = re.fullmatch(r"NewYork=(\S+) Tokyo=(\S+) London=(\S+)\n", r.out)
check(m is not None, "clockwall --once printed %r" % r.out)
for zone, hms in zip(("America/New_York", "Asia/Tokyo", "Europe/London"),
                     m.groups()):
    check(near(hms, zone), "%s shows %s" % (zone, hms))

# One clock that never answers: --once waits --timeout, says so, exits 69.
r = clockwall("--once", "--timeout", "2", "NewYork=127.0.0.1:%d" % ny.port,
              "Nobody=127.0.0.1:1")
check(r.rc == 69, "--once with a dead clock exits %d" % r.rc)
check(re.fullmatch(r"NewYork=\d\d:\d\d:\d\d Nobody=down\(refused\)\n",
                   r.out), "--once with a dead clock printed %r" % r.out)

# Output that cannot be written is an error that says so.
if os.path.exists("/dev/full"):
    with open("/dev/full", "w") as full:
        p = subprocess.run([os.path.join(BIN, "clockwall"), "--once",
                            "NewYork=127.0.0.1:%d" % ny.port], stdout=full,
                           stderr=subprocess.PIPE, timeout=20)
    check(p.returncode == 71 and b"standard output" in p.stderr,
          "stdout full: exit %d, %r" % (p.returncode, p.stderr))

# Bad clocks are usage errors.
for bad in ("NewYork", "A=B=h:1", "A=h:0", "A=h:65536", "=h:1", "A=::1:80",
            "A=[localhost]:80", "A=h\tx:80"):
    r = clockwall("--once", bad)
    check(r.rc == 64, "clockwall %r exits %d" % (bad, r.rc))
    check("usage:" in r.err, "clockwall %r says %r" % (bad, r.err))
r = clockwall("--once", "A=h:1", "B=h:2", "A=h:3")
check(r.rc == 64 and '"A" names two clocks' in r.err,
      "a name used twice: %d %r" % (r.rc, r.err))
r = clockwall("--once", "A\x1b[31m=h:1")
check(r.rc == 64 and "\x1b" not in r.err, "an escape echoed: %r" % r.err)
check(clockwall("--once").rc == 64, "clockwall without clocks")
check(clockwall("--timeout", "0", "A=h:1").rc == 64, "--timeout 0")

# gopl's spelling, a format, and a zone that does not exist.
r = run("clockd", "--tz", "Asia/Tokio", "-port", "0")
check(r.rc == 64 and "Asia/Tokio" in r.err,
      "unknown zone: exit %d, %r" % (r.rc, r.err))
r = run("clockd", "-port", "0", env={"TZ": "Mars/Olympus"})
check(r.rc == 64 and "Mars/Olympus" in r.err,
      "unknown TZ: exit %d, %r" % (r.rc, r.err))
for bad in (["-port", "99999"], ["-p", "x"], ["--format", ""], ["extra"],
            ["--tz", ""]):
    r = run("clockd", *bad)
    check(r.rc == 64, "clockd %s exits %d" % (bad, r.rc))
utc = start_clockd("--format", "<%Y> %H:%M:%S", tz="UTC0")
r = clockwall("--once", "U=localhost:%d" % utc.port)
m = re.fullmatch(r"U=<\d{4}>_(\d\d:\d\d:\d\d)\n", r.out)
check(m is not None and near(m.group(1), "UTC"), "--format: %r" % r.out)

for d in (ny, tokyo, london):
    check(d.stop() == 0, "clockd exits non-zero on SIGTERM: " + d.log())
check(utc.stop(signal.SIGINT) == 0, "clockd exits non-zero on SIGINT")
print("ok")
