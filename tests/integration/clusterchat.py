"""Helpers for tests of tcpchatd nodes joined by --redis: start a private
redis-server and two or more real tcpchatd nodes, and read what text (nc)
and structured clients see as plain tuples, to compare across nodes.

    from clusterchat import cluster, parse, seen
    r, a, b = cluster(2)          # Redis, node A, node B (--node A, B)
    ev = parse(line, st)          # ("msg", nick, text) / ("join", nick) ...
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chatlib import Client, Timeout, fail, start_server  # noqa: E402
import redislib  # noqa: E402

STAMP = r"\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\]"
TEXT = [
    (re.compile(STAMP + r"\[([^\]]+)\]:(.*)"), "msg"),
    (re.compile(STAMP + r" \* (\S+) (.*)"), "me"),
    (re.compile(r"(\S+) has joined our chat\.\.\."), "join"),
    (re.compile(r"(\S+) has left our chat\.\.\.(?: \(.*\))?"), "part"),
    (re.compile(r"(\S+) has moved to #\S+"), "part"),
    (re.compile(r"(\S+) is now known as (\S+)"), "nick"),
]
PROMPT = re.compile("^" + STAMP + r"\[([^\]]+)\]:")


def need():
    """Skip (77) without redis-server."""
    if redislib.redis_server() is None:
        print("SKIP: redis-server not found (scripts/deps.sh installs it)",
              flush=True)
        sys.exit(77)


def node(url, name, *args, expiry="2"):
    """A tcpchatd node on port 0."""
    return start_server("--redis", url, "--node", name, "--cluster-expiry",
                        expiry, "--line-rate", "0", *args)


def cluster(n=2, aof=False, args=()):
    need()
    r = redislib.Redis(aof=aof)
    nodes = [node(r.url, chr(ord("A") + i), *args) for i in range(n)]
    return (r, *nodes)


def parse(line, st):
    """A room event as a tuple, or None for anything else."""
    if st:
        f = line.split("\t")
        k = f[0]
        if k in ("MSG", "ME") and len(f) >= 5:
            return (k.lower(), f[3], "\t".join(f[4:]))
        if k == "JOIN" and len(f) >= 4:
            return ("join", f[3])
        if k == "PART" and len(f) >= 4:
            return ("part", f[3])
        if k == "NICK" and len(f) >= 4:
            return ("nick", f[2], f[3])
        return None
    for pat, kind in TEXT:
        m = pat.fullmatch(line)
        if m:
            return (kind,) + m.groups()
    return None


class Seen:
    """Everything one client was shown, parsed, in order."""

    def __init__(self, client, st):
        self.c = client
        self.st = st
        self.all = []
        self.raw = []
        self.own = {getattr(client, "nick", None)}

    def pump(self, timeout=0.2):
        for line in self.c.lines(timeout):
            if not self.st:
                # A text client's own prompt ("[time][nick]:") may stand
                # before a line: it never sees its own messages.
                while True:
                    m = PROMPT.match(line)
                    if not m or m.group(1) not in self.own:
                        break
                    line = line[m.end():]
                if line == "":
                    continue
            self.raw.append(line)
            ev = parse(line, self.st)
            if ev is not None:
                self.all.append(ev)

    def wait(self, ev, timeout=10):
        end = time.monotonic() + timeout
        while ev not in self.all:
            if time.monotonic() > end:
                raise Timeout("waited for %r; saw %r" % (ev, self.raw[-30:]))
            self.pump(0.1)

    def wait_raw(self, pat, timeout=10):
        pat = re.compile(pat)
        end = time.monotonic() + timeout
        while not any(pat.search(x) for x in self.raw):
            if time.monotonic() > end:
                raise Timeout("waited for %s; saw %r" % (pat.pattern,
                                                          self.raw[-30:]))
            self.pump(0.1)


def text_client(port, nick, timeout=10):
    c = Client(port, timeout=timeout)
    c.join(nick, timeout)
    return Seen(c, False)


def struct_client(port, nick, timeout=10):
    c = Client(port, timeout=timeout)
    evs = c.hello(nick, timeout)
    if evs and evs[-1][0] == "ERR":
        fail("hello %s: %r" % (nick, evs))
    s = Seen(c, True)
    s.hello = evs
    return s


__all__ = ["cluster", "node", "parse", "Seen", "text_client",
           "struct_client", "need", "fail", "Timeout", "Client"]


if __name__ == "__main__":
    # Run as a test by tests/run.sh: the helper itself works end to end.
    from chatlib import check, run

    def _smoke():
        r, a, b = cluster(2)
        x = text_client(a.port, "smoke1")
        y = struct_client(b.port, "smoke2")
        x.wait(("join", "smoke2"))
        x.c.send("across")
        y.wait(("msg", "smoke1", "across"))
        check(a.stop() == 0 and b.stop() == 0, "nodes exit 0")
        r.stop()
    run(_smoke)
