"""tcpftpd with curl (list, get, resume with -C -) and lftp (ls, cd, get,
resume, mirror): downloads compared byte for byte."""
import os
import shutil
import subprocess
import sys
import tempfile

from ftp_lib import make_tree, start, check

for tool in ("curl", "lftp"):
    if shutil.which(tool) is None:
        print("SKIP: %s is not installed (scripts/deps.sh installs it)"
              % tool)
        sys.exit(77)

t = make_tree()
t.put("sub/deeper/z.bin", bytes(range(256)) * 3)
srv = start(t.root)
url = "ftp://127.0.0.1:%d" % srv.port
out = tempfile.mkdtemp(prefix="tcpftpd-dl-")


def run(*argv, timeout=60):
    r = subprocess.run(list(argv), capture_output=True, timeout=timeout,
                       cwd=out)
    return r.returncode, r.stdout, r.stderr


def same(local, rel):
    with open(os.path.join(out, local), "rb") as f:
        return f.read() == t.files[rel]


try:
    # curl: a listing, a name-only listing, a get, a resume.
    rc, so, se = run("curl", "-sS", url + "/")
    check(rc == 0 and b"bytes.bin" in so and b" sub\n" in so,
          "curl list: %d %r %r" % (rc, so, se))
    rc, so, se = run("curl", "-sS", "-l", url + "/sub/")
    check(rc == 0 and sorted(so.split()) == [b"deeper", b"nested.txt",
                                            b"out"],
          "curl -l: %d %r %r" % (rc, so, se))
    rc, so, se = run("curl", "-sS", "-o", "b", url + "/bytes.bin")
    check(rc == 0 and same("b", "bytes.bin"), "curl get: %r" % se)
    rc, so, se = run("curl", "-sS", "-o", "e", url + "/empty")
    check(rc == 0 and same("e", "empty"), "curl get empty: %r" % se)
    with open(os.path.join(out, "r"), "wb") as f:
        f.write(t.files["bytes.bin"][:333])
    rc, so, se = run("curl", "-sS", "-C", "-", "-o", "r",
                     url + "/bytes.bin")
    check(rc == 0 and same("r", "bytes.bin"), "curl -C -: %d %r" % (rc, se))
    rc, so, se = run("curl", "-sS", "--ftp-port", "127.0.0.1", "-o", "a",
                     url + "/sub/deeper/z.bin")
    check(rc == 0 and same("a", "sub/deeper/z.bin"),
          "curl active mode: %d %r" % (rc, se))
    rc, so, se = run("curl", "-sS", "-o", "x", url + "/up")
    check(rc != 0, "curl got the link out of the root: %r" % so)
    if os.path.exists(os.path.join(out, "x")):
        with open(os.path.join(out, "x"), "rb") as f:
            check(b"SECRET" not in f.read(), "the secret left the root")
    rc, so, se = run("curl", "-sS", "-T", "/dev/null", url + "/upload")
    check(rc != 0 and not os.path.exists(os.path.join(t.root, "upload")),
          "curl upload was not refused: %d %r" % (rc, se))

    # lftp: ls, cd, get, resume (get -c), mirror of a folder.
    with open(os.path.join(out, "lr"), "wb") as f:
        f.write(t.files["bytes.bin"][:100])
    script = ("set net:max-retries 1; set net:timeout 10; "
              "open %s; ls; cd sub; ls; get nested.txt -o ln; cd /; "
              "get -c bytes.bin -o lr; mirror sub msub; bye" % url)
    rc, so, se = run("lftp", "-c", script)
    check(rc == 0, "lftp: %d %r %r" % (rc, so, se))
    check(b"space name.txt" in so and b"nested.txt" in so,
          "lftp ls: %r" % so)
    check(same("ln", "sub/nested.txt"), "lftp get")
    check(same("lr", "bytes.bin"), "lftp get -c (resume)")
    check(same("msub/deeper/z.bin", "sub/deeper/z.bin") and
          same("msub/nested.txt", "sub/nested.txt"), "lftp mirror")
    check(not os.path.exists(os.path.join(out, "msub", "out", "secret")),
          "lftp mirror followed a link out of the root")
finally:
    shutil.rmtree(out, ignore_errors=True)

check(srv.stop() == 0, "exit status")
print("ok")
