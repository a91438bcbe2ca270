"""clockwall --plain: a clockd killed shows down, restarted comes back.

Also a line per second, the others tick on meanwhile, and a restarted
clock is found again within the backoff (1, 2, 4 ... s).
"""

import re
import signal
import time

from clock_lib import Plain, check, near, start_clockd

HMS = re.compile(r"\d\d:\d\d:\d\d")

tokyo = start_clockd(tz="Asia/Tokyo")
london = start_clockd(tz="Europe/London")
wall = Plain("Tokyo=localhost:%d" % tokyo.port,
             "London=127.0.0.1:%d" % london.port)

# Both tick, one line a second.
wall.wait_for("London", HMS.fullmatch, 5, "time")
t0 = time.monotonic()
lines = [wall.fields() for _ in range(3)]
dt = time.monotonic() - t0
check(1.5 <= dt <= 4.0, "3 lines took %.2f s" % dt)
for f in lines:
    check(near(f["Tokyo"], "Asia/Tokyo"), "Tokyo shows %s" % f)
    check(near(f["London"], "Europe/London"), "London shows %s" % f)

# Kill London hard: it shows down, Tokyo goes on.
port = london.port
check(london.stop(signal.SIGKILL) == -signal.SIGKILL, "kill -9")
why = wall.wait_for("London", lambda v: v.startswith("down("), 5, "down")
check(why in ("down(closed)", "down(refused)", "down(reset)"),
      "London: %s" % why)
wall.wait_for("London", lambda v: v == "down(refused)", 5, "refused")
f = wall.fields()
check(near(f["Tokyo"], "Asia/Tokyo"), "Tokyo while London is down: %s" % f)

# Restart it on the same port: back within the backoff.
london = start_clockd(tz="Europe/London", port=port)
v = wall.wait_for("London", HMS.fullmatch, 12, "time after restart")
check(near(v, "Europe/London"), "London after restart: %s" % v)

# A clock that stops ticking without closing goes stale.
tokyo.proc.send_signal(signal.SIGSTOP)
v = wall.wait_for("Tokyo", lambda v: v.startswith("stale("), 6, "stale")
tokyo.proc.send_signal(signal.SIGCONT)
wall.wait_for("Tokyo", HMS.fullmatch, 6, "time after stale")

# clockwall itself stopped for 15 s (a suspended laptop, Ctrl-S): the
# backlog that comes at once is no flood; the clocks tick on.
wall.proc.send_signal(signal.SIGSTOP)
time.sleep(15)
wall.proc.send_signal(signal.SIGCONT)
seen = [wall.fields(timeout=20) for _ in range(4)]
check(all(HMS.fullmatch(f["Tokyo"]) and HMS.fullmatch(f["London"])
          for f in seen[-2:]), "after a stop: %s" % seen)
check(not any("garbage" in v for f in seen for v in f.values()),
      "a backlog taken for a flood: %s" % seen)

check(wall.stop() == 0, "clockwall exits non-zero on SIGTERM")
check(tokyo.stop() == 0 and london.stop() == 0, "clockd exit status")
print("ok")
