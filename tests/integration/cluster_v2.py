#!/usr/bin/env python3
"""Protocol version 2 on cluster nodes (--redis): a v2 client on node A
is in several rooms at once, and text and v2 clients on node B in either
room see its messages, joins, parts and renames exactly once; /who ROOM
and /rooms count across nodes, also for a room no one on this node is
in; a v2 client that closes leaves each of its rooms once; kill -9 of
node A makes each of its rooms see one PART on node B, and frees the
names, also of a v2 client in no room."""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chatlib import Client, check, run  # noqa: E402
from clusterchat import Seen, cluster, text_client  # noqa: E402


def v2_client(port, nick):
    c = Client(port, timeout=10)
    ev = c.hello(nick, version=2)
    check(ev[0][:2] == ["WELCOME", nick], "WELCOME %s: %r" % (nick, ev))
    s = Seen(c, True)
    s.hello = ev
    return s


def settle(*seen):
    """Let late repeats arrive before counting."""
    end = time.monotonic() + 0.8
    while time.monotonic() < end:
        for s in seen:
            s.pump(0.05)


def count(s, ev):
    return sum(1 for x in s.all if x == ev)


def lines(s, pat):
    pat = re.compile(pat)
    return [x for x in s.raw if pat.fullmatch(x)]


def users(s, room):
    s.pump(0.05)
    s.raw = [x for x in s.raw if not x.startswith(("USERS", "ERR"))]
    s.c.send("/who " + room)
    end = time.monotonic() + 10
    while True:
        for x in s.raw:
            f = x.split("\t")
            if f[0] in ("USERS", "ERR"):
                s.raw.remove(x)
                return f
        check(time.monotonic() < end, "no answer to /who %s" % room)
        s.pump(0.1)


def rooms(s):
    s.pump(0.05)
    s.raw = [x for x in s.raw if not x.startswith("ROOMS")]
    s.c.send("/rooms")
    end = time.monotonic() + 10
    while True:
        for x in s.raw:
            f = x.split("\t")
            if f[0] == "ROOMS":
                s.raw.remove(x)
                return dict(r.rsplit(":", 1) for r in f[1:])
        check(time.monotonic() < end, "no ROOMS")
        s.pump(0.1)


def main():
    r, a, b = cluster(2)
    wes = text_client(b.port, "wes")           # general, on node B
    tia = text_client(b.port, "tia")           # side, on node B
    tia.c.send("/join side")
    tia.wait_raw(r"You are now in side\.")
    uma = v2_client(b.port, "uma")             # general and side, on B
    uma.c.send("/join side")
    uma.wait_raw(r"JOIN\t\d+\tside\tuma")

    # vic on node A: general, then side too, with no move.
    vic = v2_client(a.port, "vic")
    check(vic.hello[0] == ["WELCOME", "vic", "general"], "%r" % vic.hello)
    check(vic.hello[-1][0] == "USERS" and sorted(vic.hello[-1][2:]) ==
          ["uma", "vic", "wes"], "USERS counts node B: %r" % vic.hello[-1])
    vic.c.send("/join side")
    vic.wait_raw(r"JOIN\t\d+\tside\tvic")
    vic.wait_raw(r"USERS\tside\t.*")
    u = [x for x in vic.raw if x.startswith("USERS\tside")][0].split("\t")
    check(sorted(u[2:]) == ["tia", "uma", "vic"], "USERS side: %r" % u)
    check(not any(x.startswith("ERR") or x.startswith("PART")
                  for x in vic.raw), "no ERR, no PART: %r" % vic.raw)
    wes.wait(("join", "vic"))
    tia.wait(("join", "vic"))
    uma.wait_raw(r"JOIN\t\d+\tside\tvic")
    settle(wes, tia, uma)
    check(count(wes, ("join", "vic")) == 1, "wes: one join %r" % wes.raw)
    check(count(tia, ("join", "vic")) == 1, "tia: one join %r" % tia.raw)
    check(not any("vic has moved" in x for x in wes.raw + tia.raw),
          "no move on B: %r" % (wes.raw + tia.raw))
    check(len(lines(uma, r"JOIN\t\d+\tgeneral\tvic")) == 1 and
          len(lines(uma, r"JOIN\t\d+\tside\tvic")) == 1, "uma: one JOIN "
          "per room: %r" % uma.raw)

    # Both rooms hear vic, each once; B's v2 client in both, once each.
    vic.c.send("/say #general in general")
    vic.c.send("/me #side waves in side")
    wes.wait(("msg", "vic", "in general"))
    tia.wait(("me", "vic", "waves in side"))
    uma.wait_raw(r"ME\t\d+\tside\tvic\twaves in side")
    settle(wes, tia, uma)
    check(count(wes, ("msg", "vic", "in general")) == 1 and
          not any("waves" in x for x in wes.raw), "wes: %r" % wes.raw)
    check(count(tia, ("me", "vic", "waves in side")) == 1 and
          not any("in general" in x for x in tia.raw), "tia: %r" % tia.raw)
    check(len(lines(uma, r"MSG\t\d+\tgeneral\tvic\tin general")) == 1 and
          len(lines(uma, r"ME\t\d+\tside\tvic\twaves in side")) == 1,
          "uma: %r" % uma.raw)

    # /who and /rooms count every node, each person once per room.
    f = users(uma, "#side")
    check(sorted(f[2:]) == ["tia", "uma", "vic"], "/who side on B: %r" % f)
    f = users(vic, "general")
    check(sorted(f[2:]) == ["uma", "vic", "wes"], "/who general on A: %r" %
          f)
    for s in (vic, uma):
        rs = rooms(s)
        check(rs.get("general") == "3" and rs.get("side") == "3",
              "/rooms: %r" % rs)
    # A room with no one on this node in it: /who on B still answers.
    vic.c.send("/join far")
    vic.wait_raw(r"JOIN\t\d+\tfar\tvic")
    end = time.monotonic() + 10
    while True:
        f = users(uma, "far")
        if f[0] == "USERS" or time.monotonic() > end:
            break
        time.sleep(0.1)
    check(f == ["USERS", "far", "vic"], "/who far on B: %r" % f)
    rs = rooms(uma)
    check(rs.get("far") == "1", "/rooms on B counts far: %r" % rs)

    # /part leaves one room only.
    vic.c.send("/part far bye")
    vic.wait_raw(r"PART\t\d+\tfar\tvic\tpart: bye")
    end = time.monotonic() + 10
    while users(uma, "far")[0] != "ERR":
        check(time.monotonic() < end, "far still listed on B")
        time.sleep(0.1)
    vic.c.send("/part general later")
    wes.wait_raw(re.escape("vic has left our chat... (later)"))
    uma.wait_raw(r"PART\t\d+\tgeneral\tvic\tpart: later")
    vic.c.send("/say #side still here")
    tia.wait(("msg", "vic", "still here"))
    check(sorted(users(uma, "general")[2:]) == ["uma", "wes"],
          "vic left general only")
    vic.c.send("/join general")
    wes.wait(("join", "vic"))

    # A rename: said once, seen once by each, in every room.
    vic.c.send("/nick vix")
    check(vic.c.event("NICK")[2:4] == ["vic", "vix"], "own NICK")
    wes.wait(("nick", "vic", "vix"))
    tia.wait(("nick", "vic", "vix"))
    uma.wait(("nick", "vic", "vix"))
    settle(wes, tia, uma, vic)
    for s in (wes, tia, uma):
        check(count(s, ("nick", "vic", "vix")) == 1, "one NICK: %r" %
              s.raw)
    check(count(vic, ("nick", "vic", "vix")) == 0, "own NICK once: %r" %
          vic.raw)
    f = users(uma, "side")
    check(sorted(f[2:]) == ["tia", "uma", "vix"], "renamed in side: %r" % f)
    f = users(uma, "general")
    check(sorted(f[2:]) == ["uma", "vix", "wes"], "renamed in general: %r" %
          f)
    x = Client(b.port, timeout=10)
    check(x.hello("vic", version=2)[0][0] == "WELCOME", "old name free")
    x.close()
    y = Client(b.port, timeout=10)
    check(y.hello("vix")[-1][:2] == ["ERR", "nametaken"], "vix is held")
    y.close()

    # A v2 client on A in no room keeps its name, until A is lost.
    zed = v2_client(a.port, "zed")
    wes.wait(("join", "zed"))
    zed.c.send("/part general")
    wes.wait(("part", "zed"))
    z = Client(b.port, timeout=10)
    check(z.hello("zed")[-1][:2] == ["ERR", "nametaken"], "zed is held")
    z.close()

    # kill -9 of A: one PART per room on B, and the names are free.
    a.kill9()
    wes.wait(("part", "vix"), timeout=20)
    tia.wait(("part", "vix"), timeout=20)
    uma.wait_raw(r"PART\t\d+\tside\tvix\t.*", timeout=20)
    uma.wait_raw(r"PART\t\d+\tgeneral\tvix\t.*", timeout=20)
    settle(wes, tia, uma)
    check(count(wes, ("part", "vix")) == 1, "wes: one PART %r" % wes.raw)
    check(count(tia, ("part", "vix")) == 1, "tia: one PART %r" % tia.raw)
    check(len(lines(uma, r"PART\t\d+\tside\tvix\t.*")) == 1 and
          len(lines(uma, r"PART\t\d+\tgeneral\tvix\t.*")) == 1,
          "uma: one PART per room: %r" % uma.raw)
    rs = rooms(uma)
    check(rs.get("general") == "2" and rs.get("side") == "2", "/rooms "
          "after the loss: %r" % rs)
    v = Client(b.port, timeout=10)
    check(v.hello("vix", version=2)[0][0] == "WELCOME", "vix free")
    v.close()
    z = Client(b.port, timeout=10)
    check(z.hello("zed", version=2)[0][0] == "WELCOME", "zed free")
    z.close()

    # A v2 client that closes leaves each of its rooms once.
    n = count(wes, ("part", "uma")), count(tia, ("part", "uma"))
    uma.c.close()
    wes.wait(("part", "uma"))
    tia.wait(("part", "uma"))
    settle(wes, tia)
    check((count(wes, ("part", "uma")), count(tia, ("part", "uma"))) ==
          (n[0] + 1, n[1] + 1), "one PART per room on close")
    wes.c.close()
    tia.c.close()
    check(b.stop() == 0, "node B exits 0")
    print("cluster_v2: several rooms per person across nodes, each event "
          "once")


run(main)
