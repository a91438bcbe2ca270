"""Every clockd and clockwall option not covered elsewhere: -b, -v, -vv,
-q, -V, clockwall -v, and the usage exits.  (--port, -port, --tz, --format: clock_zones;
--plain, --once, --timeout: clock_zones and clock_downup; --big and
--no-color: tui/clockwall_table.)  --help and usage: equal to the man
page's SYNOPSIS.
"""

import re
import socket
import time

from clock_lib import check, run, start_clockd, usage_matches_man


def connects(host, port):
    try:
        socket.create_connection((host, port), timeout=2).close()
        return True
    except OSError:
        return False


# -b: one address only.
v4 = start_clockd("-b", "127.0.0.1")
check(connects("127.0.0.1", v4.port), "-b 127.0.0.1: no v4")
check(not connects("::1", v4.port), "-b 127.0.0.1 answers on ::1")
v6 = start_clockd("--bind", "::1")
check(connects("::1", v6.port), "--bind ::1: no v6")
check(not connects("127.0.0.1", v6.port), "--bind ::1 answers on v4")
check(v4.stop() == 0 and v6.stop() == 0, "exit status")
r = run("clockd", "-b", "192.0.2.1", "-p", "0")
check(r.rc == 69, "-b an address not ours: exit %d %r" % (r.rc, r.err))

# -v logs connections, -vv every tick, -q nothing; default: no chatter.
TICK = r"tick \d+: \d+ clients"
for flags, want, unwanted in ((["-v"], "connected", TICK),
                              (["-vv"], TICK, None),
                              (["-q"], None, "connected"),
                              ([], None, "connected")):
    d = start_clockd(*flags)
    s = socket.create_connection(("127.0.0.1", d.port))
    s.recv(64)
    time.sleep(1.2)
    s.close()
    check(d.stop() == 0, "exit status")
    log = d.log()
    if want:
        check(re.search(want, log), "%s: no %r in %r" % (flags, want, log))
    if unwanted:
        check(not re.search(unwanted, log),
              "%s: %r in %r" % (flags, unwanted, log))

for prog in ("clockd", "clockwall"):
    for flag in ("-V", "--version"):
        r = run(prog, flag)
        check(r.rc == 0 and re.fullmatch(prog + r" \d+\.\d+\.\d+\n", r.out),
              "%s %s: %d %r" % (prog, flag, r.rc, r.out))
    r = run(prog, "-h")
    check(r.rc == 0 and r.out.startswith("usage: " + prog),
          "%s -h: %d %r" % (prog, r.rc, r.out))
# an operand: clockd says why it refused, then its usage
r = run("clockd", "extra")
check(r.rc == 64 and r.err.startswith(
    'clockd: unexpected argument "extra": the port is given with -port '
    'PORT\nusage: clockd'), "clockd extra: %d %r" % (r.rc, r.err))
# clockwall -v: connects, drops and the backoff on stderr; the plain
# line on stdout stays clean.
up = start_clockd(tz="UTC0")
r = run("clockwall", "-v", "--once", "--timeout", "4",
        "Up=127.0.0.1:%d" % up.port, "Dead=127.0.0.1:1")
check(r.rc == 69, "clockwall -v --once exits %d" % r.rc)
check(re.fullmatch(r"Up=\d\d:\d\d:\d\d Dead=down\(refused\)\n", r.out),
      "clockwall -v stdout: %r" % r.out)
for rx in (r"Up: connected to 127\.0\.0\.1:%d" % up.port,
           r"Dead: down \(refused\), retry in 1000 ms",
           r"Dead: down \(refused\), retry in 2000 ms"):
    check(re.search(rx, r.err), "clockwall -v stderr lacks %r: %r" %
          (rx, r.err))
r = run("clockwall", "--once", "--timeout", "1", "Dead=127.0.0.1:1")
check(r.err == "", "clockwall without -v logs: %r" % r.err)
check(up.stop() == 0, "clockd exit status")

usage_matches_man()
print("ok")
