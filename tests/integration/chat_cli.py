"""tcpchatd command line: usage, bad values, ports, version, bind errors."""
import os
import re
import shutil
import socket
import subprocess

from chatlib import BIN, TOP, Client, check, run, start_server

EXE = os.path.join(BIN, "tcpchatd")


def cmd(*args):
    p = subprocess.run([EXE] + list(args), capture_output=True, text=True,
                       timeout=10, stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout, p.stderr


def port_free(port):
    s = socket.socket()
    try:
        s.bind(("", port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def squeeze(s):
    return " ".join(s.split())


def main():
    code, out, err = cmd("--help")
    check(code == 0 and out.startswith("usage: tcpchatd "), "--help")
    if shutil.which("mandoc"):
        page = subprocess.run(
            ["mandoc", "-T", "ascii", os.path.join(TOP, "man/tcpchatd.1")],
            capture_output=True, text=True).stdout
        page = re.sub(".\b", "", page)
        syn = page.split("SYNOPSIS")[1].split("DESCRIPTION")[0]
        usage = out.split("\n\n")[0]     # the synopsis paragraph
        check(squeeze(syn) == squeeze(usage[len("usage: "):]),
              "--help %r differs from the man page %r" % (out, syn))
    for opt in re.findall(r"--[a-z-]+", syn if shutil.which("mandoc")
                          else out):
        check(opt in out.split("\n\n", 1)[1],
              "--help does not describe %s" % opt)
    code, out, err = cmd("-V")
    check(code == 0 and re.fullmatch(r"tcpchatd \S+\n", out), "-V: %r" % out)

    for args, want in [
            (["99999"],
             'tcpchatd: port "99999": above the maximum of 65535'),
            (["-p", "http"],
             'tcpchatd: port "http": not a number from 0 to 65535'),
            (["--max-clients", "0"],
             '--max-clients "0": below the minimum of 1'),
            (["-m", "0"], 'tcpchatd: -m "0": below the minimum of 1'),
            (["-m", "ten"], '-m "ten": not a number from 1 to 1000000'),
            (["--history", "-1"], '--history "-1": below the minimum of 0'),
            (["--max-line", "50"],
             'tcpchatd: --max-line "50": below the minimum of 64'),
            (["--max-line", "99999999999999999999"],
             "above the maximum of 1048576"),
            (["--name-timeout", "0"], "below the minimum of 1"),
            (["--idle-timeout", "0"],
             '--idle-timeout "0": below the minimum of 1'),
            (["--idle-timeout=86401"], "above the maximum of 86400"),
            (["--line-rate", "-1"], 'line-rate "-1": below the minimum'),
            (["--line-rate", "1000001"], "above the maximum of 1000000"),
            (["--line-burst", "0"], 'line-burst "0": below the minimum'),
            (["--max-queue", "1023"],
             'max-queue "1023": below the minimum of 1024'),
            (["--max-queue", "5G"], 'max-queue "5G": above the maximum'),
            (["--max-queue", "1X"], 'max-queue "1X": not a number'),
            (["1", "2"], "too many arguments"),
            (["--bogus"], "tcpchatd: unrecognized option"),
    ]:
        code, out, err = cmd(*args)
        check(code == 64, "%r: exit %d" % (args, code))
        check(want in err and "usage: tcpchatd" in err,
              "%r: stderr %r" % (args, err))
        check(out == "", "%r printed %r" % (args, out))
        # net-cat's line first for a bad port or extra arguments
        netcat = args in (["99999"], ["-p", "http"], ["1", "2"])
        check(err.startswith("[USAGE]: tcpchatd $port\n") == netcat,
              "%r: net-cat's usage line: %r" % (args, err))
    # getopt names the program, however it was started
    p = subprocess.run(["./tcpchatd", "-x"], capture_output=True, text=True,
                       cwd=BIN, timeout=10, stdin=subprocess.DEVNULL)
    check(p.stderr.startswith("tcpchatd: invalid option"),
          "getopt: %r" % p.stderr)

    code, out, err = cmd("--motd", "/nonexistent/motd")
    check(code == 66 and "/nonexistent/motd" in err, "motd: %d %r" % (code, err))
    # A motd that opens but cannot be read (a folder) is an error too, not
    # an empty motd.
    code, out, err = cmd("--motd", "/")
    check(code == 66 and "motd /:" in err, "motd /: %d %r" % (code, err))
    code, out, err = cmd("--log", "/nonexistent/dir/log")
    check(code == 73 and "/nonexistent/dir/log" in err, "log: %d %r" % (code, err))

    # the PORT operand, and -b; a port in use is EX_UNAVAILABLE
    srv = start_server("-b", "127.0.0.1")
    code, out, err = cmd("-b", "127.0.0.1", str(srv.port))
    check(code == 69, "port in use: exit %d %r" % (code, err))
    srv.stop()
    if port_free(8989):                     # no --port: 8989
        srv = start_server(port=None)
        check(srv.port == 8989, "default port %d" % srv.port)
        srv.stop()
    srv = start_server("-b", "::1")
    c = Client(srv.port, host="::1")
    c.join("six")
    srv.stop()
    motd = os.path.join(os.environ.get("TMPDIR", "/tmp"),
                        "tcpchatd-motd-%d" % os.getpid())
    with open(motd, "w") as f:
        f.write("Be nice.\x1b[2J\nSecond line")
    srv = start_server("--motd", motd)
    c = Client(srv.port)
    got = c.read_until("[ENTER YOUR NAME]:")
    check("\nBe nice.[2J\nSecond line\n[ENTER" in got, "motd: %r" % got)
    s = Client(srv.port)
    ev = s.hello("sam")
    check(["Be nice.[2J", "Second line"] == [e[2] for e in ev
                                             if e[0] == "NOTICE"],
          "motd notices: %r" % ev)
    srv.stop()
    os.unlink(motd)


run(main)
