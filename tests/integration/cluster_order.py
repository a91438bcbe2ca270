"""Two cluster nodes on one redis-server: one order per room on both, no
duplicates, no second copy to the sender, unique names, presence, private
messages, and shared history for a node that starts later."""

import sys
import time

sys.path.insert(0, __import__("os").path.dirname(__file__))
from redislib import Redis, Node, fail, need_redis  # noqa: E402

N = 60

need_redis()
r = Redis()
a = Node(r.url, "A")
b = Node(r.url, "B")
a.ready()
b.ready()

a.send("claim ana")
a.wait(r"^CLAIMED\tana\t1$")
b.send("claim Ana")
b.wait(r"^CLAIMED\tAna\t0$")            # names are unique without case
b.send("claim bob")
b.wait(r"^CLAIMED\tbob\t1$")
a.send("join ana general")
b.send("join bob general")
for i in range(N):                       # both at once, interleaved
    a.send("say ana general a%d" % i)
    b.send("say bob general b%d" % i)

want = 2 + 2 * N
end = time.monotonic() + 20
while time.monotonic() < end:
    if len(a.events("general")) >= want and len(b.events("general")) >= want:
        break
    time.sleep(0.05)
ea, eb = a.events("general"), b.events("general")
if len(ea) != want or len(eb) != want:
    fail("A saw %d, B saw %d events, want %d each" % (len(ea), len(eb), want))

# One order: the same events in the same order on both nodes.
strip = [e[:6] for e in ea]
if strip != [e[:6] for e in eb]:
    fail("the nodes disagree on the order:\nA %s\nB %s" % (ea[:8], eb[:8]))
seqs = [e[0] for e in ea]
if seqs != list(range(1, want + 1)):
    fail("sequences are not 1..%d without gaps or repeats: %s" %
         (want, seqs[:20]))
# Each node's own events come back once, marked own, and only its own.
for node, evs in (("A", ea), ("B", eb)):
    for e in evs:
        if (e[2] == node) != (e[6] == 1):
            fail("%s: own flag wrong on %s" % (node, e))
texts = [e[5] for e in ea if e[1] == "msg"]
if sorted(texts) != sorted(["a%d" % i for i in range(N)] +
                           ["b%d" % i for i in range(N)]):
    fail("messages lost or repeated")
# Each sender's own messages keep their order.
for p in "ab":
    mine = [t for t in texts if t[0] == p]
    if mine != ["%s%d" % (p, i) for i in range(N)]:
        fail("%s's messages out of order: %s" % (p, mine[:10]))

# Presence across nodes, private messages, a nick change.
m = a.mark()
a.send("who general")
a.wait(r"^WHO\tgeneral\tbob@B$", start=m)
m = b.mark()
b.send("who general")
b.wait(r"^WHO\tgeneral\tana@A$", start=m)
a.send("priv ana bob psst")
a.wait(r"^SAID\tsent$")
b.wait(r"^PRIV\tana\tbob\tpsst$")
m = a.mark()
a.send("priv ana nobody hello")
a.wait(r"^SAID\tnosuch$", start=m)
b.send("claim bobby")
b.wait(r"^CLAIMED\tbobby\t1$")
b.send("nick bob bobby general")
a.wait(r"^EV\tgeneral\t\d+\tnick\tB\tbob\tbobby\t\t0$")
m = a.mark()
a.send("who general")
a.wait(r"^WHO\tgeneral\tbobby@B$", start=m)
# The old name is free again, on any node.
a.send("claim bob")
a.wait(r"^CLAIMED\tbob\t1$")

# A node that starts later gets the room's history, oldest first.
c = Node(r.url, "C", history=10)
c.ready()
c.wait(r"^HIST\tgeneral\t10$")
hist = [ln.split("\t")[2] for ln in c.lines() if ln.startswith("H\t")]
if hist != texts[-10:]:
    fail("history on C %s, want %s" % (hist, texts[-10:]))
m = c.mark()
c.send("who general")
c.wait(r"^WHO\tgeneral\tana@A\tbobby@B$", start=m)

for n in (a, b, c):
    if n.quit() != 0:
        fail("node %s exited %s: %s" % (n.name, n.proc.returncode, n.log()))
print("ok: %d events in one order on two nodes; presence, /msg, history"
      % want)
