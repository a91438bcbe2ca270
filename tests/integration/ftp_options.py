"""tcpftpd's command line: usage equals the man page's SYNOPSIS, each
option does what --help says, bad values exit 64 naming value and bound."""
import ftplib
import os
import re
import socket
import subprocess

from ftp_lib import BIN, TOP, Ctl, make_tree, start, check
from clock_lib import _synopsis

PROG = os.path.join(BIN, "tcpftpd")


def run(*args, timeout=10):
    r = subprocess.run([PROG] + list(args), capture_output=True,
                       timeout=timeout, text=True)
    return r.returncode, r.stdout, r.stderr


rc, out, err = run("--help")
check(rc == 0, "--help exits %d" % rc)
usage = " ".join(" ".join(out.split("\n")[:3]).split())
syn = _synopsis(os.path.join(TOP, "man", "tcpftpd.1"))
check(usage == "usage: " + syn, "usage %r\n != SYNOPSIS %r" % (usage, syn))
for opt in ("--port", "--bind", "--root", "--max-clients", "--max-per-ip",
            "--max-per-addr", "--max-pending", "--idle-timeout", "--data-timeout", "--passive-ports", "-v",
            "-q", "--help", "--version"):
    check(opt in out, "--help does not explain %s" % opt)
    check(opt.lstrip("-") in open(os.path.join(TOP, "man", "tcpftpd.1"))
          .read(), "the man page does not explain %s" % opt)
rc, out, err = run("-V")
check(rc == 0 and out.startswith("tcpftpd "), "-V: %r" % out)
rc, out, err = run("--no-such-option")
check(rc == 64 and "usage: tcpftpd" in err, "bad option: %d %r" % (rc, err))

for args, want in (
        (["--max-clients", "0"], '--max-clients "0": too small (1 to'),
        (["--max-per-ip", "x"], '--max-per-ip "x": invalid'),
        (["--max-per-addr", "-1"], '--max-per-addr "-1": too small (0 to'),
        (["--max-pending", "100001"], '"100001": too large (0 to 100000)'),
        (["--idle-timeout", "86401"], '"86401": too large (1 to 86400)'),
        (["--data-timeout", "-1"], '--data-timeout "-1": too small'),
        (["--passive-ports", "5000"], '"5000": not LO-HI'),
        (["--passive-ports", "6000-5000"], "HI below LO"),
        (["--passive-ports", "80-90"], '"80": too small (1024 to 65535)'),
        (["-p", "99999"], 'port "99999": too large'),
        (["1", "2"], "usage: tcpftpd")):
    rc, out, err = run(*args)
    check(rc == 64 and want in err, "%r: %d %r" % (args, rc, err))
rc, out, err = run("--root", "/nonexistent/x", "-p", "0")
check(rc == 66 and "/nonexistent/x" in err, "--root missing: %d %r"
      % (rc, err))

t = make_tree()
# --passive-ports: PASV answers in the range; -v logs connections and
# downloads, -q nothing.
srv = start(t.root, "--passive-ports", "40000-40009", "-v")
c = Ctl(srv.port)
c.login()
for i in range(3):
    lines = c.expect("EPSV", 229)
    port = int(re.search(rb"\|\|\|(\d+)\|", lines[0]).group(1))
    check(40000 <= port <= 40009, "EPSV port %d out of range" % port)
check(c.retr("bytes.bin") == t.files["bytes.bin"], "RETR in the range")
c.expect("QUIT", 221)
check(srv.stop() == 0, "exit status")
check("connected" in srv.log() and "RETR /bytes.bin" in srv.log(),
      "-v log: %r" % srv.log())
srv = start(t.root, "-q")
Ctl(srv.port).expect("QUIT", 221)
check(srv.stop() == 0 and srv.log() == "", "-q log: %r" % srv.log())

# The port as an argument, and --root relative to the current folder.
s = socket.socket()
s.bind(("127.0.0.1", 0))
free = s.getsockname()[1]
s.close()
p = subprocess.Popen([PROG, "-b", "127.0.0.1", "--root", "sub", str(free)],
                     cwd=t.root, stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, text=True)
try:
    line = p.stdout.readline()
    check(line == "Listening on the port :%d\n" % free, "port arg: %r" % line)
    f = ftplib.FTP()
    f.connect("127.0.0.1", free, timeout=10)
    f.login()
    check(sorted(f.nlst()) == ["nested.txt", "out"], "--root sub: %r"
          % f.nlst())
    f.quit()
finally:
    p.terminate()
    check(p.wait(10) == 0, "exit status with a port argument")
print("ok")
