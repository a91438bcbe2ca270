"""taskc at its readline prompt while taskd sends a task every second:
each task is answered and shown above the prompt, and the line being
typed stays as it was, cursor included; Enter sends it as a message
(confirmed), exit quits."""
import os
import re
import subprocess
import time
import sys

sys.dont_write_bytecode = True    # no __pycache__ in the tree
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from tuilib import BIN, Tmux, fail  # noqa: E402

TASK = r"task (\d+): (\d+) squared is (\d+)"

d = subprocess.Popen([os.path.join(BIN, "taskd"), "-b", "127.0.0.1", "-p",
                      "0", "--every", "1"], stdout=subprocess.PIPE,
                     stderr=subprocess.DEVNULL, text=True)
m = re.search(r"Listening on the port :(\d+)", d.stdout.readline())
if not m:
    d.kill()
    fail("taskd did not start")
port = int(m.group(1))
tm = Tmux()


def tasks(screen):
    return re.findall(TASK, screen)


def last_line(screen):
    lines = [x for x in screen.split("\n") if x.strip()]
    return lines[-1] if lines else ""


try:
    tm.new("c", "%s/taskc 127.0.0.1 %d 2>>%s/c.err" % (BIN, port, tm.home),
           width=80, height=20)
    tm.wait_for("c", r"connected to 127\.0\.0\.1:%d" % port)
    tm.wait_for("c", TASK)
    for n in tasks(tm.screen("c")):
        if int(n[1]) ** 2 != int(n[2]):
            fail("wrong square shown", tm.screen("c"))

    # Half a line typed, the cursor moved back into it: tasks arrive.
    tm.keys("c", "-l", "hello wrld")
    tm.keys("c", "Left", "Left", "Left")
    scr = tm.wait_for("c", r"taskc> hello wrld")
    seen = len(tasks(scr))
    scr = tm.wait_for("c", r"(?s)(" + TASK + r".*){%d}" % (seen + 2),
                      timeout=6)
    if last_line(scr).rstrip() != "taskc> hello wrld":
        fail("the line being typed was disturbed", scr)
    # The cursor is still after "w": typing goes there.
    tm.keys("c", "-l", "o")
    tm.wait_for("c", r"taskc> hello world")
    tm.keys("c", "Enter")
    scr = tm.wait_for("c", r"confirmed: 11 bytes")
    if not last_line(scr).startswith("taskc>"):
        fail("no prompt after the confirmation", scr)

    # exit: taskd says BYE and taskc is gone.
    tm.type("c", "exit")
    tm.wait_for("c", r"taskd: BYE")
    end = time.monotonic() + 5
    while not tm.dead("c"):
        if time.monotonic() > end:
            fail("taskc did not exit", tm.screen("c"))
        time.sleep(0.05)
finally:
    tm.close()
    d.terminate()
    d.wait(10)
print("ok")
