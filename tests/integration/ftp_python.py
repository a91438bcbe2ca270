"""tcpftpd with Python's ftplib: login, ls, cd, get, resume; downloads
compared byte for byte (every byte value, an empty file, 100 MiB)."""
import ftplib
import hashlib
import io
import os
import socket

from ftp_lib import Server, make_tree, start, check

t = make_tree()
big = t.put("big.bin", b"")
# 100 MiB of a pattern that is not periodic at any small stride.
h = hashlib.sha256()
with open(big, "wb") as f:
    block = hashlib.sha256(b"seed").digest() * 32768      # 1 MiB
    for i in range(100):
        chunk = bytes([i]) + block[1:]
        f.write(chunk)
        h.update(chunk)
big_sum = h.hexdigest()
big_size = 100 << 20

srv = start(t.root)
f = ftplib.FTP()
f.connect("127.0.0.1", srv.port, timeout=30)
check("220" in f.getwelcome(), "welcome %r" % f.getwelcome())
check(f.login().startswith("230"), "anonymous login")
check(f.sendcmd("SYST").startswith("215 UNIX"), "SYST")
feat = f.sendcmd("FEAT")
for k in ("EPSV", "MLST", "REST STREAM", "SIZE", "MDTM", "UTF8"):
    check(k in feat, "FEAT lacks %s: %r" % (k, feat))
check(f.sendcmd("OPTS UTF8 ON").startswith("200"), "OPTS UTF8 ON")

# ls: LIST, NLST and MLSD agree on the names.
lines = []
f.retrlines("LIST", lines.append)
names = sorted(ln.split(None, 8)[8] for ln in lines)
want = sorted(["big.bin", "bytes.bin", "empty", "sub", "space name.txt",
               "up", "etc", "fifo"])
check(names == want, "LIST names %r" % names)
check(sorted(f.nlst()) == want, "NLST %r" % f.nlst())
facts = dict(f.mlsd())
check(facts["bytes.bin"]["type"] == "file" and
      facts["bytes.bin"]["size"] == str(len(t.files["bytes.bin"])),
      "MLSD bytes.bin %r" % facts["bytes.bin"])
check(facts["sub"]["type"] == "dir", "MLSD sub %r" % facts["sub"])
check(any(ln.startswith("d") and ln.endswith(" sub") for ln in lines),
      "LIST marks sub a folder: %r" % lines)

# get: byte for byte, in binary and in ASCII type (sent as stored).
for name in ("bytes.bin", "empty", "space name.txt"):
    b = io.BytesIO()
    f.retrbinary("RETR " + name, b.write)
    check(b.getvalue() == t.files[name], "RETR %s differs" % name)
    check(f.size(name) == len(t.files[name]), "SIZE %s" % name)
f.voidcmd("TYPE A")
b = io.BytesIO()
f.retrbinary("RETR bytes.bin", b.write)
check(b.getvalue() == t.files["bytes.bin"], "TYPE A RETR differs")
f.voidcmd("TYPE I")
check(f.sendcmd("MDTM bytes.bin").startswith("213 20"), "MDTM")

# cd: CWD, PWD, CDUP, and ".." at the top stays at the top.
f.cwd("sub")
check(f.pwd() == "/sub", "PWD %r" % f.pwd())
b = io.BytesIO()
f.retrbinary("RETR nested.txt", b.write)
check(b.getvalue() == b"nested\n", "RETR in sub")
f.cwd("..")
f.cwd("..")
check(f.pwd() == "/", "PWD after cd .. twice %r" % f.pwd())
f.sendcmd("CDUP")
check(f.pwd() == "/", "PWD after CDUP at the top")

# resume: REST then RETR gives the tail.
for off in (0, 1, 700, len(t.files["bytes.bin"])):
    b = io.BytesIO()
    f.retrbinary("RETR bytes.bin", b.write, rest=off)
    check(b.getvalue() == t.files["bytes.bin"][off:], "resume at %d" % off)
try:
    f.retrbinary("RETR bytes.bin", lambda x: None, rest=5000)
    check(False, "REST past the end was accepted")
except ftplib.error_perm as e:
    check(str(e).startswith("554"), "REST past the end: %s" % e)

# 100 MiB, then its second half resumed.
h = hashlib.sha256()
n = [0]


def eat(chunk):
    h.update(chunk)
    n[0] += len(chunk)


f.retrbinary("RETR big.bin", eat, blocksize=1 << 20)
check(n[0] == big_size and h.hexdigest() == big_sum, "100 MiB differs")
with open(big, "rb") as fh:
    fh.seek(big_size // 2 + 3)
    tail = hashlib.sha256(fh.read()).hexdigest()
h = hashlib.sha256()
n[0] = 0
f.retrbinary("RETR big.bin", eat, blocksize=1 << 20, rest=big_size // 2 + 3)
check(h.hexdigest() == tail, "resumed 100 MiB tail differs")

# Writes are refused with 550.
for c in ("STOR x", "DELE bytes.bin", "MKD d", "RMD sub", "RNFR empty",
          "APPE x", "SITE CHMOD 777 empty"):
    try:
        f.sendcmd(c)
        check(False, "%s accepted" % c)
    except ftplib.error_perm as e:
        check(str(e).startswith("550"), "%s: %s" % (c, e))
check(not os.path.exists(os.path.join(t.root, "x")), "STOR made a file")

# Active mode to our own address works (ftplib binds to the control's
# local address); EPSV works; ABOR with nothing going on is 225.
f.set_pasv(False)
b = io.BytesIO()
f.retrbinary("RETR bytes.bin", b.write)
check(b.getvalue() == t.files["bytes.bin"], "active-mode RETR differs")
f.set_pasv(True)
check(f.sendcmd("ABOR").startswith("225"), "idle ABOR")
check(f.quit().startswith("221"), "QUIT")

# IPv6: EPSV on ::1 (skipped where the host has no IPv6 loopback).
try:
    s6 = socket.socket(socket.AF_INET6)
    s6.bind(("::1", 0))
    s6.close()
    have6 = True
except OSError:
    have6 = False
if have6:
    srv6 = Server(["-p", "0", "-b", "::1", "--root", t.root],
                  binary="tcpftpd")
    g = ftplib.FTP()
    g.af = socket.AF_INET6
    g.connect("::1", srv6.port, timeout=10)
    g.login()
    b = io.BytesIO()
    g.retrbinary("RETR bytes.bin", b.write)
    check(b.getvalue() == t.files["bytes.bin"], "RETR over IPv6 differs")
    try:
        g.sendcmd("PASV")
        check(False, "PASV on IPv6 accepted")
    except ftplib.error_perm as e:
        check(str(e).startswith("522"), "PASV on IPv6: %s" % e)
    g.quit()
    check(srv6.stop() == 0, "IPv6 server exit status")

check(srv.stop() == 0, "SIGTERM: exit status %r" % srv.proc.returncode)
print("ok")
