"""Only the subscribed connections are cut (CLIENT KILL TYPE pubsub) while
a node keeps saying things: the other node misses the pushes, notices when
it subscribes again, and fills the gap from the room's log: everything
arrives once, in order."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from redislib import Redis, Node, fail, need_redis  # noqa: E402

need_redis()
r = Redis()
a = Node(r.url, "A")
b = Node(r.url, "B")
a.ready()
b.ready()
a.send("claim ana")
a.wait(r"^CLAIMED\tana\t1$")
a.send("join ana general")
b.wait(r"^EV\tgeneral\t1\tjoin\tA\tana\t\t\t0$")
n = 300
for i in range(n):
    if i in (50, 150):
        end = time.monotonic() + 10     # both subscribed (again)
        while r.cmd("CLIENT", "LIST", "TYPE", "pubsub").count("\n") < 2:
            if time.monotonic() > end:
                fail("the nodes did not subscribe again")
            time.sleep(0.02)
        if r.cmd("CLIENT", "KILL", "TYPE", "pubsub") != 2:
            fail("did not cut both subscriptions")
    a.send("say ana general m%d" % i)
    if i % 25 == 0:
        time.sleep(0.02)
end = time.monotonic() + 20
while time.monotonic() < end:
    got = [e[5] for e in b.events("general") if e[1] == "msg"]
    if len(got) >= n:
        break
    time.sleep(0.05)
got = [e[5] for e in b.events("general") if e[1] == "msg"]
if got != ["m%d" % i for i in range(n)]:
    fail("B got %d (%d distinct), want %d in order" % (len(got),
                                                       len(set(got)), n))
seqs = [e[0] for e in b.events("general")]
if seqs != list(range(1, n + 2)):
    fail("B's sequences have gaps or repeats")
if "connection lost" not in b.log():
    fail("B's log does not show the lost subscription:\n" + b.log())
for x in (a, b):
    if x.quit() != 0:
        fail("%s exited %s" % (x.name, x.proc.returncode))
print("ok: subscriptions cut twice mid-stream; %d messages once, in order"
      % n)
