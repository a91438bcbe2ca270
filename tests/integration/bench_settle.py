"""loadgen with several servers starts sending only once every client is
in the room.

On a cluster a join reaches the other node later, so a client there also
sees the joins of clients that came before it, and the count of join
notices loadgen waited for (N(N-1)/2, right for one server) can be reached
while a client is still joining; what is sent meanwhile never reaches it
and counted as lost. Here a stand-in for two nodes announces joins both
ways (as a node does for the people it learns from the other) and lets the
last client in only a second after its name: nothing may be lost."""

import json
import os
import selectors
import socket
import subprocess
import sys
import time

BIN = os.environ.get("TCPCHAT_BIN") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "bin")
LOADGEN = os.path.join(BIN, "bench", "loadgen")
N = 4
LATE_S = 1.0


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


class Conn:
    def __init__(self, sock):
        self.sock = sock
        self.inbuf = b""
        self.nick = None
        self.admit_at = None
        self.member = False


def listener():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(16)
    s.setblocking(False)
    return s


def main():
    if not os.access(LOADGEN, os.X_OK):
        fail("no " + LOADGEN)
    ls = [listener(), listener()]
    ports = ",".join(str(s.getsockname()[1]) for s in ls)
    lg = subprocess.Popen([LOADGEN, "-p", ports, "-n", str(N), "-s", "2",
                           "-r", "100", "-d", "2", "-S", "10", "-D", "3",
                           "-q", "--json"], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL)
    sel = selectors.DefaultSelector()
    for s in ls:
        sel.register(s, selectors.EVENT_READ, s)
    conns, named = [], 0
    end = time.monotonic() + 30
    while lg.poll() is None and time.monotonic() < end:
        t = time.monotonic()
        for c in conns:
            if c.admit_at is not None and not c.member and t >= c.admit_at:
                for m in conns:     # joins both ways, as across nodes
                    if m.member:
                        m.sock.sendall(c.nick + b" has joined our chat...\n")
                        c.sock.sendall(m.nick + b" has joined our chat...\n")
                c.member = True
        for key, _ in sel.select(0.01):
            if key.data in ls:
                try:
                    s, _ = key.data.accept()
                except BlockingIOError:
                    continue
                s.setblocking(True)
                c = Conn(s)
                conns.append(c)
                sel.register(s, selectors.EVENT_READ, c)
                s.sendall(b"[ENTER YOUR NAME]:")
                continue
            c = key.data
            try:
                data = c.sock.recv(65536)
            except ConnectionError:
                data = b""
            if not data:
                sel.unregister(c.sock)
                c.sock.close()
                conns.remove(c)
                continue
            c.inbuf += data
            while b"\n" in c.inbuf:
                line, c.inbuf = c.inbuf.split(b"\n", 1)
                if c.nick is None:
                    c.nick = line.rstrip(b"\r")
                    named += 1
                    c.admit_at = time.monotonic() + \
                        (LATE_S if named == N else 0)
                    continue
                c.sock.sendall(b"[2026-01-01 00:00:00][" + c.nick + b"]:")
                for m in conns:
                    if m.member and m is not c:
                        m.sock.sendall(b"[2026-01-01 00:00:00][" + c.nick +
                                       b"]:" + line + b"\n")
    if lg.poll() is None:
        lg.kill()
        lg.wait()
        fail("loadgen did not finish in 30 s")
    res = json.loads(lg.stdout.read().decode())
    if res["sent"] < 100 or res["delivered"] == 0:
        fail("too little traffic: %s" % res)
    if not res["handshake_complete"]:
        fail("loadgen did not see the joins complete: %s" % res)
    for k in ("loss", "duplicates", "order_violations", "invalid"):
        if res[k] != 0:
            fail("%s %d (joins seen %d, expected %d): %s" %
                 (k, res[k], res["joins_seen"], res["joins_expected"], res))
    print("ok: %d sent, %d delivered, %d join notices (%d expected)" %
          (res["sent"], res["delivered"], res["joins_seen"],
           res["joins_expected"]))


main()
