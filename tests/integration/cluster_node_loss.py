"""A node killed (-9) or hung (SIGSTOP past the expiry): the other node
shows its people leaving ("node lost") and their names are free. A hung
node that resumes re-registers its people; one whose name was taken
meanwhile is reported lost; its own people never see themselves leave."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from redislib import Redis, Node, fail, need_redis  # noqa: E402

HB, EXPIRY = 200, 1000


def person(node, nick, room="general"):
    node.send("claim " + nick)
    node.wait(r"^CLAIMED\t%s\t1$" % nick)
    node.send("join %s %s" % (nick, room))


need_redis()
r = Redis()
a = Node(r.url, "A", heartbeat_ms=HB, expiry_ms=EXPIRY)
b = Node(r.url, "B", heartbeat_ms=HB, expiry_ms=EXPIRY)
a.ready()
b.ready()
person(a, "ana")
person(b, "bob")
a.wait(r"^EV\tgeneral\t\d+\tjoin\tB\tbob\t\t\t0$")

# kill -9: within the expiry and a beat or two, bob leaves, name free.
t0 = time.monotonic()
b.kill9()
a.wait(r"^EV\tgeneral\t\d+\tpart\tB\tbob\tnode lost\t\t0$",
       timeout=EXPIRY / 1000 * 5)
took = time.monotonic() - t0
if took > EXPIRY / 1000 * 4:
    fail("node loss noticed after %.1fs, expiry %dms" % (took, EXPIRY))
m = a.mark()
a.send("who general")
a.wait(r"^WHO\tgeneral$", start=m)
a.send("claim bob")
a.wait(r"^CLAIMED\tbob\t1$")
a.send("release bob")

# SIGSTOP past the expiry, then SIGCONT.
c = Node(r.url, "C", heartbeat_ms=HB, expiry_ms=EXPIRY)
c.ready()
person(c, "carol")
person(c, "dave")
a.wait(r"^EV\tgeneral\t\d+\tjoin\tC\tdave\t\t\t0$")
c.stop_sig()
a.wait(r"^EV\tgeneral\t\d+\tpart\tC\tcarol\tnode lost\t\t0$", timeout=6)
a.wait(r"^EV\tgeneral\t\d+\tpart\tC\tdave\tnode lost\t\t0$", timeout=6)
a.send("claim dave")                     # taken while C is away
a.wait(r"^CLAIMED\tdave\t1$")
a.send("join dave general")
m = a.mark()
c.cont()
c.wait(r"^LOST\tdave$")
a.wait(r"^EV\tgeneral\t\d+\tjoin\tC\tcarol\t\t\t0$", start=m)
c.ready()
m = a.mark()
a.send("who general")
a.wait(r"^WHO\tgeneral\tcarol@C$", start=m)
# C's own people never saw themselves leave or join again.
for e in c.events("general"):
    if e[2] == "C" and e[3] in ("carol", "dave") and \
            (e[1] == "part" or e[6] == 0):
        fail("C showed its own person's %s" % (e,))
# Nothing doubled on A: carol joined twice and left once, in that order.
kinds = [e[1] for e in a.events("general") if e[3] == "carol"]
if kinds != ["join", "part", "join"]:
    fail("carol on A: %s" % kinds)
c.send("say carol general back")
a.wait(r"^EV\tgeneral\t\d+\tmsg\tC\tcarol\t\tback\t0$")
# A node that stops cleanly takes its people with it at once.
d = Node(r.url, "D", heartbeat_ms=HB, expiry_ms=60000)
d.ready()
person(d, "erin")
a.wait(r"^EV\tgeneral\t\d+\tjoin\tD\terin\t\t\t0$")
t0 = time.monotonic()
d.send("leave")
a.wait(r"^EV\tgeneral\t\d+\tpart\tD\terin\tserver shutting down\t\t0$")
if time.monotonic() - t0 > 5:
    fail("a clean stop took the expiry, not a moment")
d.quit()
a.send("claim erin")
a.wait(r"^CLAIMED\terin\t1$")
for n in (a, c):
    if n.quit() != 0:
        fail("%s exited %s" % (n.name, n.proc.returncode))
print("ok: kill -9 noticed in %.1fs (expiry %dms); SIGSTOP/SIGCONT "
      "re-registered, a taken name reported" % (took, EXPIRY))
