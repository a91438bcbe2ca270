"""tcpchat --plain (and with stdin not a terminal): the line client for
scripts. Arguments (exit 64), no server (exit 69), lines both ways, every
line flushed before the exit at end of input, a taken name answered from
stdin, hostile server text cleaned, a server that never says HELLO given
up on, TERM=dumb on a terminal, --help naming every option the man page
documents."""
import os
import re
import socket
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True    # no __pycache__ in the tree
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from tuilib import BIN, Server, fail, wait  # noqa: E402

TOP = os.environ.get("TCPCHAT_TOP") or os.path.join(
    os.path.dirname(__file__), "..", "..")
CLIENT = os.path.join(BIN, "tcpchat")
ENV = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8")


def run(args, stdin=b"", timeout=20):
    r = subprocess.run([CLIENT] + args, input=stdin, capture_output=True,
                       timeout=timeout, env=ENV)
    return r.returncode, r.stdout.decode(errors="replace"), \
        r.stderr.decode(errors="replace")


def check_args():
    for args, why in ((["--bogus"], "unknown"),
                      (["-n"], "needs a value"),
                      (["--scrollback", "0"], "too small"),
                      (["--scrollback", "x"], "invalid"),
                      (["-n", "two words"], "not a valid name"),
                      (["localhost", "99999"], "port"),
                      (["a", "1", "extra"], "too many")):
        code, out, err = run(args)
        if code != 64 or why not in err or "usage: tcpchat" not in err:
            fail("%s: exit %d, stderr %r" % (args, code, err))
    code, out, err = run(["--version"])
    if code != 0 or not re.match(r"tcpchat \d+\.\d+", out):
        fail("--version: %d %r" % (code, out))


def check_help_matches_man():
    code, out, err = run(["--help"])
    if code != 0 or not out.startswith("usage: tcpchat"):
        fail("--help: %d %r" % (code, out))
    with open(os.path.join(TOP, "man", "tcpchat.1")) as f:
        man = f.read()
    for opt in re.findall(r"--([a-z-]+)", out):
        if not re.search(r"^\.(Op |It )?Fl -%s\b" % opt, man, re.M) and \
                "Fl -%s" % opt not in man:
            fail("--%s is in --help but not in tcpchat.1" % opt)
    for opt in re.findall(r"Fl -([a-z-]+)", man):
        if "--" + opt not in out:
            fail("--%s is in tcpchat.1 but not in --help" % opt)


def check_unreachable():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    code, out, err = run(["--plain", "-n", "x", "127.0.0.1", str(port)])
    if code != 69 or "cannot connect to 127.0.0.1 port %d" % port not in err:
        fail("unreachable: exit %d, %r" % (code, err))


class Listener:
    """A --plain client that reads the room until its stdin closes."""

    def __init__(self, port, nick):
        self.p = subprocess.Popen(
            [CLIENT, "--plain", "-n", nick, "127.0.0.1", str(port)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=ENV)
        self.lines = []
        self.t = threading.Thread(target=self.read, daemon=True)
        self.t.start()

    def read(self):
        for line in self.p.stdout:
            self.lines.append(line.decode(errors="replace").rstrip("\n"))

    def has(self, rx):
        r = re.compile(rx)
        return any(r.search(l) for l in self.lines)

    def close(self):
        self.p.stdin.close()
        code = self.p.wait(10)
        self.t.join(5)
        return code


def check_chat(port):
    ls = Listener(port, "listener")
    if not wait(lambda: ls.has(r"Connected as listener in #general")):
        fail("listener did not sign in: %r" % ls.lines)
    lines = "".join("line %d of many\n" % i for i in range(500))
    code, out, err = run(["--plain", "-n", "sender", "127.0.0.1", str(port)],
                         ("hello\n/me waves\n" + lines).encode())
    if code != 0:
        fail("sender: exit %d %r" % (code, err))
    if not re.search(r"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] <sender> hello$",
                     out, re.M):
        fail("sender does not see its own message: %r" % out[:300])
    if not wait(lambda: ls.has(r"<sender> line 499 of many")):
        fail("not every line arrived before the exit: %r" % ls.lines[-3:])
    for rx in (r"^\[[-\d :]+\] <sender> hello$", r"\* sender waves$",
               r"-!- sender has joined #general",
               r"-!- sender has left #general"):
        if not wait(lambda: ls.has(rx), 5):
            fail("listener missed %r: %r" % (rx, ls.lines[:10]))
    # The name is taken: the reason is shown and the next stdin line is
    # the name tried instead.
    code, out, err = run(["--plain", "-n", "listener", "127.0.0.1",
                          str(port)], b"listener2\nfrom the second\n")
    if code != 0 or "taken" not in out or \
            "Connected as listener2" not in out:
        fail("taken name: exit %d %r" % (code, out))
    if not wait(lambda: ls.has(r"<listener2> from the second")):
        fail("listener2's line did not arrive")
    # Taken, and no other name to offer: a failure, not a silent 0.
    code, out, err = run(["--plain", "-n", "listener", "127.0.0.1",
                          str(port)], b"")
    if code != 69 or "before a name was taken" not in err:
        fail("taken name, no input: exit %d %r" % (code, err))
    if ls.close() != 0:
        fail("listener exit status")


def check_throttled():
    """A server that reads input at 20 lines a second: 150 piped lines take
    longer than the client's wait for the close, yet every one arrives,
    because the server's echoes show it is still at work."""
    srv = Server(args=["--line-rate", "20", "--line-burst", "5"])
    try:
        ls = Listener(srv.port, "listener")
        if not wait(lambda: ls.has(r"Connected as listener in #general")):
            fail("listener did not sign in: %r" % ls.lines)
        lines = "".join("slow %d\n" % i for i in range(150))
        code, out, err = run(["--plain", "-n", "sender", "127.0.0.1",
                              str(srv.port)], lines.encode(), timeout=60)
        if code != 0:
            fail("throttled sender: exit %d %r" % (code, err))
        if not wait(lambda: ls.has(r"<sender> slow 149$"), 5):
            fail("throttled lines lost: %r" % ls.lines[-3:])
        if ls.close() != 0:
            fail("listener exit status")
    finally:
        srv.stop()


def check_hostile():
    """A fake server sends escapes and bad bytes; none reach stdout."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    port = srv.getsockname()[1]

    def serve():
        c, _ = srv.accept()
        c.recv(100)
        c.sendall(b"Welcome\n[ENTER YOUR NAME]:HELLO\t1\tfake\nNAME?\n")
        c.recv(100)
        c.sendall(b"WELCOME\tme\tgeneral\n"
                  b"MSG\t1700000000\tgeneral\tev\x1b[2Jil\tx\x1b]0;pwn\x07y"
                  b"\xff\xc2\x9b\n"
                  b"FUTURE\tsome\tnew\tevent\n"
                  b"MSG\tnot-a-time\tgeneral\tbob\tdropped\n"
                  b"NOTICE\t1700000000\t\xe2\x80\xaeok\n"
                  b"BYE\tdone\n")
        time.sleep(0.2)
        c.close()
    t = threading.Thread(target=serve, daemon=True)
    t.start()
    r = subprocess.run([CLIENT, "-n", "me", "127.0.0.1", str(port)],
                       stdin=subprocess.PIPE, capture_output=True, env=ENV,
                       timeout=10)
    out = r.stdout
    srv.close()
    if b"\x1b" in out or b"\x07" in out or b"\xc2\x9b" in out:
        fail("control bytes reached stdout: %r" % out)
    if "<ev[2Jil> x]0;pwny\ufffd" not in out.decode():
        fail("message not shown cleaned: %r" % out)
    if b"dropped" in out or b"FUTURE" in out:
        fail("malformed or unknown events shown: %r" % out)
    if "-!- ok" not in out.decode():
        fail("notice not shown: %r" % out)


def check_silent_server():
    """A server that accepts and never says HELLO is given up on."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    port = srv.getsockname()[1]
    code, out, err = run(["--plain", "-n", "x", "127.0.0.1", str(port)],
                         timeout=30)
    srv.close()
    if code != 69 or "no answer to /hello" not in err:
        fail("silent server: exit %d, %r" % (code, err))


def check_dumb_terminal(port):
    """On a terminal with TERM=dumb the line client runs, not curses."""
    import pty
    import select
    pid, fd = pty.fork()
    if pid == 0:
        env = dict(ENV, TERM="dumb")
        os.execve(CLIENT, [CLIENT, "-n", "dumbo", "127.0.0.1", str(port)],
                  env)
    out = b""
    sent = False
    end = time.monotonic() + 15
    while time.monotonic() < end:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        if not sent and b"Connected as dumbo" in out:
            os.write(fd, b"on a dumb terminal\n\x04")
            sent = True
    _, status = os.waitpid(pid, 0)
    text = out.decode(errors="replace")
    if os.WEXITSTATUS(status) != 0 or \
            not re.search(r"\] <dumbo> on a dumb terminal", text):
        fail("TERM=dumb: status %d, %r" % (status, text))
    if "\x1b[" in text:
        fail("TERM=dumb got escape sequences: %r" % text)


check_args()
check_help_matches_man()
check_silent_server()
check_unreachable()
check_hostile()
check_throttled()
srv = Server(args=["--line-rate", "0"])   # 500 lines at once
try:
    check_chat(srv.port)
    check_dumb_terminal(srv.port)
finally:
    srv.stop()
print("ok")
