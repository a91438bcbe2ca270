#!/usr/bin/env python3
"""clockd --max-per-addr: one address holds at most N clients; the next
gets one line naming the limit and is closed, and only the first such
refusal in a minute is logged; other addresses, and a freed place, are
served; 0 is no limit; the default holds 64."""

import re
import socket
import time

from clock_lib import check, run, start_clockd

REFUSED = (b"Too many connections from your address (%d at most), try "
           b"again later.\n")
TIME = re.compile(rb"^\d\d:\d\d:\d\d\n")


def connect(port, source="127.0.0.1"):
    s = socket.create_connection(("127.0.0.1", port), timeout=3,
                                 source_address=(source, 0))
    s.settimeout(3)
    return s


def first_line(s):
    buf = b""
    while not buf.endswith(b"\n"):
        data = s.recv(100)
        if not data:
            break
        buf += data
    return buf


def gets_time(s, what):
    line = first_line(s)
    check(TIME.match(line), "%s got %r, not the time" % (what, line))


def refused(s, n, what):
    line = first_line(s)
    check(line == REFUSED % n, "%s got %r, not the refusal" % (what, line))
    check(s.recv(100) == b"", "%s refused but not closed" % what)


for bad, why in (("-1", "too small"), ("1000001", "too large"),
                 ("x", "invalid")):
    r = run("clockd", "--max-per-addr", bad, "-p", "0")
    check(r.rc == 64 and r.err == 'clockd: max-per-addr "%s": %s\n'
          % (bad, why), "--max-per-addr %s: %d %r" % (bad, r.rc, r.err))

clk = start_clockd("--max-per-addr", "3", "-v", tz="UTC0")
held = [connect(clk.port) for _ in range(3)]
for i, s in enumerate(held):
    gets_time(s, "client %d" % i)
for i in range(5):
    refused(connect(clk.port), 3, "the fourth (try %d)" % i)
# Another address has its own count; 127.0.0.1 written as IPv6 is the
# same address (the kernel hands it to the v4 listener; the unit test
# covers a v4-mapped peer on a dual-stack socket).
other = connect(clk.port, "127.0.0.2")
gets_time(other, "127.0.0.2")
try:
    s6 = socket.create_connection(("::ffff:127.0.0.1", clk.port), timeout=3)
except OSError:
    s6 = None           # no IPv6 listener here: nothing to check
if s6 is not None:
    s6.settimeout(3)
    refused(s6, 3, "127.0.0.1 as ::ffff:127.0.0.1")
# A place freed is a place taken.
held.pop().close()
deadline = time.monotonic() + 3
while True:
    s = connect(clk.port)
    line = first_line(s)
    if TIME.match(line):
        break
    check(time.monotonic() < deadline, "the freed place was never given")
    time.sleep(0.05)
log = clk.log()
check(log.count("127.0.0.1: refused") == 1,
      "not one log line for the refusals: %r" % log)
check("Too many connections from your address (3 at most)" in log,
      "the log does not name the limit: %r" % log)
clk.stop()

# The default: 64 from one address, not 65.
clk = start_clockd(tz="UTC0")
held = [connect(clk.port) for _ in range(64)]
for i, s in enumerate(held):
    gets_time(s, "client %d of 64" % i)
refused(connect(clk.port), 64, "the 65th")
clk.stop()

# 0: no limit.
clk = start_clockd("--max-per-addr", "0", tz="UTC0")
held = [connect(clk.port) for _ in range(100)]
for i, s in enumerate(held):
    gets_time(s, "client %d of 100" % i)
clk.stop()
print("ok")
