#!/usr/bin/env python3
"""Protocol version 2 on a cluster node (--redis): one room at a time
(the people table keeps one room per name), so a /join moves after
ERR oneroom and the other node sees the move; /part, /say and /me #ROOM
go through the cluster; a v2 client that closes leaves its room on every
node."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chatlib import Client, check, run  # noqa: E402
from clusterchat import cluster, text_client  # noqa: E402


def main():
    r, a, b = cluster(2)
    wes = text_client(b.port, "wes")           # general, on node B
    vic = Client(a.port, timeout=10)
    ev = vic.hello("vic", version=2)
    check(ev[0] == ["WELCOME", "vic", "general"], "WELCOME: %r" % ev)
    check(ev[-1][0] == "USERS" and sorted(ev[-1][2:]) == ["vic", "wes"],
          "USERS counts node B: %r" % ev[-1])
    wes.wait(("join", "vic"))

    # A /join moves, and says why.
    vic.send("/join side")
    e = vic.event("ERR")
    check(e[1] == "oneroom" and "#general" in e[2] and "#side" in e[2],
          "ERR oneroom: %r" % e)
    e = vic.event("PART")
    check(e[2:] == ["general", "vic", "moved to side"], "own PART: %r" % e)
    e = vic.event("JOIN")
    check(e[2:4] == ["side", "vic"], "JOIN side: %r" % e)
    wes.wait(("part", "vic"))
    check("vic has moved to #side" in wes.raw, "B: %r" % wes.raw[-5:])

    # The room is named, and must be its own.
    vic.send("/say general not here")
    check(vic.event("ERR")[1] == "notin", "/say general")
    wes.c.send("/join side")
    wes.wait_raw(r"You are now in side\.")
    vic.send("/say #side through redis")
    wes.wait(("msg", "vic", "through redis"))
    vic.send("/me #side nods")
    wes.wait(("me", "vic", "nods"))
    e = vic.event("MSG")
    check(e[2:] == ["side", "vic", "through redis"], "own MSG: %r" % e)

    # /part leaves the one room: no room, then back.
    vic.send("/part side bye")
    e = vic.event("PART")
    check(e[2:] == ["side", "vic", "part: bye"], "PART: %r" % e)
    wes.wait_raw(re.escape("vic has left our chat... (bye)"))
    vic.send("anyone?")
    check(vic.event("ERR")[1] == "noroom", "no room")
    # A rename in no room is the cluster's too: the old name is free.
    vic.send("/nick vix")
    e = vic.event("NICK")
    check(e[2:4] == ["vic", "vix"], "NICK in no room: %r" % e)
    x = Client(b.port, timeout=10)
    check(x.hello("vix")[-1][:2] == ["ERR", "nametaken"], "vix is held")
    x.close()
    vic.send("/nick vic")
    check(vic.event("NICK")[2:4] == ["vix", "vic"], "NICK back")
    vic.send("/join side")
    check(vic.event("JOIN")[2:4] == ["side", "vic"], "back in side")
    wes.wait(("join", "vic"))

    # Closing leaves through the cluster: node B sees it.
    n = sum(1 for x in wes.all if x == ("part", "vic"))
    vic.close()
    wes.wait_raw(r"vic has left our chat\.\.\.$")
    check(sum(1 for x in wes.all if x == ("part", "vic")) == n + 1,
          "one PART on close: %r" % wes.raw[-5:])
    # And the name is free on both nodes.
    v2 = Client(b.port, timeout=10)
    check(v2.hello("vic", version=2)[0][0] == "WELCOME", "vic free")
    v2.close()
    wes.c.close()
    check(a.stop() == 0 and b.stop() == 0, "nodes exit 0")
    print("cluster_v2: one room at a time on a cluster node, as said")


run(main)
