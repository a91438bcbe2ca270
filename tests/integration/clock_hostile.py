"""Hostile clocks and clients.

clockwall: a clock that sends escape sequences is shown cleaned; one that
sends an endless line, or lines as fast as it can, is down(garbage) and
costs little CPU; one that hangs up is down(closed);
one that accepts and says nothing is down(timed out); none of them stops a
good clock from ticking.  clockd: a client flooding input, clients that
reset, and a client that never reads do not cost a good client a tick.
"""

import os
import re
import socket
import struct
import threading
import time

from clock_lib import Plain, check, near, start_clockd, fail

HMS = re.compile(r"\d\d:\d\d:\d\d")


def fake(behave):
    """A listening socket on loopback whose every client gets behave(conn)
    in a daemon thread; its port."""
    ls = socket.socket()
    ls.bind(("127.0.0.1", 0))
    ls.listen(16)

    def serve():
        while True:
            c, _ = ls.accept()
            threading.Thread(target=behave, args=(c,), daemon=True).start()
    threading.Thread(target=serve, daemon=True).start()
    return ls.getsockname()[1]


def escapes(c):
    try:
        for _ in range(30):
            c.sendall(b"\x1b[2J\x1b]0;owned\x07\x9b31m12:00:00\xff\r\n")
            time.sleep(0.5)
    except OSError:
        pass


def endless(c):
    try:
        c.sendall(b"9" * 5000)
        time.sleep(30)
    except OSError:
        pass


def flood(c):
    try:
        end = time.monotonic() + 20
        while time.monotonic() < end:
            c.sendall(b"12:00:00\n" * 1000)
    except OSError:
        pass


def cpu_s(pid):
    with open("/proc/%d/stat" % pid) as f:
        st = f.read().rsplit(")", 1)[1].split()
    return (int(st[11]) + int(st[12])) / os.sysconf("SC_CLK_TCK")


def hangup(c):
    c.close()


def silent(c):
    time.sleep(30)


good = start_clockd(tz="Asia/Tokyo")
ports = {n: fake(b) for n, b in (("Esc", escapes), ("Long", endless),
                                 ("Hup", hangup), ("Mute", silent),
                                 ("Flood", flood))}
wall = Plain("Good=127.0.0.1:%d" % good.port,
             *("%s=127.0.0.1:%d" % (n, p) for n, p in ports.items()))

v = wall.wait_for("Esc", lambda v: v not in ("connecting", "connected"),
                  5, "a line")
# Connected and silent: "connected", not "connecting" (until it times out).
wall.wait_for("Mute", lambda v: v == "connected", 5, "connected")
raw = wall.proc.stdout  # every byte read so far went through fields()
check("\x1b" not in v and "\x07" not in v and "\x9b" not in v,
      "escapes reached the output: %r" % v)
check(v.startswith("[2J]0;owned") and "12:00:00" in v, "Esc shows %r" % v)
wall.wait_for("Long", lambda v: v == "down(garbage)", 5, "garbage")
wall.wait_for("Hup", lambda v: v == "down(closed)", 5, "closed")
# A clock sending lines as fast as it can is garbage, and reading it
# costs little (it kept clockwall at 100 % of a core).
wall.wait_for("Flood", lambda v: v == "down(garbage)", 5, "garbage")
c0 = cpu_s(wall.proc.pid)
time.sleep(3)
used = cpu_s(wall.proc.pid) - c0
check(used < 1.5, "clockwall used %.2f s of CPU in 3 s beside a flood" %
      used)
wall.wait_for("Mute", lambda v: v == "down(timeout)", 15, "timeout")
f = wall.fields()
check(near(f["Good"], "Asia/Tokyo"), "Good beside hostile clocks: %s" % f)
check(wall.stop() == 0, "clockwall exit status")

# clockd: a good client, a flood, resets, a reader that never reads.
watch = socket.create_connection(("127.0.0.1", good.port))
watch.settimeout(3)
flood = socket.create_connection(("127.0.0.1", good.port))
flood.setblocking(False)
lazy = socket.create_connection(("127.0.0.1", good.port))
lazy.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
buf = b""
seen = []
end = time.monotonic() + 4.5
junk = b"x" * 65536
while time.monotonic() < end:
    for _ in range(20):
        s = socket.create_connection(("127.0.0.1", good.port))
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                     struct.pack("ii", 1, 0))
        s.close()                       # RST
    try:
        flood.send(junk)
    except BlockingIOError:
        pass
    try:
        buf += watch.recv(100)
    except socket.timeout:
        fail("the good client got nothing for 3 s")
    while b"\n" in buf:
        line, buf = buf.split(b"\n", 1)
        seen.append(line.decode())
secs = [int(s[0:2]) * 3600 + int(s[3:5]) * 60 + int(s[6:8]) for s in seen]
check(len(secs) >= 4, "the good client heard %s" % seen)
for a, b in zip(secs, secs[1:]):
    check((b - a) % 86400 == 1, "a tick was lost or doubled: %s" % seen)
check(good.proc.poll() is None, "clockd died: " + good.log())
check(good.stop() == 0, "clockd exit status: " + good.log())
print("ok: good client heard", seen)
