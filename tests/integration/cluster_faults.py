#!/usr/bin/env python3
"""Faults of a two-node chat, with real tcpchatd nodes and a real
redis-server: a node killed -9 (its people leave, "node lost", within the
expiry and their names are free), a node stopped and continued, Redis
killed -9 and restarted with and without AOF (nothing accepted lost,
nothing twice, "history was reset" once without AOF), Redis unreachable at
start (said, retried), a wrong URL and a refused AUTH (exit 78)."""

import os
import re
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chatlib import BIN, Client, check, run, start_server  # noqa: E402
from clusterchat import (cluster, need, node, struct_client,  # noqa: E402
                         text_client)
import redislib  # noqa: E402

EXPIRY = 2


def node_kill():
    r, a, b = cluster(2)
    bob = struct_client(b.port, "bob")
    ana = text_client(a.port, "ana")
    bob.wait(("join", "ana"))
    bob.all.clear()
    t0 = time.monotonic()
    a.kill9()
    bob.wait_raw(r"^PART\t\d+\tgeneral\tana\tnode lost$", EXPIRY + 6)
    took = time.monotonic() - t0
    check(took < EXPIRY + 5, "node lost after %.1fs" % took)
    again = text_client(b.port, "ana")
    bob.wait(("join", "ana"))
    print("node -9: its people left (node lost) after %.1fs, names free"
          % took)
    again.c.close()
    ana.c.close()
    b.stop()
    r.stop()


def node_stop():
    r, a, b = cluster(2)
    bob = struct_client(b.port, "bob")
    ana = text_client(a.port, "ana")
    bob.wait(("join", "ana"))
    bob.all.clear()
    os.kill(a.proc.pid, signal.SIGSTOP)
    try:
        bob.wait_raw(r"^PART\t\d+\tgeneral\tana\tnode lost$", EXPIRY + 6)
    finally:
        os.kill(a.proc.pid, signal.SIGCONT)
    # Back: its people are there again, and what they say arrives once.
    bob.wait(("join", "ana"), 15)
    ana.c.send("back again")
    bob.wait(("msg", "ana", "back again"), 10)
    bob.c.send("welcome back")
    ana.wait(("msg", "bob", "welcome back"), 10)
    bob.pump(0.5)
    n = bob.all.count(("msg", "ana", "back again"))
    check(n == 1, "shown %d times" % n)
    print("node SIGSTOP past the expiry: its people left, came back on "
          "SIGCONT, talk resumed once")
    a.stop()
    b.stop()
    r.stop()


def redis_restart(aof):
    r, a, b = cluster(2, aof=aof)
    bob = struct_client(b.port, "bob")
    ana = text_client(a.port, "ana")
    cat = struct_client(a.port, "cat")
    bob.wait(("join", "cat"))
    for i in range(5):
        cat.c.send("before%d" % i)
    bob.wait(("msg", "cat", "before4"))
    r.kill9()
    time.sleep(0.3)
    for i in range(5):
        cat.c.send("during%d" % i)
    # Held: shown on its own node at once.
    ana.wait(("msg", "cat", "during4"), 5)
    r.start()
    bob.wait(("msg", "cat", "during4"), 20)
    for i in range(5):
        cat.c.send("after%d" % i)
    bob.wait(("msg", "cat", "after4"), 10)
    ana.wait(("msg", "cat", "after4"), 10)
    for s in (ana, bob, cat):
        s.pump(1.0)
    for s in (ana, bob, cat):
        msgs = [e for e in s.all if e[0] == "msg" and e[1] == "cat"]
        want = [("msg", "cat", "%s%d" % (w, i))
                for w in ("before", "during", "after") for i in range(5)]
        check(msgs == want, "%s saw %r" % (s.c.nick, msgs))
        resets = sum(1 for x in s.raw if "history was reset" in x)
        check(resets == (0 if aof else 1),
              "%s: %d resets (aof %s)" % (s.c.nick, resets, aof))
    print("redis -9 and back, %s AOF: 15 lines once each on both nodes, "
          "%d 'history was reset'" % ("with" if aof else "without",
                                       0 if aof else 1))
    a.stop()
    b.stop()
    r.stop()


def unreachable():
    r = redislib.Redis()
    r.stop()
    a = node(r.url, "A")
    pat = re.compile(r"(?im)^.*redis.*(refused|unreachable|connect).*$")
    end = time.monotonic() + 8
    while not pat.search(a.log()) and time.monotonic() < end:
        time.sleep(0.1)
    m = pat.search(a.log())
    check(m is not None, "nothing said about Redis: %r" % a.log())
    r.start()
    b = node(r.url, "B")
    ana = text_client(a.port, "ana")
    bob = text_client(b.port, "bob")
    ana.c.send("made it")
    bob.wait(("msg", "ana", "made it"), 20)
    print("redis unreachable at start: said %r, retried, joined" %
          m.group(0)[:100])
    a.stop()
    b.stop()
    r.stop()


def exits():
    r = redislib.Redis()
    for url, what in (("http://127.0.0.1:1", "wrong URL"),
                      ("redis://:wrong@127.0.0.1:%d" % r.port,
                       "refused AUTH")):
        if what == "refused AUTH":
            r.cmd("CONFIG", "SET", "requirepass", "right")
        p = subprocess.run([os.path.join(BIN, "tcpchatd"), "-p", "0",
                            "--redis", url, "--node", "A"],
                           stdin=subprocess.DEVNULL, capture_output=True,
                           text=True, timeout=20)
        check(p.returncode == 78, "%s: exit %d: %r" % (what, p.returncode,
                                                       p.stderr))
        print("%s: exit 78: %s" % (what, p.stderr.strip().splitlines()[-1]))
    # The options: in --help, and a bad expiry is a usage error.
    h = subprocess.run([os.path.join(BIN, "tcpchatd"), "--help"],
                       capture_output=True, text=True, timeout=10).stdout
    for opt in ("--redis URL", "--node NAME", "--cluster-expiry SECS"):
        check(opt in h, "--help lacks %s" % opt)
    p = subprocess.run([os.path.join(BIN, "tcpchatd"), "-p", "0",
                        "--redis", r.url, "--cluster-expiry", "1"],
                       capture_output=True, text=True, timeout=10)
    check(p.returncode == 64, "--cluster-expiry 1: exit %d" % p.returncode)
    r.stop()


def with_log():
    """A node's --log is still written, and its reload does not double
    the shared history."""
    r = redislib.Redis()
    d = tempfile.mkdtemp(prefix="tcpchat-clog-")
    log = os.path.join(d, "chat.log")
    a = node(r.url, "A", "--log", log)
    b = node(r.url, "B")
    ana = text_client(a.port, "ana")
    for i in range(3):
        ana.c.send("kept%d" % i)
    bob = struct_client(b.port, "bob")
    check(a.stop() == 0, "node A exit")
    with open(log) as f:
        text = f.read()
    check(all(("kept%d" % i) in text for i in range(3)), "log: %r" % text)
    a = node(r.url, "A", "--log", log)
    h = Client(a.port, timeout=10)
    hist = [f[4] for f in h.hello("h") if f[0] == "HIST"]
    check(hist == ["kept0", "kept1", "kept2"], "history %r" % hist)
    print("--log beside --redis: written, and the history once: %r" % hist)
    h.close()
    bob.c.close()
    a.stop()
    b.stop()
    r.stop()
    for f in os.listdir(d):
        os.unlink(os.path.join(d, f))
    os.rmdir(d)


def main():
    need()
    with_log()
    node_kill()
    node_stop()
    redis_restart(True)
    redis_restart(False)
    unreachable()
    exits()


run(main)
