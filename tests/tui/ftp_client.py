"""The Debian ftp client (tnftp) against tcpftpd, driven in tmux: the
exercise's cd, ls, get, close, with the file compared byte for byte and
the session's screen printed (the closing note quotes it)."""
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..",
                                "integration"))
from tuilib import Tmux, fail  # noqa: E402
from ftp_lib import make_tree, start  # noqa: E402

if shutil.which("ftp") is None:
    print("SKIP: no ftp client (scripts/deps.sh installs the ftp package)")
    sys.exit(77)

t = make_tree()
readme = b"Read me: every byte \x00\x01\xfe\xff and a CRLF\r\n" * 50
t.put("pub/README", readme)
t.put("pub/data.bin", bytes(range(256)) * 64)
srv = start(t.root)
dl = tempfile.mkdtemp(prefix="tcpftpd-tui-")
tm = Tmux()
try:
    tm.new("ftp", "cd %s && ftp -n 127.0.0.1 %d" % (dl, srv.port),
           width=100, height=40)
    tm.wait_for("ftp", r"220 tcpftpd .* ready")
    tm.wait_for("ftp", r"^ftp>")
    tm.type("ftp", "user anonymous guest@example.com")
    tm.wait_for("ftp", r"230 Logged in")
    tm.type("ftp", "cd pub")
    tm.wait_for("ftp", r"250 Folder changed to /pub")
    tm.type("ftp", "ls")
    tm.wait_for("ftp", r"226 Transfer complete")
    scr = tm.wait_for("ftp", r" README\s*$")
    if " data.bin" not in scr:
        fail("ls lacks data.bin", scr)
    tm.type("ftp", "get README")
    tm.wait_for("ftp", r"226 Transfer complete \(%d bytes\)" % len(readme))
    tm.type("ftp", "close")
    tm.wait_for("ftp", r"221 Goodbye")
    tm.wait_for("ftp", r"221 Goodbye\n(.*\n)*ftp>\s*$")
    scr = tm.screen("ftp")
    with open(os.path.join(dl, "README"), "rb") as f:
        got = f.read()
    if got != readme:
        fail("README differs: %d bytes, want %d" % (len(got), len(readme)),
             scr)
    tm.type("ftp", "quit")
    print("---- the ftp session ----")
    print(scr.rstrip())
    print("-------------------------")
finally:
    tm.close()
    shutil.rmtree(dl, ignore_errors=True)
if srv.stop() != 0:
    fail("tcpftpd exit status %r" % srv.proc.returncode)
print("ok")
