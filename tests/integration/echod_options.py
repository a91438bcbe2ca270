"""echod's command line: --help's usage is the man page's SYNOPSIS and
names every option the man page lists; bad options and values exit 64
naming the value and its bound; a port in use exits 69; the gopl-style
port operand works."""

import os
import re
import socket
import subprocess

from echod_lib import BIN, TOP, Conn, Echod, check

ECHOD = os.path.join(BIN, "echod")
PAGE = os.path.join(TOP, "man", "echod.1")


def run(*args):
    return subprocess.run([ECHOD] + list(args), capture_output=True,
                          timeout=20, text=True)


def synopsis():
    out = subprocess.run(["mandoc", "-T", "ascii", "-O", "width=300", PAGE],
                         capture_output=True, check=True,
                         text=True).stdout
    out = re.sub(".\b", "", out)
    m = re.search(r"\nSYNOPSIS\n(.*?)\n\n", out, re.S)
    return " ".join(m.group(1).split())


r = run("--help")
check(r.returncode == 0, "--help exits %d" % r.returncode)
# The usage: its first line and those indented under it.
lines = r.stdout.split("\n")
n = 1
while lines[n].startswith(" "):
    n += 1
usage = " ".join(" ".join(lines[:n]).split())
check(usage == "usage: " + synopsis(),
      "usage %r\n   != SYNOPSIS %r" % (usage, synopsis()))
# Every long option the page documents is in --help, and the other way.
page = open(PAGE).read()
in_page = set(re.findall(r"Fl -([a-z-]+)", page))
in_help = set(re.findall(r"--([a-z-]+)", r.stdout))
check(in_page == in_help, "options: page %r, help %r" %
      (sorted(in_page), sorted(in_help)))

r = run("--no-such-option")
check(r.returncode == 64, "a bad option exits %d" % r.returncode)
check(usage in " ".join(r.stderr.split()), "a bad option says %r" % r.stderr)
for args, msg in (
        (("--delay", "60001"), "echod: delay \"60001\": above the maximum "
         "of 60000"),
        (("--threads", "0"), "echod: threads \"0\": below the minimum of 1"),
        (("--model", "select"), "echod: model \"select\": not poll, fork "
         "or threads"),
        (("--max-clients", "x"), "echod: max clients \"x\": not a number"),
        (("99999",), "echod: port \"99999\": too large"),
        (("1", "2"), "usage: echod")):
    r = run(*args)
    check(r.returncode == 64 and r.stderr.startswith(msg),
          "%r: exit %d, %r" % (args, r.returncode, r.stderr))

r = run("-V")
check(r.returncode == 0 and re.match(r"echod \d+\.\d+\.\d+\n$", r.stdout),
      "-V said %r" % r.stdout)

# A port in use: 69 (EX_UNAVAILABLE), and the reason.
busy = socket.socket()
busy.bind(("127.0.0.1", 0))
busy.listen(1)
port = busy.getsockname()[1]
r = run("-b", "127.0.0.1", str(port))
check(r.returncode == 69 and "in use" in r.stderr,
      "busy port: exit %d, %r" % (r.returncode, r.stderr))
busy.close()

# gopl's spelling: the port as the only operand; -b binds one address.
srv = Echod("poll", "-b", "127.0.0.1")
c = Conn(srv.port)
c.send(b"x\n")
c.expect(b"x\n")
check(srv.stop() == 0, "exit status")
print("ok")
