"""Helpers for the echod tests: start echod in a model, drive clients.

Every wait is bounded; every server started is stopped on exit.

    from echod_lib import Echod, Conn, MODELS, fail, check
    srv = Echod("threads", "--delay", "50")   # echod --port 0 --model ...
    c = Conn(srv.port); c.send(b"hi\\n"); c.expect(b"hi\\n")
    srv.stop()                                # SIGTERM; exit status
    srv.children(), srv.zombies(), srv.threads()   # from /proc
"""

import atexit
import os
import re
import select
import signal
import socket
import subprocess
import tempfile
import time

from chatlib import BIN, TOP, check, fail  # noqa: F401 (re-exported)

# ECHOD_MODELS="threads" narrows the per-model loops (the TSan pass).
MODELS = tuple(os.environ.get("ECHOD_MODELS", "poll fork threads").split())
_procs = []


def _cleanup():
    for p in _procs:
        if p.poll() is None:
            p.kill()
            p.wait()


atexit.register(_cleanup)


def _readline(fd, timeout):
    end = time.monotonic() + timeout
    buf = b""
    while not buf.endswith(b"\n"):
        left = end - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            fail("no line within %.0f s (got %r)" % (timeout, buf))
        c = os.read(fd, 1)
        if not c:
            break
        buf += c
    return buf


def proc_children(pid):
    """PIDs whose parent is pid, from /proc."""
    kids = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                st = f.read()
        except OSError:
            continue
        fields = st[st.rindex(")") + 2:].split()
        if int(fields[1]) == pid:
            kids.append((int(d), fields[0]))
    return kids


def alive(pid):
    """Whether pid exists and is not a zombie."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            st = f.read()
    except OSError:
        return False
    return st[st.rindex(")") + 2] != "Z"


class Echod:
    """A running echod; .port, .proc, .stop(), .log()."""

    def __init__(self, model, *args, timeout=10.0):
        self.err = tempfile.TemporaryFile()
        argv = [os.path.join(BIN, "echod"), "--port", "0", "--model", model]
        self.proc = subprocess.Popen(argv + list(args),
                                     stdout=subprocess.PIPE, stderr=self.err)
        _procs.append(self.proc)
        line = _readline(self.proc.stdout.fileno(), timeout)
        m = re.match(rb"Listening on the port :(\d+)\n$", line)
        if not m:
            fail("echod said %r, stderr %r" % (line, self.log()))
        self.port = int(m.group(1))
        self.model = model

    def log(self):
        self.err.seek(0)
        return self.err.read().decode(errors="replace")

    def children(self):
        """(pid, state) of each child process."""
        return proc_children(self.proc.pid)

    def zombies(self):
        return [p for p, s in self.children() if s == "Z"]

    def threads(self):
        return len(os.listdir("/proc/%d/task" % self.proc.pid))

    def wait_children(self, n, timeout=10.0):
        """Wait until exactly n live children; fail otherwise."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            live = [p for p, s in self.children() if s != "Z"]
            if len(live) == n:
                return live
            time.sleep(0.02)
        fail("%d children, want %d: %r" % (len(self.children()), n,
                                           self.children()))

    def stop(self, sig=signal.SIGTERM, timeout=10.0):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            fail("echod ignored signal %d for %.0f s" % (sig, timeout))

    def stats(self, timeout=5.0):
        """The counters echod logs on SIGUSR1, as a dict."""
        before = self.log().count("echod: stats:")
        self.proc.send_signal(signal.SIGUSR1)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            log = self.log()
            if log.count("echod: stats:") > before:
                line = [x for x in log.splitlines()
                        if x.startswith("echod: stats:")][-1]
                return dict((k, int(v)) for k, v in
                            re.findall(r"(\w+)=(\d+)", line))
            time.sleep(0.02)
        fail("no stats after SIGUSR1: %r" % self.log())


class Conn:
    """One client socket with bounded reads."""

    def __init__(self, port, host="127.0.0.1", timeout=5.0, source=None):
        # source: bind to another loopback address first (127.0.0.2).
        self.sock = socket.create_connection(
            (host, port), timeout=timeout,
            source_address=None if source is None else (source, 0))
        self.buf = b""

    def send(self, data):
        self.sock.sendall(data)

    def read_until(self, want, timeout=5.0):
        """Bytes up to and including want (bytes); fail on timeout/EOF."""
        end = time.monotonic() + timeout
        while want not in self.buf:
            left = end - time.monotonic()
            if left <= 0:
                fail("no %r within %.1f s; got %r" % (want, timeout,
                                                      self.buf[-200:]))
            self.sock.settimeout(left)
            try:
                d = self.sock.recv(65536)
            except socket.timeout:
                continue
            if not d:
                fail("EOF waiting for %r; got %r" % (want, self.buf[-200:]))
            self.buf += d
        i = self.buf.index(want) + len(want)
        out, self.buf = self.buf[:i], self.buf[i:]
        return out

    def read_n(self, n, timeout=5.0):
        end = time.monotonic() + timeout
        while len(self.buf) < n:
            left = end - time.monotonic()
            if left <= 0:
                fail("%d of %d bytes within %.1f s" % (len(self.buf), n,
                                                       timeout))
            self.sock.settimeout(left)
            try:
                d = self.sock.recv(65536)
            except socket.timeout:
                continue
            if not d:
                fail("EOF after %d of %d bytes" % (len(self.buf), n))
            self.buf += d
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def expect(self, want, timeout=5.0):
        got = self.read_n(len(want), timeout)
        check(got == want, "got %r, want %r" % (got[:200], want[:200]))

    def quiet(self, secs):
        """Whether nothing arrives for secs seconds."""
        if self.buf:
            return False
        self.sock.settimeout(secs)
        try:
            d = self.sock.recv(65536)
        except socket.timeout:
            return True
        self.buf += d
        return False

    def read_eof(self, timeout=5.0):
        """Everything until the server closes; fail on timeout."""
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            if left <= 0:
                fail("no EOF within %.1f s; got %r" % (timeout,
                                                      self.buf[-200:]))
            self.sock.settimeout(left)
            try:
                d = self.sock.recv(65536)
            except socket.timeout:
                continue
            except ConnectionResetError:
                d = b""
            if not d:
                out, self.buf = self.buf, b""
                return out
            self.buf += d

    def shut_wr(self):
        self.sock.shutdown(socket.SHUT_WR)

    def reset(self):
        """Close with RST instead of FIN."""
        import struct
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                             struct.pack("ii", 1, 0))
        self.sock.close()

    def close(self):
        self.sock.close()


def many(port, nclients, nlines, size=40, timeout=30.0, host="127.0.0.1"):
    """nclients connections at once, each sending nlines distinct lines
    in one burst; fails unless each gets exactly its own bytes back, in
    order. Returns the bytes sent in all."""
    import selectors
    sel = selectors.DefaultSelector()
    conns = []
    for i in range(nclients):
        s = socket.create_connection((host, port), timeout=timeout)
        s.setblocking(False)
        want = b"".join(b"%05d:%05d:" % (i, j) + b"x" * size + b"\n"
                        for j in range(nlines))
        conns.append({"s": s, "want": want, "out": want, "got": b""})
        sel.register(s, selectors.EVENT_READ | selectors.EVENT_WRITE,
                     conns[-1])
    left = nclients
    end = time.monotonic() + timeout
    while left > 0:
        if time.monotonic() > end:
            short = [c for c in conns if len(c["got"]) < len(c["want"])]
            fail("%d clients short after %.0f s, e.g. %r" %
                 (len(short), timeout, short[0]["got"][-80:]))
        for key, ev in sel.select(0.5):
            c = key.data
            if ev & selectors.EVENT_WRITE and c["out"]:
                n = c["s"].send(c["out"])
                c["out"] = c["out"][n:]
                if not c["out"]:
                    sel.modify(c["s"], selectors.EVENT_READ, c)
            if ev & selectors.EVENT_READ:
                d = c["s"].recv(65536)
                if not d:
                    fail("EOF after %d of %d bytes" % (len(c["got"]),
                                                       len(c["want"])))
                c["got"] += d
                if not c["want"].startswith(c["got"]):
                    fail("wrong echo: %r..." % c["got"][-80:])
                if len(c["got"]) == len(c["want"]):
                    sel.unregister(c["s"])
                    left -= 1
    total = 0
    for c in conns:
        total += len(c["want"])
        c["s"].close()
    return total


def wait_for(pred, what, timeout=10.0):
    """Poll pred() until true; fail with what after timeout."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = pred()
        if v:
            return v
        time.sleep(0.02)
    fail("no %s within %.0f s" % (what, timeout))


# bin/san (ASan) or bin/tsan: RSS says nothing there.
SANITIZED_ANY = os.path.basename(os.path.normpath(BIN)) in ("san", "tsan")


def rss_kib(pid):
    """VmRSS of pid and every descendant, in KiB (from /proc)."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open("/proc/%d/status" % p) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            continue
        todo.extend(k for k, _ in proc_children(p))
    return total
