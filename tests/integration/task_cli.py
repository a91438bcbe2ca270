"""taskd's and taskc's usage equals their man page's SYNOPSIS; a bad
option prints it and exits 64; every long option in --help is in the man
page; -V prints the version."""
import os
import re
import subprocess

from chatlib import BIN, TOP, check


def synopsis(page):
    out = subprocess.run(["mandoc", "-T", "ascii", "-O", "width=300", page],
                         capture_output=True, check=True).stdout.decode()
    out = re.sub(".\b", "", out)
    m = re.search(r"\nSYNOPSIS\n(.*?)\n\n", out, re.S)
    return " ".join(m.group(1).split()) if m else ""


for prog in ("taskd", "taskc"):
    page = os.path.join(TOP, "man", prog + ".1")
    r = subprocess.run([os.path.join(BIN, prog), "--help"],
                       capture_output=True, text=True, timeout=5)
    check(r.returncode == 0, "%s --help exits %d" % (prog, r.returncode))
    head = r.stdout.split("\n\n")[0].split("\n")
    usage = " ".join(" ".join(x for x in head
                              if x.startswith(("usage", " "))).split())
    syn = synopsis(page)
    check(usage == "usage: " + syn,
          "%s: usage %r\n   != SYNOPSIS %r" % (prog, usage, syn))
    with open(page) as f:
        man = f.read()
    for opt in re.findall(r"--([a-z-]+)", r.stdout):
        check("Fl -" + opt in man, "%s: --%s not in the man page" %
              (prog, opt))
    bad = subprocess.run([os.path.join(BIN, prog), "--no-such-option"],
                         capture_output=True, text=True, timeout=5)
    check(bad.returncode == 64, "%s: a bad option exits %d" %
          (prog, bad.returncode))
    check(usage in " ".join(bad.stderr.split()),
          "%s: a bad option prints %r" % (prog, bad.stderr))
    v = subprocess.run([os.path.join(BIN, prog), "-V"], capture_output=True,
                       text=True, timeout=5)
    check(v.returncode == 0 and re.fullmatch(prog + r" \d+\.\d+\.\d+\n",
                                             v.stdout),
          "%s -V: %r" % (prog, v.stdout))
print("ok")
