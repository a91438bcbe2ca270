"""Helpers for the tcpftpd tests: a shared folder, the server, a raw
control connection that reads whole replies with deadlines.

    from ftp_lib import make_tree, start, Ctl, check, fail

    t = make_tree()                       # t.root, t.top, t.files{name: bytes}
    srv = start(t.root, "--max-per-ip", "4")
    c = Ctl(srv.port); c.login()
    code, lines = c.cmd("PWD")            # 257, ['257 "/" is ...']
    data = c.retr("bytes.bin")            # PASV + RETR, the bytes
    srv.stop()                            # SIGTERM; the exit status

Every wait is bounded; servers are killed and folders removed at exit.
"""

import atexit
import os
import re
import shutil
import socket
import tempfile
import time

from chatlib import BIN, TOP, SANITIZED, Server, Timeout, check, fail  # noqa

_dirs = []


@atexit.register
def _cleanup():
    for d in _dirs:
        shutil.rmtree(d, ignore_errors=True)


class Tree:
    """A temp folder: root/ (shared) and outside/ (must stay unreachable)."""

    def __init__(self):
        self.top = tempfile.mkdtemp(prefix="tcpftpd-test-")
        _dirs.append(self.top)
        self.root = os.path.join(self.top, "root")
        self.outside = os.path.join(self.top, "outside")
        os.mkdir(self.root)
        os.mkdir(self.outside)
        self.files = {}

    def put(self, rel, data):
        p = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)
        self.files[rel] = data
        return p


def make_tree():
    """Every byte value, an empty file, a folder, a name with a space,
    links in and out, a FIFO, a secret outside."""
    t = Tree()
    t.put("bytes.bin", bytes(range(256)) * 4 + bytes(range(255, -1, -1)))
    t.put("empty", b"")
    t.put("sub/nested.txt", b"nested\n")
    t.put("space name.txt", b"a space\n")
    with open(os.path.join(t.outside, "secret"), "wb") as f:
        f.write(b"SECRET\n")
    os.symlink("../outside/secret", os.path.join(t.root, "up"))
    os.symlink("/etc", os.path.join(t.root, "etc"))
    os.symlink("../outside", os.path.join(t.root, "sub", "out"))
    os.mkfifo(os.path.join(t.root, "fifo"))
    return t


def start(root, *args, env=None):
    """tcpftpd on 127.0.0.1, port 0, sharing root."""
    return Server(["-p", "0", "-b", "127.0.0.1", "--root", root] +
                  list(args), env=env, binary="tcpftpd")


class Ctl:
    """A raw FTP control connection."""

    def __init__(self, port, host="127.0.0.1", timeout=10.0, greet=True,
                 source=None):
        self.host = host
        self.sock = socket.create_connection(
            (host, port), timeout,
            source_address=(source, 0) if source else None)
        self.timeout = timeout
        self.buf = b""
        if greet:
            code, lines = self.reply()
            check(code == 220, "greeting %r" % lines)

    def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        self.sock.sendall(data)

    def line(self, timeout=None):
        end = time.monotonic() + (timeout or self.timeout)
        while b"\r\n" not in self.buf:
            left = end - time.monotonic()
            if left <= 0:
                raise Timeout("no reply line; have %r" % self.buf)
            self.sock.settimeout(left)
            try:
                d = self.sock.recv(65536)
            except socket.timeout:
                continue
            if not d:
                raise Timeout("connection closed; have %r" % self.buf)
            self.buf += d
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def reply(self, timeout=None):
        """(code, [lines as bytes]) of one whole reply."""
        first = self.line(timeout)
        check(re.match(rb"^[1-5]\d\d[ -]", first) is not None,
              "not a reply line: %r" % first)
        lines = [first]
        if first[3:4] == b"-":
            while True:
                ln = self.line(timeout)
                lines.append(ln)
                if ln[:3] == first[:3] and ln[3:4] == b" ":
                    break
        for ln in lines:
            check(b"\r" not in ln and b"\n" not in ln and b"\0" not in ln,
                  "control byte in reply line %r" % ln)
        return int(first[:3]), lines

    def cmd(self, line, timeout=None):
        self.send(line + "\r\n" if isinstance(line, str) else line + b"\r\n")
        return self.reply(timeout)

    def expect(self, line, code):
        got, lines = self.cmd(line)
        check(got == code, "%r: want %d, got %r" % (line, code, lines))
        return lines

    def login(self, user="anonymous"):
        self.expect("USER " + user, 331)
        self.expect("PASS x@example.com", 230)

    def pasv(self):
        """PASV (or EPSV on IPv6); a connected data socket."""
        if ":" in self.host:
            lines = self.expect("EPSV", 229)
            port = int(re.search(rb"\(\|\|\|(\d+)\|\)", lines[0]).group(1))
            host = self.host
        else:
            lines = self.expect("PASV", 227)
            n = [int(x) for x in re.search(
                rb"\((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\)",
                lines[0]).groups()]
            host = "%d.%d.%d.%d" % tuple(n[:4])
            port = n[4] * 256 + n[5]
        d = socket.create_connection((host, port), self.timeout)
        return d

    def transfer(self, line, timeout=None):
        """Open a data connection, send line; (code, lines, bytes)."""
        d = self.pasv()
        code, lines = self.cmd(line)
        if code != 150:
            d.close()
            return code, lines, None
        d.settimeout(timeout or self.timeout)
        chunks = []
        while True:
            b = d.recv(1 << 20)
            if not b:
                break
            chunks.append(b)
        d.close()
        code, lines = self.reply(timeout)
        return code, lines, b"".join(chunks)

    def retr(self, path):
        code, lines, data = self.transfer("RETR " + path)
        check(code == 226, "RETR %s: %r" % (path, lines))
        return data

    def close(self):
        self.sock.close()
