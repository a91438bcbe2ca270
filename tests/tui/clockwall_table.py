"""clockwall's full-screen table in tmux: columns, states, resize, keys.

Three clockd in three zones and one port nobody listens on: the table
shows each name over its time and offset and the dead one as
down(refused); at 40 columns it turns into one row per clock; --big draws
block digits; states are coloured unless --no-color or NO_COLOR; Ctrl-L
repaints; q quits with status 0; with TERM=dumb or an unknown TERM it
prints plain lines instead of failing.  Clocks that send their date (Kiritimati
at +14:00, Pago Pago at -11:00: a time alone cannot tell those) get exact
offsets and date markers, and their cells show the time, not a date cut
to the column; a long line that is no time never runs into its state.
"""

import datetime
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import zoneinfo

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..",
                                "integration"))
from clock_lib import BIN, check, fail, near, start_clockd  # noqa: E402

SOCK = "clockwall_tui_%d" % os.getpid()
ZONES = {"NewYork": "America/New_York", "Tokyo": "Asia/Tokyo",
         "London": "Europe/London"}


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


def children(pid):
    """The pids whose parent is pid, from /proc."""
    kids = []
    for d in os.listdir("/proc"):
        try:
            with open("/proc/%s/stat" % d) as f:
                st = f.read()
        except OSError:
            continue
        if int(st.rsplit(")", 1)[1].split()[1]) == pid:
            kids.append(d)
    return kids


def start(args, width, height, env=""):
    status = tempfile.NamedTemporaryFile(delete=False)
    cmd = "%s %s; echo $? > %s" % (os.path.join(BIN, "clockwall"),
                                   " ".join(args), status.name)
    for _ in range(50):
        r = tmux("new-session", "-d", "-s", "wall", "-x", str(width), "-y",
                 str(height), "env", "-u", "NO_COLOR", "TERM=xterm-256color",
                 "LANG=C.UTF-8", *([env] if env else []), "sh", "-c", cmd)
        # The last session's server may still be on its way out.
        if "server exited" not in r.stderr:
            break
        time.sleep(0.1)
    check(r.returncode == 0, "tmux: " + r.stderr)
    return status.name


def quit_and_status(status):
    tmux("send-keys", "-t", "wall", "q")
    end = time.monotonic() + 5
    while time.monotonic() < end:
        with open(status) as f:
            s = f.read().strip()
        if s and tmux("has-session", "-t", "wall").returncode != 0:
            os.unlink(status)
            return int(s)
        time.sleep(0.1)
    fail("q did not quit:\n" + screen())


def columns_ok(s):
    lines = s.split("\n")
    for i, ln in enumerate(lines):
        if all(n in ln for n in list(ZONES) + ["Dead"]) and i + 2 < \
                len(lines):
            times = re.findall(r"\d\d:\d\d:\d\d", lines[i + 1])
            return (len(times) == 3 and "down(refused)" in lines[i + 1]
                    and all(near(t, z) for t, z in
                            zip(times, ZONES.values()))
                    and "UTC+09:00" in lines[i + 2])
    return False


def rows_ok(s):
    found = 0
    for ln in s.split("\n"):
        m = re.match(r"(\w+) +(\S+)", ln)
        if m and m.group(1) in ZONES and near(m.group(2),
                                              ZONES[m.group(1)]):
            found += 1
        if m and m.group(1) == "Dead" and m.group(2) == "down(refused)":
            found += 1
    return found == 4 and max(len(ln) for ln in s.split("\n")) <= 40


def info(tz, offset):
    """A pattern for what clockwall should show for zone tz now: the
    offset and, if its date is not ours, +1d or -1d."""
    theirs = datetime.datetime.now(zoneinfo.ZoneInfo(tz)).date()
    ours = datetime.datetime.now().astimezone().date()
    mark = " +1d" if theirs > ours else " -1d" if theirs < ours else ""
    return re.escape(offset + mark) + r"(?!\s[+-]1d)(?:\s|$)"


def main():
    clocks = {n: start_clockd(tz=z) for n, z in ZONES.items()}
    args = ["%s=localhost:%d" % (n, c.port) for n, c in clocks.items()]
    args.append("Dead=127.0.0.1:1")
    try:
        status = start(args, 100, 30)
        wait_screen(columns_ok, "a column per clock")
        tmux("resize-window", "-t", "wall", "-x", "40", "-y", "20")
        wait_screen(rows_ok, "a row per clock at 40 columns")
        tmux("send-keys", "-t", "wall", "C-l")
        wait_screen(rows_ok, "the table after Ctrl-L")
        # Too narrow for a whole time: it is marked cut, not shown as
        # a shorter time ("10:49").
        tmux("resize-window", "-t", "wall", "-x", "12", "-y", "8")
        s = wait_screen(lambda s: "\u2026" in s, "a cut time, marked")
        check(not re.search(r"(?m)\d\d:\d\d$", s), "a time cut bare:\n" +
              s)
        tmux("resize-window", "-t", "wall", "-x", "100", "-y", "30")
        wait_screen(columns_ok, "columns again at 100 columns")
        check(quit_and_status(status) == 0, "clockwall exit status")

        status = start(["--big"] + args[:3], 100, 30)
        s = wait_screen(lambda s: s.count("\u2588") > 100 and
                        "UTC+09:00" in s, "big digits")
        check(not re.search(r"\d\d:\d\d:\d\d", s), "small digits with "
              "--big:\n" + s)
        check(quit_and_status(status) == 0, "clockwall --big exit status")

        # Colour by state, unless --no-color or NO_COLOR says otherwise.
        for extra, env, coloured in (([], "", True),
                                     (["--no-color"], "", False),
                                     ([], "NO_COLOR=1", False)):
            status = start(extra + args, 100, 30, env)
            wait_screen(columns_ok, "the table " + " ".join(extra + [env]))
            ansi = tmux("capture-pane", "-e", "-p", "-t", "wall").stdout
            red = re.search(r"\x1b\[31m[^\x1b]*down\(refused\)", ansi)
            check(bool(red) == coloured and
                  bool(re.search(r"\x1b\[3[1-7]m", ansi)) == coloured,
                  "colour %s with %s:\n%r" % (coloured, extra + [env], ansi))
            check(quit_and_status(status) == 0, "exit status")

        # A terminal curses cannot drive: plain lines, not an exit.
        for term in ("TERM=dumb", "TERM=no-such-terminal"):
            status = start(args[:1], 100, 30, term)
            s = wait_screen(lambda s: "plain lines instead" in s and
                            re.search(r"(?m)^NewYork=\d\d:\d\d:\d\d$",
                                      s), "plain lines with " + term)
            # No keys in plain mode: SIGTERM, as a service manager would.
            sh = tmux("list-panes", "-t", "wall", "-F",
                      "#{pane_pid}").stdout.split()[0]
            kids = children(int(sh))
            check(len(kids) == 1, "clockwall's pid under %s: %s" %
                  (sh, kids))
            os.kill(int(kids[0]), signal.SIGTERM)
            rc = quit_and_status(status)
            check(rc == 0, "exit status %d, %s:\n%s" % (rc, term, s))

        dated = {"Kiri": start_clockd("--format", "%F %T",
                                      tz="Pacific/Kiritimati"),
                 "Pago": start_clockd("--format", "%F %T",
                                      tz="Pacific/Pago_Pago")}
        junk = start_clockd("--format", "no time here, just words")
        clocks.update(dated, Junk=junk)
        status = start(["%s=127.0.0.1:%d" % (n, c.port)
                        for n, c in dated.items()] +
                       ["Junk=127.0.0.1:%d" % junk.port], 100, 30)
        hms = r"(?:^|\s)\d\d:\d\d:\d\d(?:\s|$)"
        # A long line that is no time is cut before its state, in
        # columns and in rows alike.
        junk_cell = {100: r"(?m)^Kiri +Pago +Junk$[^J]*no time here, j",
                     40: r"(?m)^Junk +no time here, just\S* +not a time$"}
        for w in (100, 40):
            tmux("resize-window", "-t", "wall", "-x", str(w), "-y", "20")
            s = wait_screen(lambda s: re.search(info(
                                "Pacific/Kiritimati", "UTC+14:00"), s, re.M)
                            and re.search(info("Pacific/Pago_Pago",
                                               "UTC-11:00"), s, re.M)
                            and len(re.findall(hms, s, re.M)) == 2
                            and re.search(junk_cell[w], s)
                            and "not a time" in s,
                            "dated and junk clocks at %d columns" % w)
            check(not re.search(r"\d{4}-\d\d-\d\d(?! \d\d:\d\d:\d\d)", s),
                  "a date and a cut time in a cell:\n" + s)
        check(quit_and_status(status) == 0, "exit status")
    finally:
        tmux("kill-server")
    for c in clocks.values():
        check(c.stop() == 0, "clockd exit status")
    print("ok")


main()
