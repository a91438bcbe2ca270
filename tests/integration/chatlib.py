"""Helpers for tcpchatd integration tests: start the real server, drive clients.

Every wait is bounded; the server is stopped on exit whatever happens.

    from chatlib import start_server, Client, fail

    srv = start_server("--history", "5")      # tcpchatd --port 0 --history 5
    a = Client(srv.port); a.join("alice")     # banner, name, own prompt
    b = Client(srv.port); b.join("bob")
    a.read_until("bob has joined our chat...")
    b.send("hi")
    a.expect_line(re.compile(r"\\[.*\\]\\[bob\\]:hi"))
    b.reset()                                 # RST instead of FIN
    srv.stop()                                # SIGTERM; returns exit status

Server(...)      .port, .proc, .stop(sig, timeout) -> status, .kill9(),
                 .log() -> its stderr so far, .rss_kib(), .fd_count()
Client(port, source=ADDR)  (source: bind to ADDR first, e.g. 127.0.0.2)
                 .send(line), .send_raw(bytes), .read_until(sub, timeout),
                 .read_line(timeout), .expect_line(want, timeout),
                 .lines(timeout), .quiet(timeout), .wait_closed(timeout),
                 .join(name), .hello(name), .close(), .reset()

SANITIZED        True when TCPCHAT_BIN is the ASan build (bin/san): RSS
                 figures are meaningless there.

Texts are str (UTF-8, invalid bytes kept as surrogates) unless a method says
bytes. A timeout raises Timeout whose message shows what was received.
"""

import atexit
import os
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

TOP = os.environ.get("TCPCHAT_TOP") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("TCPCHAT_BIN") or os.path.join(TOP, "bin")
# Binaries built with SANITIZE=1 (bin/san): ASan keeps freed memory in
# quarantine, so RSS says nothing about leaks or bounds there; tests that
# bound RSS should skip that check (or start the server with
# env=dict(os.environ, ASAN_OPTIONS="quarantine_size_mb=1")).
SANITIZED = os.path.basename(os.path.normpath(BIN)) == "san"
PROMPT_NAME = "[ENTER YOUR NAME]:"
STAMP = r"\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\]"

_servers = []


class Timeout(AssertionError):
    """A bounded wait ran out."""


def fail(msg):
    """Stop the test with a message (exit status 1)."""
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def check(cond, msg):
    """fail(msg) unless cond."""
    if not cond:
        fail(msg)


def prompt_re(nick):
    """A compiled regex matching a client's own prompt (no newline)."""
    return re.compile(STAMP + r"\[" + re.escape(nick) + r"\]:")


def msg_re(nick, text):
    """A compiled regex matching the text line of a message from nick."""
    return re.compile(STAMP + r"\[" + re.escape(nick) + r"\]:" +
                      re.escape(text))


class Server:
    """A running tcpchatd; see start_server()."""

    def __init__(self, args, env=None, timeout=10.0, binary="tcpchatd"):
        self.errfile = tempfile.TemporaryFile()
        self.args = [os.path.join(BIN, binary)] + list(args)
        self.proc = subprocess.Popen(self.args, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE,
                                     stderr=self.errfile, env=env)
        _servers.append(self)
        self.stdout = b""
        self.port = self._read_port(timeout)

    def _read_port(self, timeout):
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while b"\n" not in self.stdout:
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None:
                self.kill9()
                raise Timeout("server did not print its port: %r, stderr %r"
                              % (self.stdout, self.log()))
            r, _, _ = select.select([fd], [], [], left)
            if r:
                data = os.read(fd, 4096)
                if not data:
                    continue
                self.stdout += data
        line = self.stdout.split(b"\n", 1)[0].decode()
        m = re.fullmatch(r"Listening on the port :(\d+)", line)
        if not m:
            self.kill9()
            raise Timeout("unexpected first line %r" % line)
        return int(m.group(1))

    def log(self):
        """Everything the server wrote to stderr so far."""
        self.errfile.seek(0)
        return self.errfile.read().decode("utf-8", "replace")

    def alive(self):
        return self.proc.poll() is None

    def stop(self, sig=signal.SIGTERM, timeout=10.0):
        """Send sig and wait (bounded); the exit status (-N for signal N)."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill9()
                raise Timeout("server ignored signal %d for %gs"
                              % (sig, timeout))
        return self.proc.returncode

    def kill9(self):
        """SIGKILL and reap; the exit status."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        return self.proc.returncode

    def rss_kib(self):
        """The server's resident set size in KiB (Linux /proc)."""
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return -1

    def fd_count(self):
        """How many fds the server has open (Linux /proc)."""
        return len(os.listdir("/proc/%d/fd" % self.proc.pid))


def start_server(*args, env=None, timeout=10.0, port="0"):
    """Start bin/tcpchatd --port 0 ARGS...; a Server with .port set.

    Pass port=None to give no --port at all (then put it in args)."""
    full = (["--port", port] if port is not None else []) + list(args)
    return Server(full, env=env, timeout=timeout)


@atexit.register
def _cleanup():
    for s in _servers:
        try:
            s.kill9()
        except Exception:
            pass


class Client:
    """One TCP connection to the server, read with deadlines."""

    def __init__(self, port, host="127.0.0.1", timeout=5.0, source=None):
        fam = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.sock = socket.socket(fam, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        if source is not None:          # another loopback address
            self.sock.bind((source, 0))
        self.sock.connect((host, port))
        self.sock.setblocking(False)
        self.buf = b""
        self.eof = False
        self.timeout = timeout
        self.nick = None

    def strip_prompt(self, line):
        """line without this client's own prompt at its start (text
        presentation: the prompt has no newline, so what the server sends
        after the user typed a line follows it on the same line)."""
        if self.nick is not None:
            pat = prompt_re(self.nick)
            m = pat.match(line)
            while m:
                line = line[m.end():]
                m = pat.match(line)
        return line

    # -- sending
    def send_raw(self, data):
        """Send bytes (or str, as UTF-8) exactly as given."""
        if isinstance(data, str):
            data = data.encode()
        self.sock.setblocking(True)
        try:
            self.sock.sendall(data)
        finally:
            self.sock.setblocking(False)

    def send(self, line):
        """Send one line; "\\n" is added unless it ends with one."""
        if isinstance(line, str):
            line = line.encode()
        if not line.endswith(b"\n"):
            line += b"\n"
        self.send_raw(line)

    # -- receiving
    def _fill(self, until):
        """Read what arrives before monotonic time until; False on timeout
        or EOF with nothing new."""
        if self.eof:
            return False
        left = until - time.monotonic()
        if left < 0:
            left = 0
        # poll, not select: a test may hold more than FD_SETSIZE sockets
        p = select.poll()
        p.register(self.sock, select.POLLIN)
        if not p.poll(left * 1000):
            return False
        try:
            data = self.sock.recv(65536)
        except (ConnectionResetError, BrokenPipeError):
            data = b""
        if not data:
            self.eof = True
            return False
        self.buf += data
        return True

    def read_until_bytes(self, sub, timeout=None):
        """Bytes up to and including sub (consumed); Timeout if not seen."""
        if isinstance(sub, str):
            sub = sub.encode()
        until = time.monotonic() + (timeout or self.timeout)
        while sub not in self.buf:
            if not self._fill(until) and (self.eof or
                                          time.monotonic() >= until):
                raise Timeout("waited for %r, got %r%s" % (
                    sub, self.buf[-2000:], " (EOF)" if self.eof else ""))
        i = self.buf.index(sub) + len(sub)
        out, self.buf = self.buf[:i], self.buf[i:]
        return out

    def read_until(self, sub, timeout=None):
        """Text up to and including sub (consumed); Timeout if not seen."""
        return _dec(self.read_until_bytes(sub, timeout))

    def read_line(self, timeout=None):
        """The next complete line without "\\n"; None at EOF; Timeout."""
        until = time.monotonic() + (timeout or self.timeout)
        while b"\n" not in self.buf:
            if not self._fill(until):
                if self.eof:
                    return None
                if time.monotonic() >= until:
                    raise Timeout("waited for a line, got %r" % self.buf)
        line, self.buf = self.buf.split(b"\n", 1)
        return _dec(line)

    def expect_line(self, want, timeout=None):
        """Read lines until one equals want (str) or fully matches it (a
        compiled regex), with or without this client's own prompt before
        it; returns it (without the prompt). Timeout (listing the lines skipped) if
        none comes."""
        until = time.monotonic() + (timeout or self.timeout)
        seen = []
        while True:
            left = until - time.monotonic()
            try:
                line = self.read_line(max(left, 0.001))
            except Timeout:
                line = None
            if line is None:
                raise Timeout("waited for line %r; saw %r, rest %r%s" % (
                    _pat(want), seen, self.buf,
                    " (EOF)" if self.eof else ""))
            if _match(want, line):
                return line
            rest = self.strip_prompt(line)
            if rest != line and _match(want, rest):
                return rest
            seen.append(line)

    def lines(self, timeout=0.5):
        """All complete lines that arrive within timeout seconds (reading
        stops early at EOF). Partial data (a prompt) stays buffered."""
        until = time.monotonic() + timeout
        while time.monotonic() < until and self._fill(until):
            pass
        out = []
        while b"\n" in self.buf:
            line, self.buf = self.buf.split(b"\n", 1)
            out.append(_dec(line))
        return out

    def quiet(self, timeout=0.3):
        """Bytes that arrive within timeout (b"" means nothing came); the
        buffer is emptied first into the result too."""
        until = time.monotonic() + timeout
        while time.monotonic() < until and self._fill(until):
            pass
        out, self.buf = self.buf, b""
        return out

    def wait_closed(self, timeout=None):
        """True once the server closed (EOF or reset) within timeout;
        data received meanwhile stays in the buffer."""
        until = time.monotonic() + (timeout or self.timeout)
        while not self.eof and time.monotonic() < until:
            self._fill(until)
        return self.eof

    # -- conversations
    def join(self, name, timeout=None):
        """Text presentation: read the banner up to the name prompt, send
        name, read up to this client's own prompt. Returns the text the
        server sent after the name (the history, then the prompt)."""
        self.read_until(PROMPT_NAME, timeout)
        self.send(name)
        self.nick = name
        until = time.monotonic() + (timeout or self.timeout)
        pat = prompt_re(name)
        while not pat.search(_dec(self.buf)):
            if not self._fill(until) and (self.eof or
                                          time.monotonic() >= until):
                raise Timeout("no prompt for %r: %r" % (name, self.buf))
        text = _dec(self.buf)
        m = pat.search(text)
        self.buf = text[m.end():].encode("utf-8", "surrogateescape")
        return text[:m.end()]

    def hello(self, name=None, timeout=None, version=1):
        """Structured presentation: send "/hello tcpchat VERSION", skip the
        banner up to HELLO, expect NAME?; with a name, send it and return
        the events (lists of fields) from WELCOME up to and including
        USERS."""
        self.send("/hello tcpchat %d" % version)
        self.expect_line("HELLO\t%d\ttcpchatd" % version, timeout)
        self.expect_line("NAME?", timeout)
        if name is None:
            return []
        self.send(name)
        events = []
        while True:
            line = self.read_line(timeout)
            if line is None:
                raise Timeout("EOF after name %r: %r" % (name, events))
            f = line.split("\t")
            events.append(f)
            if f[0] == "ERR":
                return events
            if f[0] == "USERS":
                return events

    def event(self, kind, timeout=None):
        """Structured: the fields of the next event of this kind (others
        are skipped)."""
        line = self.expect_line(re.compile(re.escape(kind) + r"(\t.*)?"),
                                timeout)
        return line.split("\t")

    # -- ending
    def close(self):
        """Orderly close (FIN)."""
        try:
            self.sock.close()
        except OSError:
            pass

    def shutdown_write(self):
        """Half-close: send FIN, keep reading."""
        self.sock.shutdown(socket.SHUT_WR)

    def reset(self):
        """Abortive close: SO_LINGER 0, so the server sees RST."""
        try:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                 struct.pack("ii", 1, 0))
            self.sock.close()
        except OSError:
            pass


def _dec(b):
    return b.decode("utf-8", "surrogateescape")


def _match(want, line):
    if isinstance(want, str):
        return line == want
    return want.fullmatch(line) is not None


def _pat(want):
    return want if isinstance(want, str) else want.pattern


def wait_for(cond, timeout=5.0, step=0.02, what="condition"):
    """Poll cond() until true (bounded); Timeout naming what."""
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        if cond():
            return
        time.sleep(step)
    if not cond():
        raise Timeout("timed out waiting for " + what)


def run(main):
    """Run main() and turn Timeout into a clean failure (exit 1)."""
    try:
        main()
    except Timeout as e:
        fail("timeout: %s" % e)
    print("ok")


if __name__ == "__main__":
    # Run as a test by tests/run.sh: the helper itself works end to end.
    def _smoke():
        srv = start_server()
        a, b = Client(srv.port), Client(srv.port)
        a.join("smoke1")
        b.join("smoke2")
        a.expect_line("smoke2 has joined our chat...")
        b.send("x")
        a.expect_line(msg_re("smoke2", "x"))
        check(srv.stop() == 0, "exit status")
    run(_smoke)
