"""tcpftpd limits: 1,000 idle control connections, --max-clients,
--max-per-addr (and its old name --max-per-ip), --max-pending evicting the
oldest connection not logged in of the address holding the most, one log
line a minute per refused address, idle and data timeouts, a PASV never connected, a reader
that stops reading (others unaffected), resets mid transfer, ABOR,
commands pipelined behind a transfer, SIGTERM with transfers going."""
import io
import ftplib
import resource
import socket
import struct
import time

from ftp_lib import SANITIZED, Ctl, make_tree, start, check

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))

t = make_tree()
t.put("big.bin", bytes(range(256)) * (64 << 12))      # 64 MiB


def quick_session(port):
    """A whole ftplib session (ls, get); the seconds it took."""
    t0 = time.monotonic()
    f = ftplib.FTP()
    f.connect("127.0.0.1", port, timeout=10)
    f.login()
    f.nlst()
    b = io.BytesIO()
    f.retrbinary("RETR bytes.bin", b.write)
    check(b.getvalue() == t.files["bytes.bin"], "quick session RETR")
    f.quit()
    return time.monotonic() - t0


# 1,000 idle control connections; a real session still runs at once.
srv = start(t.root, "--max-clients", "1100", "--max-per-ip", "1100",
            "--max-pending", "0")
idle = []
for i in range(1000):
    s = socket.create_connection(("127.0.0.1", srv.port), 10)
    idle.append(s)
for s in idle[::100]:
    s.settimeout(10)
    check(s.recv(100).startswith(b"220 "), "idle connection greeting")
took = quick_session(srv.port)
check(took < 5, "a session beside 1,000 idle ones took %.1f s" % took)
check(srv.fd_count() >= 1000, "server holds %d fds" % srv.fd_count())
if not SANITIZED:
    check(srv.rss_kib() < 64 * 1024, "RSS %d KiB for 1,000 idle"
          % srv.rss_kib())
for s in idle:
    s.close()
check(srv.stop() == 0, "exit status")

# --max-clients and --max-per-ip: a clear 421, the others unharmed.
srv = start(t.root, "--max-clients", "3", "--max-per-ip", "2",
            "--max-pending", "0")
a = Ctl(srv.port)
b = Ctl(srv.port)
x = Ctl(srv.port, greet=False)
code, lines = x.reply()
check(lines == [b"421 Too many connections from your address (2 at most), "
                b"try again later."], "per-address refusal: %r" % lines)
c6 = Ctl(srv.port, source="127.0.0.2")
x = Ctl(srv.port, source="127.0.0.3", greet=False)
code, lines = x.reply()
check(code == 421 and b"Too many connections (3)" in lines[0],
      "max-clients refusal: %r" % lines)
a.login()
check(a.retr("bytes.bin") == t.files["bytes.bin"], "after refusals")
a.expect("QUIT", 221)
time.sleep(0.2)
d = Ctl(srv.port)      # a slot is free again
d.login()
for c in (b, c6, d):
    c.close()
check(srv.stop() == 0, "exit status")


def refused(port, source):
    """The one line a refused connection gets, then the end."""
    x = Ctl(port, source=source, greet=False)
    code, lines = x.reply()
    check(x.sock.recv(100) == b"", "refused, yet left open: %r" % lines)
    x.close()
    return lines


def evicted(c, what):
    code, lines = c.reply()
    check(lines == [b"421 Closed to make room for others: too many "
                    b"connections are pending and your address holds "
                    b"the most."], "%s: %r" % (what, lines))
    check(c.sock.recv(100) == b"", "%s: left open" % what)
    c.close()


# --max-per-addr, the suite's spelling; logged-in connections count too,
# and closing one frees its place.
srv = start(t.root, "--max-per-addr", "2")
a = Ctl(srv.port)
a.login()
b = Ctl(srv.port)
check(refused(srv.port, "127.0.0.1") == [
    b"421 Too many connections from your address (2 at most), try again "
    b"later."], "--max-per-addr refusal")
c = Ctl(srv.port, source="127.0.0.2")        # another address: served
c.login()
a.expect("QUIT", 221)
a.close()
time.sleep(0.2)
Ctl(srv.port).login()
b.close()
c.close()
check(srv.stop() == 0, "exit status")

# --max-pending: when the pool of connections not yet logged in is full,
# a newcomer from an address holding fewer evicts the oldest of them from
# the address holding the most, with a 421 saying why; logged-in ones are
# never evicted; from the address holding the most, it is refused.
srv = start(t.root, "--max-clients", "20", "--max-per-addr", "0",
            "--max-pending", "4", "-v")
old = Ctl(srv.port)                           # the oldest of .1, logged in
old.login()
p = [Ctl(srv.port) for i in range(3)]         # .1: 3 not logged in
q = Ctl(srv.port, source="127.0.0.2")         # .2: 1; the pool is full
n = Ctl(srv.port, source="127.0.0.3")         # served: p[0] goes
evicted(p[0], "the oldest of .1 not logged in")
old.expect("NOOP", 200)
n2 = Ctl(srv.port, source="127.0.0.4")        # .1 still holds most: p[1]
evicted(p[1], "the next oldest of .1")
for c in (p[2], q, n, n2, old):
    c.expect("NOOP", 200)
check(refused(srv.port, "127.0.0.1") == [
    b"421 Too many connections not yet logged in, try again later."],
      "a newcomer from an address holding the most")
n.login()                                     # it leaves the pool
m = Ctl(srv.port, source="127.0.0.1")         # room again, nobody evicted
for c in (p[2], q, n2):
    c.expect("NOOP", 200)
m.login()
check(m.retr("bytes.bin") == t.files["bytes.bin"], "after evictions")
check(srv.log().count("evicted") == 2, "evictions logged: %r" % srv.log())
for c in (p[2], q, n, n2, old, m):
    c.close()
check(srv.stop() == 0, "exit status")

# A flood of refusals costs one log line per address a minute.
srv = start(t.root, "--max-clients", "2", "--max-per-addr", "1")
a = Ctl(srv.port)
a.login()
for i in range(20):
    refused(srv.port, "127.0.0.1")
b = Ctl(srv.port, source="127.0.0.2")
b.login()
for i in range(20):
    refused(srv.port, "127.0.0.3")           # the server is full
a.expect("NOOP", 200)
check(srv.stop() == 0, "exit status")
log = srv.log().splitlines()
got = [ln for ln in log if "refused" in ln]
check(len(got) == 2 and "127.0.0.1: refused: Too many connections from "
      "your address (1 at most)" in got[0] and "127.0.0.3: refused: Too "
      "many connections (2); try again later" in got[1] and
      "not logged again for a minute" in got[1], "refusal log: %r" % log)

# Timeouts: an idle control connection gets 421; a PASV nobody uses is
# closed; a RETR with no connection gets 425; a stalled reader 426.
srv = start(t.root, "--idle-timeout", "2", "--data-timeout", "1")
c = Ctl(srv.port)
t0 = time.monotonic()
code, lines = c.reply(timeout=10)
check(code == 421 and b"Idle" in lines[0], "idle timeout: %r" % lines)
check(1.5 < time.monotonic() - t0 < 6, "idle timeout took %.1f s"
      % (time.monotonic() - t0))
c = Ctl(srv.port)
c.login()
lines = c.expect("PASV", 227)
n = [int(v) for v in lines[0].split(b"(")[1].split(b")")[0].split(b",")]
time.sleep(1.8)
try:
    socket.create_connection(("127.0.0.1", n[4] * 256 + n[5]), 2).close()
    refused = False
except OSError:
    refused = True
check(refused, "an unused PASV port still listens after --data-timeout")
c.expect("PASV", 227)
c.send("RETR bytes.bin\r\n")
check(c.reply()[0] == 150, "RETR with PASV unconnected")
code, lines = c.reply(timeout=10)
check(code == 425, "no data connection: %r" % lines)

# A reader that stops reading: 426 after the data timeout, and another
# client meanwhile lists and downloads at once.
d = c.pasv()
d.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
c.send("RETR big.bin\r\n")
check(c.reply()[0] == 150, "RETR big")
d.recv(1000)
took = quick_session(srv.port)
check(took < 3, "a session beside a stalled reader took %.1f s" % took)
code, lines = c.reply(timeout=10)
check(code == 426 and b"stalled" in lines[0], "stalled: %r" % lines)
d.close()
c.expect("NOOP", 200)
check(srv.stop() == 0, "exit status")

# A slow transfer that keeps moving outlives --idle-timeout: the control
# connection is not idle while its transfer goes on.
srv = start(t.root, "--idle-timeout", "1", "--data-timeout", "2")
c = Ctl(srv.port)
c.login()
d = c.pasv()
d.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
c.send("RETR big.bin\r\n")
check(c.reply()[0] == 150, "RETR big")
t0 = time.monotonic()
while time.monotonic() - t0 < 2.5:
    check(d.recv(65536) != b"", "data closed during a slow transfer")
    time.sleep(0.1)
c.send(b"ABOR\r\n")
got = [c.reply()[0], c.reply()[0]]
check(got == [426, 226], "a slow transfer was cut: %r" % got)
d.close()
check(srv.stop() == 0, "exit status")

# Resets: the data connection (426, the control goes on), then the
# control connection mid transfer (the server drops both, carries on).
srv = start(t.root)
c = Ctl(srv.port)
c.login()
linger0 = struct.pack("ii", 1, 0)
for n in range(3):
    d = c.pasv()
    c.send("RETR big.bin\r\n")
    check(c.reply()[0] == 150, "RETR big")
    d.recv(100000)
    d.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger0)
    d.close()
    code, lines = c.reply(timeout=10)
    check(code == 426, "data reset: %r" % lines)
d = c.pasv()
c.send("RETR big.bin\r\n")
check(c.reply()[0] == 150, "RETR big")
d.recv(100000)
c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger0)
c.close()
time.sleep(0.3)
d.close()
took = quick_session(srv.port)
check(took < 3, "a session after resets took %.1f s" % took)

# ABOR mid transfer: 426 then 226; a command pipelined behind a
# transfer waits for its 226.
c = Ctl(srv.port)
c.login()
d = c.pasv()
c.send("RETR big.bin\r\n")
check(c.reply()[0] == 150, "RETR big")
d.recv(1000)
c.send(b"\xff\xf4\xff\xf2ABOR\r\n")
check(c.reply()[0] == 426 and c.reply()[0] == 226, "ABOR replies")
d.close()
d = c.pasv()
c.send("RETR bytes.bin\r\nPWD\r\n")
got = []
for i in range(3):
    got.append(c.reply()[0])
    if i == 0:
        while d.recv(65536):
            pass
check(got == [150, 226, 257], "pipelined replies %r" % got)

# SIGTERM while transfers are going: exit 0.
d = c.pasv()
c.send("RETR big.bin\r\n")
check(c.reply()[0] == 150, "RETR big")
d.recv(1000)
check(srv.stop() == 0, "SIGTERM mid transfer: exit status")
print("ok")
