"""taskc comes back by itself when taskd restarts on the same port (with
backoff, not a busy loop), and answers the new taskd's tasks; taskd's
--every and --timeout refuse values out of range; hostile clients
(one that never reads, a flood of lines) cannot hurt the others."""
import socket
import subprocess
import time

from chatlib import BIN, check, fail
from tasklib import start_taskc, start_taskd, stats, wait_for

d = start_taskd("--every", "1")
port = d.port
w = start_taskc(port, "--quiet")
wait_for(lambda: stats(d)["all"]["answers"] >= 1, what="a first answer")
check(d.stop() == 0, "taskd did not exit 0")
time.sleep(1.5)          # taskc retries meanwhile, backing off
check(w.poll() is None, "taskc gave up when taskd went away")
d = start_taskd("--every", "1", "-p", str(port))
check(d.port == port, "could not restart on port %d" % port)
wait_for(lambda: stats(d)["all"]["answers"] >= 2, timeout=25,
         what="answers after the restart")

# A client that never reads and floods lines: its queue is bounded and
# it is dropped; the worker goes on.
hog = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
hog.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
hog.connect(("127.0.0.1", port))
hog.setblocking(False)
sent = 0
end = time.monotonic() + 30
dropped = False
while time.monotonic() < end and not dropped:
    try:
        sent += hog.send(b"spam\n" * 2000)
    except BlockingIOError:
        time.sleep(0.01)
    except OSError:
        dropped = True
    if "not reading: output queue full" in d.log():
        dropped = True
check(dropped, "a client that never reads was not dropped (%d sent)" % sent)
hog.close()
before = stats(d)["all"]["answers"]
wait_for(lambda: stats(d)["all"]["answers"] > before, what="worker goes on")

for args, want in ((["--every", "0"], "below the minimum of 1"),
                   (["--timeout", "99999"], "above the maximum of 3600"),
                   (["-p", "70000"], "above the maximum of 65535")):
    r = subprocess.run([BIN + "/taskd"] + args, capture_output=True,
                       text=True, timeout=5)
    check(r.returncode == 64 and want in r.stderr,
          "taskd %r: %d %r" % (args, r.returncode, r.stderr))
r = subprocess.run([BIN + "/taskc", "--count", "0"], capture_output=True,
                   text=True, timeout=5)
check(r.returncode == 64 and "below the minimum of 1" in r.stderr,
      "taskc --count 0: %r" % r.stderr)
for prog in ("taskd", "taskc"):
    r = subprocess.run([BIN + "/" + prog, "-h"], capture_output=True,
                       text=True, timeout=5)
    check(r.returncode == 0 and r.stdout.startswith("usage: " + prog),
          "%s -h: %r" % (prog, r.stdout))
check(d.stop() == 0, "taskd did not exit 0")
w.kill()
print("ok")
