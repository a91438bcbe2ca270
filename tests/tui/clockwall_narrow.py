"""clockwall on a small terminal and with a silent clock: a clock that
is connected but has not spoken says "connected", not "connecting"; a
name cut to its field ends in a mark; clocks that do not fit are counted
("+4 more"); --big says when there is no room for big digits."""

import os
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..",
                                "integration"))
from clock_lib import BIN, check, fail, start_clockd  # noqa: E402

SOCK = "clockwall_narrow_%d" % os.getpid()


def tmux(*args):
    return subprocess.run(["tmux", "-L", SOCK] + list(args),
                          capture_output=True, text=True, timeout=10)


def screen():
    return tmux("capture-pane", "-p", "-t", "wall").stdout


def wait_screen(pred, what, timeout=6.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        s = screen()
        if pred(s):
            return s
        time.sleep(0.1)
    fail("screen never showed %s:\n%s" % (what, screen()))


def start(args, width, height):
    cmd = "%s %s; sleep 30" % (os.path.join(BIN, "clockwall"),
                               " ".join(args))
    r = tmux("new-session", "-d", "-s", "wall", "-x", str(width), "-y",
             str(height), "env", "-u", "NO_COLOR", "TERM=xterm-256color",
             "LANG=C.UTF-8", "sh", "-c", cmd)
    check(r.returncode == 0, "tmux: " + r.stderr)


def main():
    good = start_clockd(tz="Asia/Tokyo")
    # A clock that accepts and never speaks.
    mute = socket.socket()
    mute.bind(("127.0.0.1", 0))
    mute.listen(8)
    held = []
    try:
        names = ["Tokyo%d" % i for i in range(7)]
        args = ["%s=127.0.0.1:%d" % (n, good.port) for n in names]
        args.append("ReykjavikIceland=127.0.0.1:%d" % good.port)
        args.insert(0, "Mute=127.0.0.1:%d" % mute.getsockname()[1])
        start(args, 100, 30)
        held.append(mute.accept()[0])
        wait_screen(lambda s: "connected" in s and "connecting" not in s,
                    "the silent clock as connected")
        # 30 columns, 8 rows: a row per clock, six of the nine fit.
        tmux("resize-window", "-t", "wall", "-x", "30", "-y", "8")
        s = wait_screen(lambda s: s.startswith("+3 more"),
                        "+3 more in the title")
        s = wait_screen(lambda s: "Reykjavik\u2026" in s or
                        "+3 more" in s and "Reykjav" not in s,
                        "the long name cut with a mark")
        tmux("kill-server")
        time.sleep(0.3)
        # The long name is shown and cut; --big has no room at 30x8.
        start(["--big", "ReykjavikIceland=127.0.0.1:%d" % good.port,
               "Tokyo=127.0.0.1:%d" % good.port], 30, 8)
        s = wait_screen(lambda s: "no room for --big" in s or
                        "(small" in s, "the --big fallback said")
        tmux("resize-window", "-t", "wall", "-x", "20", "-y", "8")
        s = wait_screen(lambda s: "Reykj" in s and "\u2026" in s.split(
            "Reykj", 1)[1].split("\n", 1)[0], "a cut name with a mark")
        print(s)
    finally:
        tmux("kill-server")
        for c in held:
            c.close()
        mute.close()
    check(good.stop() == 0, "clockd exit status")
    print("ok")


main()
