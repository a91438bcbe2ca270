"""Helpers for the tmux-driven tests of tcpchat: a real tcpchatd on port 0
and a private tmux server (its own socket) that is always killed."""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

BIN = os.environ.get("TCPCHAT_BIN") or os.path.join(
    os.path.dirname(__file__), "..", "..", "..", "bin")


def fail(msg, screen=None):
    print("FAIL:", msg)
    if screen is not None:
        print("---- screen ----")
        print(screen)
        print("----------------")
    sys.exit(1)


def wait(pred, timeout=10.0, step=0.05):
    """Poll pred() until it returns a true value or timeout seconds pass."""
    end = time.monotonic() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() > end:
            return v
        time.sleep(step)


class Server:
    """tcpchatd on 127.0.0.1, port chosen by the kernel unless given."""

    def __init__(self, port=0, args=()):
        self.args = list(args)
        self.proc = None
        self.port = port
        self.start()

    def start(self):
        self.proc = subprocess.Popen(
            [os.path.join(BIN, "tcpchatd"), "-b", "127.0.0.1",
             "--port", str(self.port)] + self.args,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"Listening on the port :(\d+)", line)
        if not m:
            self.stop()
            fail("tcpchatd did not start: %r" % line)
        self.port = int(m.group(1))

    def kill(self, sig=signal.SIGKILL):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def stop(self):
        self.kill(signal.SIGTERM)


class Tmux:
    """A tmux server of our own; sessions in it run tcpchat."""

    def __init__(self):
        self.sock = "tcpchat-tui-%d" % os.getpid()
        self.home = tempfile.mkdtemp(prefix="tcpchat-tui-")
        self.env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8",
                        HOME=self.home, XDG_STATE_HOME=self.home + "/state",
                        TERM="xterm-256color")
        self.env.pop("NO_COLOR", None)
        self.env.pop("TMUX", None)

    @staticmethod
    def t(name):
        """An exact target: a bare name can resolve to another session."""
        return "=%s:" % name

    def tmux(self, *args, check=True):
        r = subprocess.run(["tmux", "-u", "-L", self.sock, "-f",
                            "/dev/null"] + list(args), env=self.env,
                           capture_output=True, text=True)
        if check and r.returncode != 0:
            fail("tmux %s: %s" % (" ".join(args), r.stderr.strip()))
        return r.stdout

    def new(self, name, cmd, width=100, height=30):
        self.tmux("new-session", "-d", "-s", name, "-x", str(width), "-y",
                  str(height), cmd)
        self.tmux("set-option", "-t", self.t(name), "remain-on-exit", "on")

    def client(self, name, nick, port, extra="", width=100, height=30,
               signed_in=True):
        """tcpchat in session name, waiting (unless not signed_in) until
        the server took its name, so others' joins are seen in order. Its
        stderr (sanitizer reports) goes to a file that close() checks."""
        cmd = "%s/tcpchat -n %s %s 127.0.0.1 %d 2>>%s/%s.err" % (
            BIN, nick, extra, port, self.home, name)
        self.new(name, cmd, width, height)
        if signed_in:
            self.wait_for(name, r"Connected as %s in #" % re.escape(nick))

    def keys(self, name, *keys):
        self.tmux("send-keys", "-t", self.t(name), *keys)

    def type(self, name, text):
        self.tmux("send-keys", "-t", self.t(name), "-l", text)
        self.tmux("send-keys", "-t", self.t(name), "Enter")

    def screen(self, name):
        return self.tmux("capture-pane", "-p", "-t", self.t(name))

    def wait_for(self, name, pattern, timeout=10.0):
        """Wait until the screen matches pattern (a regex); the screen."""
        rx = re.compile(pattern, re.M)
        s = wait(lambda: rx.search(self.screen(name)) and True, timeout)
        if not s:
            fail("no %r on %s" % (pattern, name), self.screen(name))
        return self.screen(name)

    def resize(self, name, width, height):
        self.tmux("resize-window", "-t", self.t(name), "-x", str(width), "-y",
                  str(height))

    def dead(self, name):
        return self.tmux("display", "-p", "-t", self.t(name),
                         "#{pane_dead}").strip() == "1"

    def pane_pid(self, name):
        return int(self.tmux("display", "-p", "-t", self.t(name),
                             "#{pane_pid}").strip())

    def client_pid(self, name):
        """The tcpchat process in session name (the pane's shell may have
        exec'd it or be its parent)."""
        top = self.pane_pid(name)
        for p in [top] + [int(x) for x in os.listdir("/proc") if x.isdigit()]:
            try:
                with open("/proc/%d/stat" % p) as f:
                    st = f.read()
            except OSError:
                continue
            comm = st[st.index("(") + 1:st.rindex(")")]
            ppid = int(st[st.rindex(")") + 2:].split()[1])
            if comm == "tcpchat" and (p == top or ppid == top):
                return p
        return None

    def cpu_ticks(self, pid):
        """User plus system clock ticks pid has used."""
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])

    def close(self):
        """Kill our tmux server; fail if a client's stderr holds a
        sanitizer report."""
        self.tmux("kill-server", check=False)
        bad = []
        for f in os.listdir(self.home):
            if f.endswith(".err"):
                with open(os.path.join(self.home, f), errors="replace") as fp:
                    text = fp.read()
                if "Sanitizer" in text or "runtime error" in text:
                    bad.append(text)
        shutil.rmtree(self.home, ignore_errors=True)
        if bad:
            fail("sanitizer reports:\n" + "\n".join(bad))
