#!/usr/bin/env python3
"""Two real tcpchatd nodes on one real redis-server, nc-style and
structured clients on each: one order for every room event on both nodes,
names unique across nodes (today's refusal text), /who and /rooms count
everyone, /msg across nodes, the same shared history for a newcomer on
either node, and nothing shown twice to its own sender."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chatlib import Client, check, run  # noqa: E402
from clusterchat import cluster, struct_client, text_client  # noqa: E402


def main():
    r, a, b = cluster(2)
    ana = text_client(a.port, "ana")
    cat = struct_client(a.port, "cat")
    bob = text_client(b.port, "bob")
    dan = struct_client(b.port, "dan")
    everyone = [ana, cat, bob, dan]
    # A structured joiner's USERS lists every node's people, once.
    users = dan.hello[-1]
    check(users[0] == "USERS" and sorted(users[2:]) ==
          ["ana", "bob", "cat", "dan"], "USERS on B: %r" % users)
    check(sum(1 for f in dan.hello if f[0] == "USERS") == 1,
          "USERS twice: %r" % dan.hello)
    for s in everyone:
        s.wait(("join", "dan"), 10) if s is not dan else None

    # A name is the cluster's: taken on the other node, today's words.
    x = Client(b.port, timeout=10)
    x.read_until("[ENTER YOUR NAME]:")
    x.send("ana")
    x.expect_line("the name ana is taken, try another", 10)
    y = Client(a.port, timeout=10)
    check(y.hello("dan")[-1][:2] == ["ERR", "nametaken"],
          "structured refusal across nodes")
    y.close()

    # A burst from all four at once, plus joins, a part, a rename, a /me.
    for i in range(20):
        ana.c.send("a%d" % i)
        bob.c.send("b%d" % i)
        cat.c.send("c%d" % i)
        dan.c.send("d%d" % i)
        if i == 5:
            bob.c.send("/me waves")
        if i == 8:
            ana.c.send("/nick anna")
            ana.own.add("anna")
        if i == 12:
            eve = text_client(a.port, "eve")
            fay = text_client(b.port, "fay")
        if i == 15:
            fay.c.send("/join side")
            eve.c.send("/quit")
    for s in everyone:
        for w in ("a19", "b19", "c19", "d19"):
            who = {"a": "anna", "b": "bob", "c": "cat", "d": "dan"}[w[0]]
            if (s is ana and who == "anna") or (s is bob and who == "bob"):
                continue
            s.wait(("msg", who, w), 15)
    for s in everyone:
        s.wait(("part", "eve"), 10)
        s.wait(("part", "fay"), 10)
        s.pump(0.3)

    own = {ana: ("ana", "anna"), bob: ("bob",), cat: ("cat",),
           dan: ("dan",)}
    # Text clients never see their own lines; structured ones once each.
    for s in (ana, bob):
        mine = [e for e in s.all if e[0] == "msg" and e[1] in own[s]]
        check(mine == [], "%s saw its own lines: %r" % (own[s], mine))
    for s in (cat, dan):
        mine = [e for e in s.all if e[0] == "msg" and e[1] in own[s]]
        check(len(mine) == 20 and len(set(mine)) == 20,
              "%s: own lines %d, not 20 once each" % (own[s], len(mine)))
    # One order: what two clients both saw, they saw in the same order
    # (from the moment the last of the four, dan, was in).
    # A join of one of the four that Redis hands back after dan is in
    # reaches dan but lies before dan's own join for the others: the
    # four's joins are left out of the comparison (their order against
    # dan's own join is not something dan can see).
    four = {"ana", "bob", "cat", "dan"}
    for s in (ana, cat, bob):
        s.all = s.all[s.all.index(("join", "dan")) + 1:]
    for i, s in enumerate(everyone):
        for t in everyone[i + 1:]:
            skip = set(own[s]) | set(own[t])
            fs = [e for e in s.all if e[1] not in skip and
                  not (e[0] == "join" and e[1] in four)]
            ft = [e for e in t.all if e[1] not in skip and
                  not (e[0] == "join" and e[1] in four)]
            check(fs == ft, "order differs between %s and %s:\n%r\n%r" %
                  (own[s], own[t], fs, ft))
    check(("nick", "ana", "anna") in dan.all, "rename seen on B")
    check(("me", "bob", "waves") in cat.all, "/me seen on A")
    for s in everyone:
        dup = [e for e in s.all if s.all.count(e) > 1 and e[0] == "msg"]
        check(dup == [], "shown twice: %r" % dup[:5])

    # The old name is free again across the cluster.
    z = text_client(b.port, "ana")
    for s in everyone:
        s.wait(("join", "ana"), 10)

    # /who and /rooms count everyone on both nodes.
    bob.c.send("/who")
    bob.wait_raw(r"^Users in general:", 5)
    who = [x for x in bob.raw if x.startswith("Users in general:")][-1]
    check(sorted(who.split(":", 1)[1].split()) ==
          sorted(["anna", "cat", "bob", "dan", "ana"]), "who: %r" % who)
    cat.c.send("/rooms")
    cat.wait_raw(r"^ROOMS\t", 5)
    rooms = [x for x in cat.raw if x.startswith("ROOMS\t")][-1]
    check("general:5" in rooms.split("\t") and "side:1" in rooms.split("\t"),
          "rooms: %r" % rooms)

    # /msg across nodes, both presentations; no such nick anywhere.
    bob.c.send("/msg cat psst")
    cat.wait_raw(r"^PRIV\t\d+\tbob\tcat\tpsst$", 5)
    cat.c.send("/msg anna hi there")
    ana.wait_raw(r"\[cat -> anna\]:hi there$", 5)
    dan.c.send("/msg nobody x")
    dan.wait_raw(r"^ERR\tnosuchnick\t", 5)

    # A newcomer on either node gets the same shared history.
    h1 = Client(a.port, timeout=10)
    h2 = Client(b.port, timeout=10)
    e1 = [f for f in h1.hello("h1") if f[0] in ("HIST", "HISTME")]
    e2 = [f for f in h2.hello("h2") if f[0] in ("HIST", "HISTME")]
    k1 = [tuple(f[3:]) for f in e1]
    k2 = [tuple(f[3:]) for f in e2]
    check(len(k1) >= 81, "history has %d lines" % len(k1))
    check(k1 == k2, "histories differ:\n%r\n%r" % (k1[-5:], k2[-5:]))
    check(len(set(k1)) == len(k1), "history has a line twice")
    z.c.close()
    check(a.stop() == 0 and b.stop() == 0, "nodes exit 0")
    print("cluster_chat: 4 talkers, %d events in one order on both nodes"
          % len(dan.all))


run(main)
