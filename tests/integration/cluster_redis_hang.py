"""Redis hangs (SIGSTOP): the connections stay open but nothing answers.
The nodes' own PING deadline (hiredis 0.14 has none) drops them, people
keep chatting locally (held), and after SIGCONT everything said meanwhile
reaches the other node once."""

import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from redislib import Redis, Node, fail, need_redis  # noqa: E402

need_redis()
r = Redis()
env = dict(timeout_ms=500, heartbeat_ms=200, expiry_ms=5000)
a = Node(r.url, "A", **env)
b = Node(r.url, "B", **env)
a.ready()
b.ready()
a.send("claim ana")
a.wait(r"^CLAIMED\tana\t1$")
a.send("join ana general")
b.wait(r"^EV\tgeneral\t1\tjoin\tA\tana\t\t\t0$")

os.kill(r.pid, signal.SIGSTOP)
try:
    end = time.monotonic() + 10
    while "PING unanswered" not in a.log() and time.monotonic() < end:
        time.sleep(0.05)
    if "PING unanswered" not in a.log():
        fail("no PING deadline in A's log:\n" + a.log())
    m = a.mark()
    a.send("say ana general while-hung")
    a.wait(r"^SAID\theld$", start=m)
    time.sleep(0.5)
finally:
    os.kill(r.pid, signal.SIGCONT)
b.wait(r"^EV\tgeneral\t\d+\tmsg\tA\tana\t\twhile-hung\t0$", timeout=20)
time.sleep(0.5)
n = sum(e[5] == "while-hung" for e in b.events("general"))
if n != 1:
    fail("B saw the held message %d times" % n)
if any(e[5] == "while-hung" for e in a.events("general")):
    fail("A was given its own held message back")
for x in (a, b):
    if x.quit() != 0:
        fail("%s exited %s" % (x.name, x.proc.returncode))
print("ok: a hung Redis is dropped by the PING deadline; held text "
      "relayed once after SIGCONT")
