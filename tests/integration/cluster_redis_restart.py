"""Redis killed (-9) and started again on the same port, without and with
persistence: both nodes reconnect with backoff, what was said meanwhile
reaches the other node once and in order, nothing is shown twice; without
persistence the nodes notice the lost history (RESET) once; with AOF the
sequence simply goes on. A node whose outage buffer is full says so."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from redislib import Redis, Node, fail, need_redis  # noqa: E402


def settle(nodes, room, count, timeout=20):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if all(len(n.events(room)) >= count for n in nodes):
            return
        time.sleep(0.05)
    fail("events in %s: %s, want %d" % (room, [len(n.events(room))
                                                for n in nodes], count))


def not_ready(node, timeout=10):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        m = node.mark()
        node.send("ready")
        if node.wait(r"^READY\t", start=m).group(0) and \
                "READY\t0" in node.lines()[m:]:
            return
        time.sleep(0.05)
    fail("node %s did not notice Redis was gone" % node.name)


def run(aof):
    r = Redis(aof=aof)
    a = Node(r.url, "A", buffer_max=5)
    b = Node(r.url, "B")
    a.ready()
    b.ready()
    for n, who in ((a, "ana"), (b, "bob")):
        n.send("claim " + who)
        n.wait(r"^CLAIMED\t%s\t1$" % who)
        n.send("join %s general" % who)
    for i in range(3):
        a.send("say ana general before%d" % i)
    settle([a, b], "general", 5)
    last = b.events("general")[-1][0]

    r.kill9()
    not_ready(a)
    not_ready(b)
    m = a.mark()
    for i in range(8):                   # 5 fit the buffer, 3 do not
        a.send("say ana general during%d" % i)
    a.wait(r"^NOTICE\t.*messages wait", start=m)
    said = [ln.split("\t")[1] for ln in a.lines()[m:]
            if ln.startswith("SAID")]
    end = time.monotonic() + 5
    while len(said) < 8 and time.monotonic() < end:
        time.sleep(0.05)
        said = [ln.split("\t")[1] for ln in a.lines()[m:]
                if ln.startswith("SAID")]
    if said != ["held"] * 5 + ["dropped"] * 3:
        fail("during the outage: %s" % said)
    time.sleep(0.5)                      # a few failed reconnects
    r.start()
    a.ready(timeout=20)
    b.ready(timeout=20)
    a.wait(r"^NOTICE\t3 messages said while the link .* not relayed")
    if aof:
        if any(ln == "RESET" for n in (a, b) for ln in n.lines()):
            fail("a reset with AOF: the epoch should have survived")
        settle([b], "general", 5 + 5)
        evs = b.events("general")
        if [e[0] for e in evs] != list(range(1, last + 6)):
            fail("sequence did not go on after the restart: %s" %
                 [e[0] for e in evs])
    else:
        for n in (a, b):
            n.wait(r"^RESET$")
            if sum(ln == "RESET" for ln in n.lines()) != 1:
                fail("%s was told of the reset more than once" % n.name)
        # After the reset the log starts again at 1: A's people re-join
        # (B sees that), then the held messages.
        b.wait(r"^EV\tgeneral\t\d+\tmsg\tA\tana\t\tduring4\t0$")
    texts = [e[5] for e in b.events("general") if e[1] == "msg"]
    want = ["before%d" % i for i in range(3)] + \
        ["during%d" % i for i in range(5)]
    if texts != want:
        fail("B saw %s, want %s" % (texts, want))
    # A showed its held messages itself; they do not come back to it.
    mine = [e[5] for e in a.events("general") if e[1] == "msg"]
    if mine != ["before%d" % i for i in range(3)]:
        fail("A was given its own held messages again: %s" % mine)
    # And the chat goes on.
    b.send("say bob general after")
    a.wait(r"^EV\tgeneral\t\d+\tmsg\tB\tbob\t\tafter\t0$")
    if aof:
        c = Node(r.url, "C", history=20)
        c.ready()
        c.wait(r"^HIST\tgeneral\t9$")
    for n in (a, b):
        if n.quit() != 0:
            fail("%s exited %s" % (n.name, n.proc.returncode))
    r.stop()
    print("ok: redis restart %s AOF" % ("with" if aof else "without"))


def burst(delay):
    """Redis killed in the middle of a burst (with AOF, fsync always):
    what was sent and not answered may or may not have been applied; each
    message still reaches B exactly once, in A's order."""
    r = Redis(aof=True)
    a = Node(r.url, "A", buffer_max=10000)
    b = Node(r.url, "B")
    a.ready()
    b.ready()
    a.send("claim ana")
    a.wait(r"^CLAIMED\tana\t1$")
    a.send("join ana general")
    b.wait(r"^EV\tgeneral\t1\tjoin\tA\tana")
    n = 2000
    a.proc.stdin.write("".join("say ana general m%d\n" % i
                               for i in range(n)).encode())
    a.proc.stdin.flush()
    time.sleep(delay)
    r.kill9()
    time.sleep(0.3)
    r.start()
    # Both ends: A may still be filling (or re-sending) when B has all.
    end = time.monotonic() + 30
    while time.monotonic() < end:
        got = [e[5] for e in b.events("general") if e[1] == "msg"]
        mine = [e[5] for e in a.events("general") if e[1] == "msg"]
        held = sum(ln == "SAID\theld" for ln in a.lines())
        if len(got) >= n and len(mine) + held >= n:
            break
        time.sleep(0.1)
    got = [e[5] for e in b.events("general") if e[1] == "msg"]
    if got != ["m%d" % i for i in range(n)]:
        dup = len(got) - len(set(got))
        fail("B got %d messages (%d repeated), want %d in order; first "
             "wrong at %s\nA:\n%s\nB:\n%s" % (len(got), dup, n, next(
                 (i for i, t in enumerate(got) if t != "m%d" % i), None),
                 a.log(), b.log()))
    # A sees each of its messages at most once: sent ones come back once,
    # held ones it showed itself.
    mine = [e[5] for e in a.events("general") if e[1] == "msg"]
    if len(mine) != len(set(mine)):
        fail("A was shown one of its messages twice")
    held = sum(ln == "SAID\theld" for ln in a.lines())
    if len(mine) + held != n:
        fail("A: %d came back + %d held != %d said" % (len(mine), held, n))
    for x in (a, b):
        x.quit()
    r.stop()
    print("ok: redis -9 %gs into a burst: %d messages once each (%d came "
          "back to A, %d held)" % (delay, n, len(mine), held))


need_redis()
run(aof=False)
run(aof=True)
for d in (0, 0.01, 0.03):     # before, during, after Redis took them
    burst(d)
