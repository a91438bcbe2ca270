"""Helpers for cluster tests: a private redis-server, and cluster nodes.

Every wait is bounded; whatever was started is stopped by PID on exit.

    from redislib import Redis, Node, need_redis

    need_redis()                       # exit 77 with a SKIP line if absent
    r = Redis()                        # --port P --bind 127.0.0.1 --save ''
    r = Redis(aof=True)                # ... --appendonly yes (fsync always)
    r.cmd("GET", "tcpchat:epoch")      # a tiny RESP client
    r.kill9(); r.start()               # crash and restart on the same port
    a = Node(r.url, "A")               # tests/drivers/clusternode
    a.send("claim ana"); a.wait(r"^CLAIMED\\tana\\t1$")
    a.events("general")                # EV lines seen for a room

Redis(aof=False)   .port, .url, .dir, .pid, .start(), .stop(), .kill9(),
                   .cmd(*args) -> str | int | list | None
Node(url, name, **env)  .send(line), .wait(regex, timeout) -> match,
                   .lines() (all so far), .events(room) -> [(seq, kind,
                   node, nick, arg, text, own)], .kill9(), .stop_sig(),
                   .cont(), .quit()
"""

import atexit
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

TOP = os.environ.get("TCPCHAT_TOP") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("TCPCHAT_BIN") or os.path.join(TOP, "bin")
UNITS = os.environ.get("TCPCHAT_UNITS") or os.path.join(
    TOP, "build/san" if os.path.basename(os.path.normpath(BIN)) == "san"
    else "build", "tests")
DRIVER = os.path.join(TOP, UNITS, "drivers", "clusternode")

_procs = []


def fail(msg):
    print("FAIL: " + msg, flush=True)
    sys.exit(1)


def redis_server():
    """The redis-server binary, or None."""
    found = shutil.which("redis-server")
    if found:
        return found
    for p in ("/usr/bin/redis-server", "/usr/sbin/redis-server",
              "/usr/local/bin/redis-server"):
        if os.access(p, os.X_OK):
            return p
    return None


def need_redis():
    """Skip (exit 77) only when redis-server truly is not there."""
    if redis_server() is None:
        print("SKIP: redis-server not found (scripts/deps.sh installs it)",
              flush=True)
        sys.exit(77)
    if not os.access(DRIVER, os.X_OK):
        fail("no %s: build it with make units" % DRIVER)


def _cleanup():
    for p in _procs:
        if p.poll() is None:
            try:
                p.send_signal(signal.SIGCONT)
                p.kill()
                p.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                pass


atexit.register(_cleanup)


def _free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _resp_encode(args):
    out = b"*%d\r\n" % len(args)
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    return out


class _Reader:
    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def line(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("redis closed the connection")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def exact(self, n):
        while len(self.buf) < n + 2:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("redis closed the connection")
            self.buf += chunk
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data

    def reply(self):
        line = self.line()
        t, rest = line[:1], line[1:]
        if t == b"+":
            return rest.decode()
        if t == b"-":
            return RuntimeError(rest.decode())
        if t == b":":
            return int(rest)
        if t == b"$":
            n = int(rest)
            return None if n < 0 else self.exact(n).decode("utf-8",
                                                           "replace")
        if t == b"*":
            n = int(rest)
            return None if n < 0 else [self.reply() for _ in range(n)]
        raise ValueError("bad RESP: %r" % line)


class Redis:
    """A private redis-server on a free loopback port."""

    def __init__(self, aof=False):
        self.aof = aof
        self.dir = tempfile.mkdtemp(prefix="tcpchat-redis-")
        self.proc = None
        self.port = None
        for _ in range(5):
            self.port = _free_port()
            if self.start(fatal=False):
                break
        else:
            fail("redis-server would not start: %s" % self.log())

    @property
    def url(self):
        return "redis://127.0.0.1:%d" % self.port

    @property
    def pid(self):
        return self.proc.pid

    def log(self):
        try:
            with open(os.path.join(self.dir, "redis.log")) as f:
                return f.read()[-2000:]
        except OSError:
            return ""

    def start(self, fatal=True, timeout=10):
        args = [redis_server(), "--port", str(self.port),
                "--bind", "127.0.0.1", "--save", "",
                "--dir", self.dir, "--logfile", "redis.log",
                "--daemonize", "no"]
        if self.aof:
            args += ["--appendonly", "yes", "--appendfsync", "always"]
        else:
            args += ["--appendonly", "no"]
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        _procs.append(self.proc)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                break
            try:
                if self.cmd("PING") == "PONG":
                    return True
            except (OSError, ConnectionError, ValueError):
                pass
            except RuntimeError as e:
                # "LOADING": up, still reading its AOF; ready soon.
                if not str(e).startswith("LOADING"):
                    raise
            time.sleep(0.05)
        if fatal:
            fail("redis-server on %d did not answer PING: %s" %
                 (self.port, self.log()))
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=5)
        return False

    def cmd(self, *args, timeout=5):
        with socket.create_connection(("127.0.0.1", self.port),
                                      timeout=timeout) as s:
            s.sendall(_resp_encode(args))
            r = _Reader(s).reply()
        if isinstance(r, RuntimeError):
            raise r
        return r

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)

    def kill9(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


class Node:
    """A clusternode process: commands in, one line per event out."""

    def __init__(self, url, name, **env):
        e = dict(os.environ)
        for k, v in env.items():
            e["CLUSTER_" + k.upper()] = str(v)
        self.name = name
        self.proc = subprocess.Popen([DRIVER, url, name],
                                     stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=e)
        _procs.append(self.proc)
        self._lines = []
        self._err = []
        self._cv = threading.Condition()
        threading.Thread(target=self._pump, args=(self.proc.stdout,
                         self._lines), daemon=True).start()
        threading.Thread(target=self._pump, args=(self.proc.stderr,
                         self._err), daemon=True).start()

    def _pump(self, f, into):
        for raw in f:
            with self._cv:
                into.append(raw.decode("utf-8", "replace").rstrip("\n"))
                self._cv.notify_all()
        with self._cv:
            self._cv.notify_all()

    def send(self, line):
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()

    def lines(self):
        with self._cv:
            return list(self._lines)

    def log(self):
        with self._cv:
            return "\n".join(self._err[-40:])

    def wait(self, pattern, timeout=10, start=0):
        """The first line at index >= start matching pattern."""
        rx = re.compile(pattern)
        end = time.monotonic() + timeout
        with self._cv:
            while True:
                for ln in self._lines[start:]:
                    m = rx.search(ln)
                    if m:
                        return m
                left = end - time.monotonic()
                if left <= 0:
                    break
                self._cv.wait(min(left, 0.2))
        fail("node %s: no line matching %r within %ss; last lines:\n%s\n"
             "stderr:\n%s" % (self.name, pattern, timeout,
                              "\n".join(self.lines()[-15:]), self.log()))

    def mark(self):
        """An index for wait(start=...): only lines after now."""
        with self._cv:
            return len(self._lines)

    def ready(self, timeout=15):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            m = self.mark()
            self.send("ready")
            if self.wait(r"^READY\t", start=m).group(0) and \
                    self.lines()[-1:] and \
                    any(ln == "READY\t1" for ln in self.lines()[m:]):
                return
            time.sleep(0.1)
        fail("node %s never got in step with Redis:\n%s" %
             (self.name, self.log()))

    def events(self, room):
        out = []
        for ln in self.lines():
            f = ln.split("\t")
            if f[0] == "EV" and f[1] == room and len(f) == 9:
                out.append((int(f[2]), f[3], f[4], f[5], f[6], f[7],
                            int(f[8])))
        return out

    def kill9(self):
        self.proc.kill()
        self.proc.wait(timeout=10)

    def stop_sig(self):
        self.proc.send_signal(signal.SIGSTOP)

    def cont(self):
        self.proc.send_signal(signal.SIGCONT)

    def quit(self, timeout=10):
        if self.proc.poll() is None:
            try:
                self.send("quit")
                self.proc.stdin.close()
            except OSError:
                pass
            self.proc.wait(timeout=timeout)
        return self.proc.returncode
