"""clockd: a client that shuts its sending side keeps hearing the time.

`nc -N host 8000 </dev/null` or `echo | nc host 8000` send EOF at once and
then listen, as gopl's clock2 allows (it never reads).  A client that has
really closed is still dropped: the next tick draws a reset.
"""

import os
import socket
import time

from clock_lib import check, start_clockd

clk = start_clockd(tz="UTC0")


def fds(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


# Half-closed: it gets the first line and then one a second.
half = socket.create_connection(("127.0.0.1", clk.port))
half.settimeout(3)
buf = half.recv(100)
# The loop runs (its signal pipe is open): clockd's own descriptors.
base = fds(clk.proc.pid) - 1
half.shutdown(socket.SHUT_WR)
end = time.monotonic() + 3.5
while time.monotonic() < end:
    data = half.recv(100)
    check(data, "the half-closed client was dropped after %r" % buf)
    buf += data
lines = buf.split(b"\n")[:-1]
check(len(lines) >= 3, "the half-closed client heard only %r" % buf)

# Really closed (FIN, then gone): dropped within a couple of ticks.
gone = [socket.create_connection(("127.0.0.1", clk.port))
        for _ in range(50)]
time.sleep(0.3)
check(fds(clk.proc.pid) >= base + 51, "clockd did not accept them all")
for s in gone:
    s.close()
end = time.monotonic() + 5
while fds(clk.proc.pid) > base + 1 and time.monotonic() < end:
    time.sleep(0.2)
check(fds(clk.proc.pid) == base + 1,
      "closed clients still held: %d fds, base %d + the half-closed one" %
      (fds(clk.proc.pid), base))
half.close()
check(clk.stop() == 0, "clockd exit status: " + clk.log())
print("ok")
