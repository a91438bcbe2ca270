"""loadgen counts a message glued behind a long run of prompts.

The text server sends a prompt ("[stamp][me]:", no newline) after every
line a client sends. A cluster node whose deliveries come late (they go
through Redis) sends a sender many prompts before the next message it
receives, so that message arrives glued behind kilobytes of prompts.
loadgen used to throw such a line away as too long, and counted its
message as lost (the cluster bench's 1 M/s rung lost 9 to 39 messages,
always with as many "long_lines"). Here a stand-in server holds every
delivery back for 0.3 s and answers each line at once with a prompt; every
message must still be counted, none lost."""

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
HOLD_S = 0.3


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def stamp():
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime())


class Conn:
    def __init__(self, sock):
        self.sock = sock
        self.inbuf = b""
        self.nick = None


def main():
    if not os.access(LOADGEN, os.X_OK):
        fail("no " + LOADGEN)
    lsock = socket.socket()
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(16)
    lsock.setblocking(False)
    port = lsock.getsockname()[1]
    out = open(os.devnull, "w")
    lg = subprocess.Popen([LOADGEN, "-p", str(port), "-n", "2", "-s", "2",
                           "-r", "400", "-d", "2", "-S", "10", "-D", "5",
                           "-q", "--json"], stdout=subprocess.PIPE,
                          stderr=out)
    sel = selectors.DefaultSelector()
    sel.register(lsock, selectors.EVENT_READ, None)
    conns = []
    pending = []            # (sender nick, text) held back
    flushed = time.monotonic()
    longest = 0             # the longest run of prompts sent, in bytes
    runs = {}
    end = time.monotonic() + 30
    while lg.poll() is None and time.monotonic() < end:
        for key, _ in sel.select(0.02):
            if key.data is None:
                try:
                    s, _ = lsock.accept()
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
                line = line.rstrip(b"\r")
                if c.nick is None:
                    c.nick = line
                    for o in conns:
                        if o is not c and o.nick is not None:
                            o.sock.sendall(c.nick +
                                           b" has joined our chat...\n")
                else:
                    pending.append((c.nick, line))
                p = ("[%s][" % stamp()).encode() + c.nick + b"]:"
                c.sock.sendall(p)
                runs[c.nick] = runs.get(c.nick, 0) + len(p)
                longest = max(longest, runs[c.nick])
        if time.monotonic() - flushed >= HOLD_S:
            flushed = time.monotonic()
            for nick, text in pending:
                line = ("[%s][" % stamp()).encode() + nick + b"]:" + \
                    text + b"\n"
                for o in conns:
                    if o.nick is not None and o.nick != nick:
                        o.sock.sendall(line)
                        runs[o.nick] = 0
            pending = []
    if lg.poll() is None:
        lg.kill()
        lg.wait()
        fail("loadgen did not finish in 30 s")
    res = json.loads(lg.stdout.read().decode())
    if longest <= 1024:
        fail("the prompts never piled up past 1024 bytes (%d): the test "
             "tests nothing" % longest)
    if res["sent"] < 100 or res["delivered"] == 0:
        fail("too little traffic: %s" % res)
    for k in ("loss", "duplicates", "order_violations", "invalid"):
        if res[k] != 0:
            fail("%s %d (long_lines %d, prompt runs up to %d bytes): %s" %
                 (k, res[k], res["long_lines"], longest, res))
    print("ok: %d sent, %d delivered, prompt runs up to %d bytes" %
          (res["sent"], res["delivered"], longest))


main()
