"""taskd with three taskc workers and scripted ones at --every 1: every
worker gets a task each tick and every answer is checked; a wrong answer
is flagged and the task goes to someone else; a worker killed mid-task
and one that times out have their tasks sent again (the late answer is
recorded, never counted twice); messages are confirmed and shown
sanitised; exit ends a session; SIGTERM exits 0 with the stats."""
import collections
import os
import re
import signal
import subprocess
import sys
import tempfile

from chatlib import check, fail
from tasklib import (Worker, console, results, start_taskc, start_taskd,
                     stats, wait_for)

tmp = tempfile.mkdtemp(prefix="taskd-test-")
resfile = os.path.join(tmp, "results.jsonl")
d = start_taskd("--every", "1", "--timeout", "2", results=resfile)
workers = [start_taskc(d.port, "--quiet") for _ in range(3)]

# The three taskc are all in; then count over a few ticks.
wait_for(lambda: len([k for k in stats(d) if k not in ("all", "ticks")])
         == 3, what="three workers connected")
s1 = stats(d)
wait_for(lambda: stats(d)["ticks"] >= s1["ticks"] + 3, timeout=8,
         what="three more ticks")
s2 = stats(d)
ticks = s2["ticks"] - s1["ticks"]
for addr, row in s2.items():
    if addr in ("all", "ticks"):
        continue
    got = row["tasks"] - s1.get(addr, {"tasks": 0})["tasks"]
    check(got >= ticks, "%s got %d tasks in %d ticks" % (addr, got, ticks))
    check(row["answers"] == row["tasks"] and row["wrong"] == 0,
          "%s: answers do not match tasks: %r" % (addr, row))

# A person at nc: messages are printed (sanitised) and confirmed.
nc = Worker(d.port)
nc.send("hello from nc")
nc.expect_line("OK 13")
console(d, b"][" + nc.addr.encode() + b"]:hello from nc\n")
nc.send_raw(b"evil \x1b[2J\x00bell\x07 \xff\xfe end\n")
nc.expect_line("OK 22")
out = console(d, b" end\n")
line = out[out.rindex(b"evil"):]
line = line[:line.index(b"\n")]
check(b"\x1b" not in line and b"\x00" not in line and b"\x07" not in line,
      "control bytes reached the console: %r" % line)
check(b"\xef\xbf\xbd" in line, "invalid UTF-8 not replaced: %r" % line)
nc.send("")
nc.expect_line("OK 0")
nc.send("after empty")
nc.expect_line("OK 11")
out = console(d, b"]:after empty\n")
check(not re.search(rb"\]:\n", out), "an empty message printed: %r" % out)
nc.send("RESULT 1")
nc.expect_line("ERR usage: RESULT id value")
nc.send_raw(b"x" * 5000 + b"\n")
nc.expect_line(re.compile(r"ERR line too long .*"))

# A wrong answer is flagged and the task is done by someone else. Tasks
# nc left unanswered are stale: drop them and take a fresh one.
nc.quiet(0.2)
tid, n = nc.task(timeout=6)
nc.send("RESULT %d %d" % (tid, n * n + 1))
nc.expect_line("ACK %d wrong" % tid)
wait_for(lambda: "task %d n=%d value=%d WRONG" % (tid, n, n * n + 1)
         in d.log(), what="the WRONG log line")


def answered_ok(i):
    return [r for r in results(resfile) if r["id"] == i and
            r["status"] == "ok"]


wait_for(lambda: answered_ok(tid), what="task %d redone" % tid)
check(answered_ok(tid)[0]["worker"] != nc.addr, "wrong worker redid it")
check(answered_ok(tid)[0]["value"] == n * n, "redone with a wrong value")

# A worker killed mid-task: its task goes to another worker.
code = ("import socket,sys,time\n"
        "s=socket.create_connection(('127.0.0.1',%d))\n"
        "f=s.makefile('rb')\n"
        "while True:\n"
        "    l=f.readline()\n"
        "    if l.startswith(b'TASK'):\n"
        "        print(l.decode().split()[1],flush=True)\n"
        "        time.sleep(60)\n" % d.port)
victim = subprocess.Popen([sys.executable, "-c", code],
                          stdout=subprocess.PIPE, text=True)
kid = int(victim.stdout.readline())
victim.send_signal(signal.SIGKILL)
victim.wait(10)
wait_for(lambda: "task %d: " % kid in d.log() and
         "left before answering" in d.log(), what="the victim's task freed")
wait_for(lambda: answered_ok(kid), what="task %d redone" % kid)

# A worker too slow: after --timeout the task is sent again; its late
# answer is recorded as late and not counted a second time.
slow = Worker(d.port)
sid, sn = slow.task()
wait_for(lambda: answered_ok(sid), timeout=6, what="slow task redone")
slow.send("RESULT %d %d" % (sid, sn * sn))
slow.expect_line("ACK %d late" % sid)
wait_for(lambda: [r for r in results(resfile) if r["id"] == sid and
                  r["status"] == "late"], what="the late record")
check(len(answered_ok(sid)) == 1, "task %d counted twice" % sid)
check("LATE, right, not counted" in d.log(), "no LATE log line")
slow.send("RESULT %d %d" % (sid, sn * sn))
slow.expect_line("ACK %d unknown" % sid)

# Every result in the file is checked: ok only when value == n*n.
for r in results(resfile):
    check((r["value"] == r["n"] ** 2) == r["correct"], "bad record %r" % r)
    check(r["status"] != "ok" or r["correct"], "trusted wrong %r" % r)
per_id = collections.Counter(r["id"] for r in results(resfile)
                             if r["status"] == "ok")
check(max(per_id.values()) == 1, "a task counted twice: %r" % per_id)

# exit ends a session politely; taskc --count exits by itself.
nc.send("exit")
nc.expect_line("BYE see you")
check(nc.wait_closed(5), "exit did not close the connection")
counted = start_taskc(d.port, "--quiet", "--count", "2")
try:
    check(counted.wait(8) == 0, "taskc --count 2 failed")
except subprocess.TimeoutExpired:
    fail("taskc --count 2 did not exit")

# Stats add up; SIGTERM exits 0 and prints them; the workers reconnect
# later (they are killed here).
s3 = stats(d)
check(s3["all"]["wrong"] >= 1 and s3["all"]["late"] >= 1, "totals %r" % s3)
rc = d.stop()
check(rc == 0, "taskd exited %d on SIGTERM" % rc)
check("taskd: 0 workers connected" in d.log(), "no exit stats")
print("ok")
