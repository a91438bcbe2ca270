#!/usr/bin/env python3
"""taskd --max-per-addr (issue 16): one address holds at most N workers;
the next gets one BYE line naming the limit and is closed, and only the
first such refusal in a minute is logged; other addresses, and a place
freed (by exit or by a close), are served, and the workers admitted get
their tasks; taskc shows the refusal; 0 is no limit; the default holds
64; bad values are refused naming the bound."""
import os
import re
import subprocess
import time

from chatlib import BIN, Client, check, fail, run
from tasklib import start_taskc, start_taskd, wait_for

REFUSED = ("BYE Too many connections from your address (%d at most), try "
           "again later.")
TASK = re.compile(r"TASK \d+ \d+")


def greeted(port, what, source=None):
    """A connection that got taskd's greeting."""
    c = Client(port, source=source)
    line = c.read_line()
    check(line is not None and line.startswith("HELLO taskd"),
          "%s got %r, not the greeting" % (what, line))
    return c


def refused(port, n, what, source=None):
    c = Client(port, source=source)
    line = c.read_line()
    check(line == REFUSED % n, "%s got %r, not the refusal" % (what, line))
    check(c.wait_closed(3), "%s refused but left open" % what)


def bad_values():
    for val, why in (("-1", "below the minimum of 0"),
                     ("1000001", "above the maximum of 1000000"),
                     ("x", "invalid")):
        r = subprocess.run([os.path.join(BIN, "taskd"), "--max-per-addr",
                            val, "-p", "0"], capture_output=True, text=True,
                           timeout=5)
        want = 'taskd: --max-per-addr "%s": %s\n' % (val, why)
        check(r.returncode == 64 and r.stderr == want,
              "--max-per-addr %s: %d %r" % (val, r.returncode, r.stderr))


def limit():
    d = start_taskd("--max-per-addr", "3", "--every", "1")
    held = [greeted(d.port, "worker %d" % i) for i in range(3)]
    for i in range(5):
        refused(d.port, 3, "the fourth (try %d)" % i)
    # The admitted ones work as before.
    for w in held:
        w.expect_line(TASK)
    # Another address has its own count.
    other = greeted(d.port, "127.0.0.2", source="127.0.0.2")
    # taskc from the full address is told why (and retries, backing off).
    tc = start_taskc(d.port)
    os.set_blocking(tc.stdout.fileno(), False)
    out = b""
    end = time.monotonic() + 5
    while (REFUSED % 3).encode() not in out:
        if time.monotonic() > end:
            fail("taskc did not show the refusal: %r" % out)
        time.sleep(0.05)
        out += tc.stdout.read() or b""
    tc.kill()
    tc.wait(5)
    # A place freed by "exit", then by a plain close, is a place taken.
    for how in ("exit", "close"):
        w = held.pop()
        if how == "exit":
            w.send("exit")
            w.expect_line("BYE see you")
        w.close()

        def admitted():
            c = Client(d.port)
            line = c.read_line()
            if line is not None and line.startswith("HELLO taskd"):
                held.append(c)
                return True
            c.close()
            return False
        wait_for(admitted, timeout=5, what="the place freed by " + how)
    refused(d.port, 3, "the fourth, once full again")
    log = d.log()
    check(log.count("127.0.0.1: refused") == 1,
          "not one log line for the refusals: %r" % log)
    check("Too many connections from your address (3 at most)" in log,
          "the log does not name the limit: %r" % log)
    check("127.0.0.2: refused" not in log, "127.0.0.2 refused: %r" % log)
    for c in held + [other]:
        c.close()
    check(d.stop() == 0, "taskd did not exit 0")


def default_and_none():
    d = start_taskd()
    held = [greeted(d.port, "worker %d of 64" % i) for i in range(64)]
    refused(d.port, 64, "the 65th")
    for c in held:
        c.close()
    check(d.stop() == 0, "taskd did not exit 0")
    d = start_taskd("--max-per-addr", "0")
    held = [greeted(d.port, "worker %d of 100" % i) for i in range(100)]
    for c in held:
        c.close()
    check(d.stop() == 0, "taskd did not exit 0")


def main():
    bad_values()
    limit()
    default_and_none()


run(main)
