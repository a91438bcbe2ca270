"""tcpftpd against hostile input: .. and absolute paths, links out of the
root, a FIFO, CR/LF/NUL and escapes in arguments and in file names, 100
KiB command lines, FTP bounce, data connections from another address."""
import os
import re
import socket
import time

from ftp_lib import Ctl, make_tree, start, check

t = make_tree()
evil = "evil\r\n226 forged\x1b[2J"
t.put(evil, b"evil")
srv = start(t.root)
c = Ctl(srv.port)

# Nothing but USER, PASS and the harmless before login.
c.expect("LIST", 530)
c.expect("RETR bytes.bin", 530)
c.expect("PASS x", 503)
c.login()

# .. and absolute paths stay in the root; the root is "/".
for p in ("../outside/secret", "../../outside/secret", "/../outside/secret",
          "/etc/passwd", "sub/../../outside/secret", "..\\outside\\secret"):
    code, lines, data = c.transfer("RETR " + p)
    check(code == 550 and data is None, "RETR %s: %r" % (p, lines))
c.expect("CWD ../..", 250)
check(c.expect("PWD", 257)[0].startswith(b'257 "/"'), "PWD after ../..")
c.expect("CWD /sub/../..", 250)
check(c.expect("PWD", 257)[0].startswith(b'257 "/"'), "PWD after /sub/../..")
lines = c.expect("MLST /..", 250)
check(lines[1].endswith(b" /"), "MLST /.. is the root: %r" % lines)

# Links are never followed, in or out of the root.
for p in ("up", "etc/passwd", "sub/out/secret"):
    code, lines, data = c.transfer("RETR " + p)
    check(code == 550 and b"symbolic link" in lines[0],
          "RETR %s: %r" % (p, lines))
for p in ("etc", "sub/out"):
    c.expect("CWD " + p, 550)
code, lines, data = c.transfer("LIST etc")
check(code == 226 and data.startswith(b"l") and b"passwd" not in data,
      "LIST of a link lists the link: %r" % data)
code, lines, data = c.transfer("MLSD sub/out")
check(code == 550, "MLSD through a link: %r" % lines)
c.expect("SIZE up", 550)

# A FIFO is listed, never opened (an open would block without a writer).
start_t = time.monotonic()
code, lines, data = c.transfer("RETR fifo")
check(code == 550 and b"Not a regular file" in lines[0],
      "RETR fifo: %r" % lines)
check(time.monotonic() - start_t < 5, "RETR fifo blocked")
c.expect("SIZE fifo", 550)
code, lines, data = c.transfer("LIST")
check(code == 226, "LIST: %r" % lines)
check(any(ln.startswith(b"p") and ln.endswith(b" fifo")
          for ln in data.split(b"\r\n")), "LIST shows the fifo: %r" % data)

# A name with CR, LF and ESC is listed as one line, controls as '?'.
for verb in ("LIST", "NLST", "MLSD"):
    code, lines, data = c.transfer(verb)
    check(code == 226 and data.endswith(b"\r\n"), "%s: %r" % (verb, lines))
    body = data[:-2].split(b"\r\n")
    check(len(body) == 8, "%s: %d lines, want 8: %r" % (verb, len(body),
                                                          data))
    for ln in body:
        check(re.search(rb"[\x00-\x1f\x7f]", ln) is None,
              "%s: control byte in %r" % (verb, ln))
    check(any(ln.endswith(b"evil??226 forged?[2J") for ln in body),
          "%s: the evil name %r" % (verb, data))

# CR, LF, NUL inside a command are refused; escapes never echo raw.
c.send(b"RETR a\x00b\r\n")
check(c.reply()[0] == 501, "NUL in a command")
c.send(b"CWD sub\rPWD\r\n")
check(c.reply()[0] == 501, "CR in a command")
c.expect("NOOP", 200)
code, lines = c.cmd("CWD \x1b[31mred\x07")
check(code == 550 and b"\x1b" not in lines[0] and b"?[31mred?" in lines[0],
      "escape echoed: %r" % lines)
c.send(b"\xff\xf4\xff\xf2ABOR\r\n")
check(c.reply()[0] == 225, "ABOR after a Telnet synch")
c.send(b"\x80\xfe\xc0 garbage\r\n")
check(c.reply()[0] == 500, "binary garbage")

# 100 KiB lines: one 500 each, then the session goes on.
c.send(b"NOOP " + b"a" * 102400 + b"\r\n")
code, lines = c.reply()
check(code == 500 and b"too long" in lines[0], "100 KiB line: %r" % lines)
c.expect("NOOP", 200)
c.send(b"RETR " + b"/.." * 34000)
time.sleep(0.2)
c.send(b"/x\r\nPWD\r\n")
code, lines = c.reply()
check(code == 500, "long line in pieces: %r" % lines)
check(c.reply()[0] == 257, "PWD after a long line")
check(c.buf == b"", "one reply per long line: %r" % c.buf)

# Active mode only to ourselves, on a port >= 1024 (no FTP bounce).
c.expect("PORT 127,0,0,2,4,1", 504)
c.expect("PORT 127,0,0,1,0,22", 504)
c.expect("EPRT |1|127.0.0.2|2000|", 504)
c.expect("EPRT |1|127.0.0.1|25|", 504)
c.expect("PORT 999,0,0,1,4,1", 501)
c.expect("EPRT |2|::1|2000|", 522)

# A data connection from another address is refused; ours then works.
lines = c.expect("PASV", 227)
n = [int(x) for x in re.search(rb"\((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\)",
                               lines[0]).groups()]
thief = socket.socket()
thief.bind(("127.0.0.2", 0))
thief.settimeout(5)
thief.connect(("127.0.0.1", n[4] * 256 + n[5]))
got = b"x"
try:
    got = thief.recv(10)
except (ConnectionResetError, socket.timeout):
    got = b""
check(got == b"", "a thief got data: %r" % got)
thief.close()
ok = socket.create_connection(("127.0.0.1", n[4] * 256 + n[5]), 5)
c.send("RETR bytes.bin\r\n")
check(c.reply()[0] == 150, "RETR after a refused thief")
data = b""
while True:
    b = ok.recv(65536)
    if not b:
        break
    data += b
check(data == t.files["bytes.bin"] and c.reply()[0] == 226,
      "RETR after a refused thief differs")
check("not the client's address" in srv.log(), "thief not logged")

# Protocol corners: what is not supported says so with the right code.
for line, code in (("TYPE E", 504), ("TYPE L 7", 504), ("MODE B", 504),
                   ("STRU R", 504), ("TYPE A", 200), ("TYPE I", 200),
                   ("MODE S", 200), ("STRU F", 200), ("ALLO 10", 202),
                   ("ACCT x", 202), ("OPTS FOO", 501), ("REST x", 501),
                   ("REST -1", 501), ("EPSV 3", 501), ("HELP RETR", 214),
                   ("HELP XYZ", 501), ("SIZE sub", 550), ("REIN", 500), ("CWD", 501), ("MDTM nope", 550)):
    c.expect(line, code)
lines = c.expect("HELP", 214)
check(any(b"RETR" in ln for ln in lines) and len(lines) > 4,
      "HELP lists the table: %r" % lines)
lines = c.expect("STAT", 211)
check(any(b"Logged in" in ln for ln in lines), "STAT: %r" % lines)
c.expect("EPSV 1", 229)
c.expect("EPSV ALL", 200)
c.expect("PASV", 503)
c.expect("PORT 127,0,0,1,4,1", 503)
c.expect("EPSV", 229)
c.expect("USER again", 331)
c.expect("PWD", 530)
c.login()

# Secrets stayed out; the server is fine; SIGTERM is a clean exit.
c.expect("QUIT", 221)
check(srv.stop() == 0, "exit status")
check(b"SECRET" not in srv.log().encode(), "secret in the log")
print("ok")
