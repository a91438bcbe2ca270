#!/usr/bin/env python3
"""make soak: tcpchatd under valgrind against hostile traffic.

    python3 tests/soak/soak.py BINDIR SECONDS

Starts BINDIR/tcpchatd under valgrind (memcheck, full leak check) on a
loopback port, then for SECONDS runs, each in its own thread, bounded in
count and rate: random bytes, resets in the middle of a line, 1 MB lines,
thousands of connects, odd commands, hostile names and a reader that never
reads, while two well-behaved clients (structured presentation) keep
chatting in one room. It fails (exit 1) when a message between the two is
lost, the server dies or stops answering, valgrind reports an error or a
definite or indirect leak, or the server does not exit cleanly on SIGTERM.
"""

import os
import random
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

BIN, SECS = sys.argv[1], int(sys.argv[2])
HOST = "127.0.0.1"
CONNECTS_MAX = 3000        # connect-and-close, over the whole run
PAIR_RATE = 4              # messages a second from each of the pair
stop = threading.Event()
counts = {}
counts_lock = threading.Lock()


def count(what, n=1):
    with counts_lock:
        counts[what] = counts.get(what, 0) + n


SERVER = []


def fail(msg):
    print("soak: FAIL: " + msg, file=sys.stderr)
    for p in SERVER:
        if p.poll() is None:
            p.kill()
            p.wait(30)
    sys.exit(1)


def start_server(vglog, chatlog, errlog):
    args = ["valgrind", "--leak-check=full",
            "--show-leak-kinds=definite,indirect",
            "--errors-for-leak-kinds=definite,indirect",
            "--error-exitcode=99", "--log-file=" + vglog,
            os.path.join(BIN, "tcpchatd"), "--port", "0", "--bind", HOST,
            "-m", "200", "--log", chatlog, "--name-timeout", "5",
            "--stall-timeout", "5", "--history", "50"]
    # --history 50: a joiner's replay (50 lines of at most 12 KiB once
    # cleaned) stays under --max-queue, which issue 15's first defect
    # (fixed apart) needs; the non-readers still pass it and are cut off.
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE,
                            stderr=open(errlog, "wb"))
    SERVER.append(proc)
    out = b""
    deadline = time.monotonic() + 120
    while b"\n" not in out:
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            fail("server did not start: %r" % out)
        r, _, _ = select.select([proc.stdout], [], [], 1)
        if r:
            out += os.read(proc.stdout.fileno(), 4096)
    m = re.match(rb"Listening on the port :(\d+)", out)
    if not m:
        proc.kill()
        fail("unexpected first line %r" % out)
    return proc, int(m.group(1))


def connect(port, timeout=10):
    s = socket.create_connection((HOST, port), timeout=timeout)
    return s


def reset(s):
    """Close with RST instead of FIN."""
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                     struct.pack("ii", 1, 0))
        s.close()
    except OSError:
        pass


def drain(s, secs=0.05):
    """Read whatever comes within secs (a hostile client may or may not
    read; this one reads a little)."""
    end = time.monotonic() + secs
    try:
        while time.monotonic() < end:
            r, _, _ = select.select([s], [], [], max(0, end -
                                                    time.monotonic()))
            if not r or not s.recv(65536):
                return
    except OSError:
        return


class Member(threading.Thread):
    """One of the well-behaved pair: sends numbered messages to the room
    "pair" and records every number it gets from the other."""

    def __init__(self, port, nick, other, both):
        super().__init__(daemon=True)
        self.both = both            # a Barrier: both in the room
        self.port, self.nick, self.other = port, nick, other
        self.sent = 0
        self.got = []
        self.error = None
        self.quit = threading.Event()
        self.buf = b""

    def lines(self):
        while b"\n" in self.buf:
            line, self.buf = self.buf.split(b"\n", 1)
            yield line.decode("utf-8", "strict")

    def wait_for(self, s, pred, secs):
        end = time.monotonic() + secs
        while time.monotonic() < end:
            r, _, _ = select.select([s], [], [], 0.5)
            if r:
                data = s.recv(65536)
                if not data:
                    raise OSError("server closed")
                self.buf += data
                for line in self.lines():
                    if pred(line):
                        return
        raise OSError("%s: timed out" % self.nick)

    def handle(self, line):
        f = line.split("\t")
        if f[0] == "MSG" and len(f) == 5 and f[2] == "pair" and \
                f[3] == self.other and f[4].startswith("seq "):
            self.got.append(int(f[4][4:]))
        elif f[0] == "BYE":
            raise OSError("%s got BYE: %s" % (self.nick, line))

    def run(self):
        try:
            s = connect(self.port, 60)
            s.sendall(b"/hello tcpchat 1\n")
            self.wait_for(s, lambda l: l == "NAME?", 60)
            s.sendall(self.nick.encode() + b"\n/join pair\n")
            self.wait_for(s, lambda l: l.startswith("USERS\tpair"), 60)
            # the first message must find the other in the room
            self.both.wait(60)
            next_at = time.monotonic()
            while not self.quit.is_set():
                now = time.monotonic()
                if now >= next_at and not stop.is_set():
                    self.sent += 1
                    s.sendall(b"seq %d\n" % self.sent)
                    next_at = now + 1.0 / PAIR_RATE
                r, _, _ = select.select([s], [], [], 0.05)
                if r:
                    data = s.recv(65536)
                    if not data:
                        raise OSError("server closed on " + self.nick)
                    self.buf += data
                    for line in self.lines():
                        self.handle(line)
            s.close()
        except (OSError, UnicodeDecodeError, ValueError,
                threading.BrokenBarrierError) as e:
            self.error = "%s: %s" % (self.nick, e)


def loop_until_stop(fn, port):
    def run():
        while not stop.is_set():
            try:
                fn(port)
            except OSError:
                # the server closed on it (too many tries, kicked):
                # expected, but counted
                count("closed by the server: " + fn.__name__[8:])
    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def hostile_random(port):
    s = connect(port)
    for _ in range(random.randint(1, 20)):
        n = random.randint(1, 65536)
        data = bytearray(os.urandom(n))
        for _ in range(random.randint(0, 10)):
            data[random.randrange(n)] = 10
        s.sendall(bytes(data))
        count("random bytes sent", n)
        drain(s, 0.01)
    (reset if random.random() < 0.5 else socket.socket.close)(s)
    count("random-byte connections")


def hostile_reset(port):
    s = connect(port)
    s.sendall(b"rst%d\n" % random.randrange(10 ** 6))
    drain(s, 0.05)
    s.sendall(b"a line that never ends " * random.randint(1, 100))
    reset(s)
    count("resets mid-line")
    time.sleep(0.02)


def hostile_megaline(port):
    s = connect(port, 60)
    s.sendall(b"mega%d\n" % random.randrange(10 ** 6))
    chunk = b"M" * 65536
    for _ in range(16):                 # 1 MiB, no newline
        s.sendall(chunk)
        drain(s, 0)
    s.sendall(b"\nafter the long line\n")
    drain(s, 0.2)
    s.close()
    count("1 MB lines")


def hostile_connects(port):
    with counts_lock:
        done = counts.get("connects", 0)
    if done >= CONNECTS_MAX:
        stop.wait(1)
        return
    socks = []
    for _ in range(20):
        socks.append(connect(port))
    for s in socks:
        (reset if random.random() < 0.3 else socket.socket.close)(s)
    count("connects", len(socks))
    time.sleep(max(0.0, SECS / (CONNECTS_MAX / 20.0) - 0.05))


ODD = [b"/", b"//", b"///x", b"/nick", b"/join", b"/join #", b"/join ../x",
       b"/msg", b"/msg nobody hi", b"/me", b"/who extra args",
       b"/hello tcpchat 99", b"/hello", b"/rooms\x00", b"/help\t\t",
       b"/quit " + "é".encode() * 3000, b"/QUIT", b"/unknown",
       b"\x00\x00\x00", b"\r\r\r", b"\x1b]0;title\x07", b"\xe2\x80\xae",
       b"/join pair", b"/nick " + b"x" * 40, b"   ", b"\t"]


def hostile_commands(port):
    s = connect(port)
    if random.random() < 0.5:
        s.sendall(b"/hello tcpchat 1\n")
    s.sendall(b"odd%d\n" % random.randrange(10 ** 6))
    for _ in range(random.randint(5, 40)):
        s.sendall(random.choice(ODD) + random.choice([b"\n", b"\r\n"]))
    drain(s, 0.3)
    s.close()
    count("odd-command sessions")


NAMES = ["server", "\u017ferver", "SERVER", "s\u0435rver", "\u0430lice",
         "alice", "ALICE", "\x1b[31mred", "a" * 33, "\u3164", "x\u202ey",
         "", "   ", "\u540d" * 33, "n\x00ul", "\ufdfa" * 32, "ok-name",
         "\U0001d41a\U0001d41b", "..", "-", "\udcff"]


def hostile_names(port):
    s = connect(port)
    for _ in range(6):
        name = random.choice(NAMES)
        s.sendall(name.encode("utf-8", "surrogateescape") + b"\n")
    drain(s, 0.2)
    s.close()
    count("hostile-name sessions")


def hostile_nonreader(port):
    s = connect(port)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.sendall(b"sloth%d\n/join pair\n" % random.randrange(10 ** 6))
    stop.wait(15)                        # never reads: kicked or stalled
    reset(s)
    count("non-readers")


def main():
    if subprocess.call(["sh", "-c", "command -v valgrind"],
                       stdout=subprocess.DEVNULL) != 0:
        print("soak: SKIP: no valgrind")
        sys.exit(77)
    tmp = tempfile.mkdtemp(prefix="tcpchat-soak.")
    vglog = os.path.join(tmp, "valgrind.log")
    proc, port = start_server(vglog, os.path.join(tmp, "chat.log"),
                              os.path.join(tmp, "tcpchatd.log"))
    print("soak: tcpchatd under valgrind on port %d for %d s (logs in %s)"
          % (port, SECS, tmp))
    both = threading.Barrier(2)
    alice = Member(port, "alice", "bob", both)
    bob = Member(port, "bob", "alice", both)
    alice.start()
    bob.start()
    time.sleep(2)
    threads = [loop_until_stop(fn, port) for fn in
               (hostile_random, hostile_reset, hostile_megaline,
                hostile_connects, hostile_commands, hostile_names,
                hostile_nonreader)]
    end = time.monotonic() + SECS
    while time.monotonic() < end:
        time.sleep(1)
        if proc.poll() is not None:
            stop.set()
            fail("tcpchatd died (status %s); see %s" % (proc.returncode,
                                                         vglog))
        if alice.error or bob.error:
            stop.set()
            fail(alice.error or bob.error)
    stop.set()
    for t in threads:
        t.join(60)
    # the pair stops sending; each waits for all the other sent
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (alice.error or bob.error):
        if len(alice.got) >= bob.sent and len(bob.got) >= alice.sent:
            break
        time.sleep(0.5)
    alice.quit.set()
    bob.quit.set()
    alice.join(10)
    bob.join(10)
    for m, o in ((alice, bob), (bob, alice)):
        if m.error:
            fail(m.error)
        if m.got != list(range(1, o.sent + 1)):
            missing = sorted(set(range(1, o.sent + 1)) - set(m.got))
            fail("%s got %d of %d messages from %s (missing %s)" % (
                m.nick, len(m.got), o.sent, o.nick, missing[:20]))
    # still answering
    s = connect(port, 60)
    s.sendall(b"/hello tcpchat 1\nlast\n")
    buf = b""
    end = time.monotonic() + 60
    while b"WELCOME\tlast" not in buf and time.monotonic() < end:
        r, _, _ = select.select([s], [], [], 1)
        if r:
            buf += s.recv(65536)
    s.close()
    if b"WELCOME\tlast" not in buf:
        fail("server no longer answers: %r; see %s" % (buf[-200:], tmp))
    proc.send_signal(signal.SIGTERM)
    try:
        rc = proc.wait(180)
    except subprocess.TimeoutExpired:
        proc.kill()
        fail("server ignored SIGTERM")
    with open(vglog) as f:
        report = f.read()
    m = re.search(r"ERROR SUMMARY: (\d+) errors", report)
    for k in sorted(counts):
        print("soak: %-32s %d" % (k, counts[k]))
    print("soak: pair exchanged %d + %d messages, none lost" % (
        alice.sent, bob.sent))
    tail = "\n".join(report.splitlines()[-12:])
    if rc != 0 or m is None or m.group(1) != "0":
        print(tail, file=sys.stderr)
        fail("valgrind: exit %d, see %s" % (rc, vglog))
    print("soak: valgrind: 0 errors, no definite or indirect leak")


main()
