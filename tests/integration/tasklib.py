"""Helpers for the taskd/taskc integration tests, over chatlib's Server and
Client (every wait bounded, every process stopped on exit).

    from tasklib import start_taskd, start_taskc, Worker, stats, results

    d = start_taskd("--every", "1")       # taskd -b 127.0.0.1 -p 0 ...
    w = start_taskc(d.port, "--quiet")    # a real taskc, killed at exit
    nc = Worker(d.port)                   # a socket; .task() -> (id, n)
    table = stats(d)                      # SIGUSR1: {addr: {...}, ...}
"""

import atexit
import json
import os
import re
import signal
import subprocess
import threading
import time

from chatlib import BIN, Client, Server, Timeout, check, fail

_procs = []


def _drain(d):
    """Keep reading taskd's stdout, as a terminal would: a pipe nobody
    reads would stop taskd at its next message."""
    fd = d.proc.stdout.fileno()
    while True:
        data = os.read(fd, 65536)
        if not data:
            return
        d.console += data


def start_taskd(*args, results=None):
    """bin/taskd on 127.0.0.1, port 0 unless given in args; its stdout
    (messages) is read by a thread and waited for with console(d)."""
    full = ["-b", "127.0.0.1"] + list(args)
    if "-p" not in args:
        full += ["-p", "0"]
    if results is not None:
        full += ["--results", results]
    d = Server(full, binary="taskd")
    d.console = d.stdout.split(b"\n", 1)[1]
    threading.Thread(target=_drain, args=(d,), daemon=True).start()
    return d


def console(d, want, timeout=5.0):
    """taskd's stdout so far, once it holds want (bytes); Timeout."""
    end = time.monotonic() + timeout
    while want not in d.console:
        if time.monotonic() > end:
            raise Timeout("taskd console: no %r in %r" % (want, d.console))
        time.sleep(0.02)
    return d.console


def start_taskc(port, *args, stdin=subprocess.DEVNULL):
    """bin/taskc ARGS 127.0.0.1 PORT; killed at exit if still running."""
    p = subprocess.Popen([os.path.join(BIN, "taskc")] + list(args) +
                         ["127.0.0.1", str(port)], stdin=stdin,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    _procs.append(p)
    return p


@atexit.register
def _cleanup():
    for p in _procs:
        if p.poll() is None:
            p.kill()
            p.wait(10)


class Worker(Client):
    """A scripted worker (or a person at nc): a plain socket."""

    def __init__(self, port):
        super().__init__(port)
        hello = self.read_line()
        check(hello is not None and hello.startswith("HELLO taskd"),
              "no greeting: %r" % hello)
        self.addr = "127.0.0.1:%d" % self.sock.getsockname()[1]

    def task(self, timeout=5.0):
        """The next TASK line as (id, n), skipping other lines."""
        line = self.expect_line(re.compile(r"TASK \d+ \d+"), timeout)
        _, i, n = line.split()
        return int(i), int(n)


def stats(d, timeout=5.0):
    """SIGUSR1, then the table taskd printed: {worker: {column: int}}, with
    "all" for the totals and "ticks" for the tick count."""
    # A whole table, from its "N ticks" head to its "all" line, written
    # after the signal: other log lines may come between its lines.
    whole = re.compile(r"^taskd: \d+ workers connected, (\d+) ticks.*?"
                       r"^all \(\d+ ever\)[^\n]*\n", re.M | re.S)
    before = len(d.log())
    d.proc.send_signal(signal.SIGUSR1)
    end = time.monotonic() + timeout
    while True:
        text = d.log()[before:]
        m = None
        for m in whole.finditer(text):
            pass
        if m is not None:
            break
        if time.monotonic() > end:
            fail("no stats after SIGUSR1: %r" % text)
        time.sleep(0.05)
    text = m.group(0)
    table = {"ticks": int(m.group(1))}
    cols = ["tasks", "answers", "wrong", "late", "msgs"]
    for line in text.splitlines():
        f = line.split()
        if len(f) >= 8 and f[0] != "worker" and re.fullmatch(r"\d+", f[-7]):
            who = "all" if f[0] == "all" else f[0]
            table[who] = dict(zip(cols, map(int, f[-7:-2])))
    return table


def results(path):
    """The --results file as a list of dicts (every line must parse)."""
    out = []
    with open(path) as f:
        for line in f:
            out.append(json.loads(line))
    return out


def wait_for(pred, timeout=10.0, what="condition"):
    """Poll pred() until true; fail after timeout seconds."""
    end = time.monotonic() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() > end:
            fail("timed out waiting for " + what)
        time.sleep(0.05)
