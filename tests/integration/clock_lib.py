"""Helpers for the clockd/clockwall tests: start clocks, run clockwall.

Every wait is bounded; every process started is stopped on exit.

    from clock_lib import start_clockd, clockwall, zone_now, fail, check

    ny = start_clockd(tz="America/New_York")   # TZ=... clockd --port 0
    out = clockwall("--once", "NY=127.0.0.1:%d" % ny.port)
    check(out.rc == 0, "...")
    ny.stop()                                   # SIGTERM, returns status

usage_matches_man() checks that each program's usage text is its man
page's SYNOPSIS (clock_options.py calls it).
"""

import atexit
import datetime
import os
import re
import select
import signal
import subprocess
import tempfile
import time
import zoneinfo

# Where the binaries are and how a test fails: the same as the chat tests.
from chatlib import BIN, TOP, check, fail  # noqa: F401 (re-exported)

_procs = []


def _cleanup():
    for p in _procs:
        if p.poll() is None:
            p.kill()
            p.wait()


atexit.register(_cleanup)


class Clockd:
    """A running clockd; .port, .proc, .stop(), .log()."""

    def __init__(self, args, env, timeout=10.0):
        self.err = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([os.path.join(BIN, "clockd")] + args,
                                     stdout=subprocess.PIPE,
                                     stderr=self.err, env=env)
        _procs.append(self.proc)
        line = _readline(self.proc.stdout, timeout)
        m = re.match(rb"Listening on the port :(\d+)\n$", line)
        if not m:
            fail("clockd said %r, stderr %r" % (line, self.log()))
        self.port = int(m.group(1))

    def log(self):
        self.err.seek(0)
        return self.err.read().decode(errors="replace")

    def stop(self, sig=signal.SIGTERM, timeout=10.0):
        """Send sig, wait for the exit; the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            fail("clockd ignored signal %d for %.0f s" % (sig, timeout))


def _readline(f, timeout):
    """One line from a pipe, waiting at most timeout seconds."""
    end = time.monotonic() + timeout
    buf = b""
    fd = f.fileno()
    while not buf.endswith(b"\n"):
        left = end - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            fail("no line within %.0f s (got %r)" % (timeout, buf))
        c = os.read(fd, 1)
        if not c:
            break
        buf += c
    return buf


def start_clockd(*args, tz=None, port=0):
    """clockd --port PORT ARGS with TZ=tz (or no TZ at all)."""
    env = dict(os.environ)
    env.pop("TZ", None)
    if tz is not None:
        env["TZ"] = tz
    return Clockd(["--port", str(port)] + list(args), env)


class Result:
    def __init__(self, rc, out, err):
        self.rc, self.out, self.err = rc, out, err


def run(prog, *args, timeout=20.0, env=None):
    """Run one of our programs to the end; a Result."""
    p = subprocess.run([os.path.join(BIN, prog)] + list(args),
                       capture_output=True, timeout=timeout, env=env)
    return Result(p.returncode, p.stdout.decode(errors="replace"),
                  p.stderr.decode(errors="replace"))


def clockwall(*args, timeout=20.0):
    return run("clockwall", *args, timeout=timeout)


class Plain:
    """clockwall --plain running in the background, read line by line."""

    def __init__(self, *args):
        self.proc = subprocess.Popen(
            [os.path.join(BIN, "clockwall"), "--plain"] + list(args),
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        _procs.append(self.proc)

    def fields(self, timeout=5.0):
        """The next line as a dict NAME -> value."""
        line = _readline(self.proc.stdout, timeout).decode()
        return dict(f.split("=", 1) for f in line.split())

    def wait_for(self, name, pred, timeout, what):
        """Lines until pred(value of name) holds; that value."""
        end = time.monotonic() + timeout
        seen = []
        while time.monotonic() < end:
            v = self.fields(timeout=max(0.1, end - time.monotonic()) + 2)
            seen.append(v.get(name))
            if pred(v.get(name, "")):
                return v[name]
        fail("%s: no %s within %.0f s; saw %s" % (name, what, timeout,
                                                   seen[-8:]))

    def stop(self):
        self.proc.terminate()
        return self.proc.wait(10)


def zone_now(tz):
    """The time of day now in zone tz, as seconds of the day."""
    t = datetime.datetime.now(zoneinfo.ZoneInfo(tz))
    return t.hour * 3600 + t.minute * 60 + t.second


def sod(hms):
    """"HH:MM:SS" as seconds of the day, or None."""
    m = re.fullmatch(r"(\d\d):(\d\d):(\d\d)", hms)
    if not m:
        return None
    return int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3))


def near(hms, tz, slack=3):
    """Whether "HH:MM:SS" is within slack seconds of now in tz."""
    s = sod(hms)
    if s is None:
        return False
    d = (zone_now(tz) - s) % 86400
    return d <= slack or d >= 86400 - slack


def _synopsis(page):
    """The SYNOPSIS of an mdoc page as one line of words."""
    out = subprocess.run(["mandoc", "-T", "ascii", "-O", "width=300", page],
                         capture_output=True, check=True).stdout.decode()
    out = re.sub(".\b", "", out)
    m = re.search(r"\nSYNOPSIS\n(.*?)\n\n", out, re.S)
    return " ".join(m.group(1).split()) if m else ""


def usage_matches_man():
    """--help's usage equals the SYNOPSIS; a bad option prints it, exits 64."""
    for prog in ("clockd", "clockwall"):
        r = run(prog, "--help")
        check(r.rc == 0, "%s --help exits %d" % (prog, r.rc))
        usage = " ".join(" ".join(r.out.split("\n")[:2]).split())
        check(usage.startswith("usage: %s " % prog),
              "%s --help starts %r" % (prog, usage))
        syn = _synopsis(os.path.join(TOP, "man", prog + ".1"))
        check(usage[len("usage: "):] == syn,
              "%s: usage %r\n   != SYNOPSIS %r" % (prog, usage, syn))
        r = run(prog, "--no-such-option")
        check(r.rc == 64, "%s: a bad option exits %d, want 64" %
              (prog, r.rc))
        check(usage in " ".join(r.err.split()),
              "%s: a bad option prints %r" % (prog, r.err))
