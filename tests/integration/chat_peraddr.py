#!/usr/bin/env python3
"""tcpchatd's per-address limits (issue 16): each refusal names its limit
in one line and is logged once a minute per address; a named connection
stops counting as waiting; other addresses are not held back; and with the
defaults the net-cat audit still works: eleven `nc localhost` reach the
"Chat is full" line, whether they name themselves one by one or all
connect first."""

import os
import subprocess

from chatlib import BIN, Client, check, run, start_server, PROMPT_NAME

FULL = "Chat is full (10/10), try again later.\n"


def refusal(port, source="127.0.0.1"):
    """The one line a refused connection gets (checked closed)."""
    c = Client(port, source=source)
    got = c.quiet(1.0).decode()
    check(c.wait_closed(2), "refused with %r but left open" % got)
    return got


def per_addr():
    srv = start_server("--max-per-addr", "3")
    a = Client(srv.port)
    a.join("alice")
    b = Client(srv.port)
    b.join("bob")
    w = Client(srv.port)
    w.read_until(PROMPT_NAME)
    want = ("Too many connections from your address (3 at most), try again "
            "later.\n")
    for _ in range(4):
        got = refusal(srv.port)
        check(got == want, "4th from 127.0.0.1: %r" % got)
    # Another address is not held back.
    c = Client(srv.port, source="127.0.0.2")
    c.join("carol")
    # A place freed is a place taken.
    b.close()
    a.read_until("bob has left our chat...")
    d = Client(srv.port)
    d.join("dave")
    log = srv.log()
    check(log.count("127.0.0.1: refused: " + want.strip()) == 1,
          "not one log line for 4 refusals: %r" % log)
    for x in (a, w, c, d):
        x.close()
    srv.stop()


def unnamed_per_addr():
    srv = start_server("--max-unnamed-per-addr", "2")
    w = [Client(srv.port) for _ in range(2)]
    for x in w:
        x.read_until(PROMPT_NAME)
    want = ("Too many connections waiting for a name from your address "
            "(2 at most), try again later.\n")
    got = refusal(srv.port)
    check(got == want, "3rd unnamed from 127.0.0.1: %r" % got)
    # Named, it no longer waits: room for one more at the prompt.
    w[0].send("alice")
    w[0].read_until("]:")
    x = Client(srv.port)
    x.join("bob")
    y = Client(srv.port)
    y.read_until(PROMPT_NAME)
    got = refusal(srv.port)
    check(got == want, "beside alice and bob: %r" % got)
    # Structured clients are counted alike, and told alike.
    c = Client(srv.port, source="127.0.0.2")
    c.hello("carol")
    srv.stop()


def netcat_audit():
    """Defaults: the eleventh nc from one machine hears the chat is full."""
    srv = start_server()
    people = []
    for i in range(10):
        p = Client(srv.port)
        p.join("user%d" % i)
        people.append(p)
    got = refusal(srv.port)
    check(got == FULL, "11th after 10 joined: %r" % got)
    for p in people:
        p.close()
    srv.stop()
    # All eleven connect first, then choose names.
    srv = start_server()
    people = [Client(srv.port) for _ in range(11)]
    for p in people:
        p.read_until(PROMPT_NAME)
    for i, p in enumerate(people[:10]):
        p.send("user%d" % i)
        p.read_until("]:")
    people[10].send("user10")
    got = people[10].quiet(1.0).decode()
    check(got == FULL + "Goodbye.\n", "11th naming itself: %r" % got)
    check(people[10].wait_closed(2), "the 11th stays open")
    srv.stop()


def bad_values():
    for args, want in (
            (["--max-per-addr", "-1"],
             'max-per-addr "-1": below the minimum of 0'),
            (["--max-per-addr", "1000001"], "above the maximum of 1000000"),
            (["--max-unnamed-per-addr", "x"],
             'max-unnamed-per-addr "x": not a number'),
    ):
        p = subprocess.run([os.path.join(BIN, "tcpchatd")] + args,
                           capture_output=True, text=True, timeout=10,
                           stdin=subprocess.DEVNULL)
        check(p.returncode == 64 and want in p.stderr,
              "%r: exit %d, %r" % (args, p.returncode, p.stderr))
    # 0 is no limit, accepted.
    srv = start_server("--max-per-addr", "0", "--max-unnamed-per-addr", "0")
    srv.stop()


def main():
    bad_values()
    per_addr()
    unnamed_per_addr()
    netcat_audit()


run(main)
