"""clockd out of descriptors: it stops accepting for a moment instead of
spinning on a listener that stays readable, keeps ticking to the clients
it has, and takes the waiting ones once descriptors are free again.
"""

import os
import resource
import socket
import subprocess
import select
import time

from clock_lib import BIN, _procs, _readline, check

LIMIT = 48


def limit():
    resource.setrlimit(resource.RLIMIT_NOFILE, (LIMIT, LIMIT))


d = subprocess.Popen([os.path.join(BIN, "clockd"), "--port", "0"],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                     preexec_fn=limit)
_procs.append(d)
port = int(_readline(d.stdout, 10).split(b":")[-1])


def cpu_s(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def heard(socks, timeout):
    """The sockets that received something within timeout seconds."""
    got = set()
    end = time.monotonic() + timeout
    while len(got) < len(socks) and time.monotonic() < end:
        ready = select.select([s for s in socks if s not in got], [], [],
                              max(0, end - time.monotonic()))[0]
        for s in ready:
            if s.recv(4096):
                got.add(s)
    return got


clients = [socket.create_connection(("127.0.0.1", port))
           for _ in range(LIMIT + 20)]
first = heard(clients, 2.5)
served = len(first)
check(LIMIT - 16 <= served < LIMIT, "%d of %d clients served under a "
      "limit of %d descriptors" % (served, len(clients), LIMIT))
c0 = cpu_s(d.pid)
time.sleep(3)
used = cpu_s(d.pid) - c0
check(used < 1.0, "clockd spins when out of descriptors: %.2f s CPU in 3 s"
      % used)
check(d.poll() is None, "clockd died")

# Free some descriptors: the waiting clients are taken in turn.
for c in clients[:30]:
    c.close()
waiting = [c for c in clients[30:] if c not in first][:10]
check(len(heard(waiting, 4.0)) == len(waiting),
      "waiting clients never served")
for c in clients[30:]:
    c.close()
d.terminate()
check(d.wait(10) == 0, "exit status")
err = d.stderr.read().decode()
check("Too many open files" in err, "no log of the shortage: %r" % err)
check(err.count("Too many open files") <= 8,
      "the shortage logged on every pass: %d lines" %
      err.count("Too many open files"))
print("ok: %d of %d served at first; %.2f s CPU in 3 s; %d shortage lines"
      % (served, len(clients), used, err.count("Too many open files")))
