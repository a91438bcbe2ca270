#!/usr/bin/env python3
"""One address cannot lock everyone else out (issue 16): 1,100 connections
from 127.0.0.1 that never send a name, then people from 127.0.0.2 and
127.0.0.3 get the name prompt, join and chat within a second: with the
defaults (the crowd is held to --max-unnamed-per-addr), and with no
per-address limits at all (the pool of unnamed connections fills, and each
newcomer evicts the crowd's oldest)."""

import resource
import select
import socket
import time

from chatlib import start_server, Client, check, msg_re, run, PROMPT_NAME

CROWD = 1100
EVICTED = ("Closed to make room for others: too many connections are "
           "pending and your address holds the most.")


def raise_nofile():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < CROWD + 200:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))


def readable(sock, left):
    """Whether sock has something to read within left seconds (poll: the
    crowd's fds are past select's FD_SETSIZE)."""
    p = select.poll()
    p.register(sock, select.POLLIN)
    return bool(p.poll(max(left, 0) * 1000))


def first_bytes(sock, timeout):
    """What the server sent sock within timeout, up to its first prompt
    or line end; b"" if nothing came."""
    got = b""
    until = time.monotonic() + timeout
    while PROMPT_NAME.encode() not in got and not got.endswith(b"\n"):
        left = until - time.monotonic()
        if left <= 0 or not readable(sock, left):
            break
        try:
            data = sock.recv(65536)
        except ConnectionResetError:
            break
        if not data:
            break
        got += data
    return got


def until_eof(sock, timeout):
    """Everything sock gets until the server closes it; None if it stays
    open past timeout."""
    got = b""
    until = time.monotonic() + timeout
    while True:
        left = until - time.monotonic()
        if left <= 0 or not readable(sock, left):
            return None
        try:
            data = sock.recv(65536)
        except ConnectionResetError:
            return got
        if not data:
            return got
        got += data


def crowd(port):
    """CROWD connections from 127.0.0.1; returns them once the server has
    answered the last one (accepts are answered in order)."""
    socks = []
    for _ in range(CROWD):
        socks.append(socket.create_connection(
            ("127.0.0.1", port), timeout=5, source_address=("127.0.0.1", 0)))
    check(readable(socks[-1], 10.0),
          "the server never answered the last of the crowd")
    return socks


def outcomes(socks):
    """How many of socks got the name prompt, and the refusal lines the
    others got (with their counts)."""
    prompted, refused = 0, {}
    for s in socks:
        got = first_bytes(s, 0.5)
        if PROMPT_NAME.encode() in got:
            prompted += 1
        else:
            line = got.decode(errors="replace").strip()
            refused[line] = refused.get(line, 0) + 1
    return prompted, refused


def newcomers_chat(port):
    """Seconds from carol's connect (127.0.0.2) until she has read a line
    dave (127.0.0.3) said after joining; both connect before either
    chooses a name."""
    t0 = time.monotonic()
    a = Client(port, source="127.0.0.2")
    b = Client(port, source="127.0.0.3")
    a.join("carol", timeout=1.0)
    b.join("dave", timeout=1.0)
    a.read_until("dave has joined our chat...", 1.0)
    b.send("hello past the crowd")
    a.expect_line(msg_re("dave", "hello past the crowd"), 1.0)
    took = time.monotonic() - t0
    a.close()
    b.close()
    return took


def with_defaults():
    srv = start_server("-v")
    socks = crowd(srv.port)
    took = newcomers_chat(srv.port)
    prompted, refused = outcomes(socks)
    print("defaults: %d of %d from 127.0.0.1 got the prompt, refused %r; "
          "127.0.0.2 joined and chatted in %.3f s" %
          (prompted, CROWD, refused, took))
    check(took < 1.0, "join and chat took %.2fs" % took)
    check(prompted == 16, "%d unnamed admitted from one address, not 16"
          % prompted)
    want = ("Too many connections waiting for a name from your address "
            "(16 at most), try again later.")
    check(refused == {want: CROWD - 16}, "refusals: %r" % refused)
    log = srv.log()
    check(log.count("127.0.0.1: refused") == 1,
          "the refusals were not logged once: %r" % log[-2000:])
    for s in socks:
        s.close()
    check(srv.alive(), "server died")
    srv.stop()


def without_per_addr_limits():
    srv = start_server("--max-per-addr", "0", "--max-unnamed-per-addr", "0")
    socks = crowd(srv.port)
    # The second oldest speaks the structured presentation.
    socks[1].sendall(b"/hello tcpchat 1\n")
    hello = b""
    while b"NAME?\n" not in hello:
        more = first_bytes(socks[1], 2.0)
        check(more != b"", "no HELLO: %r" % hello)
        hello += more
    took = newcomers_chat(srv.port)
    # carol and dave came to a full pool: each evicted the crowd's
    # oldest, which was told why.
    got = until_eof(socks[0], 2.0)
    check(got is not None, "the oldest was not closed")
    check(PROMPT_NAME.encode() in got, "no prompt for the oldest")
    last = got.decode(errors="replace").rsplit(PROMPT_NAME, 1)[1]
    check(last.strip() == EVICTED, "the oldest got %r, not the eviction"
          % last)
    got = until_eof(socks[1], 2.0)
    check(got == b"BYE\tevicted\n", "the structured one got %r" % got)
    # The places carol and dave left when they took names go to the
    # next ones; then the pool is full again and the crowd's own
    # newcomer is refused, since its address holds the most.
    s1 = [socket.create_connection(("127.0.0.1", srv.port), timeout=5)
          for _ in range(2)]
    for s in s1:
        check(PROMPT_NAME.encode() in first_bytes(s, 2.0), "no place left")
    s2 = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
    got = until_eof(s2, 2.0)
    check(got == b"Too many connections waiting for a name, try again "
          b"later.\n", "the crowd's newcomer got %r" % got)
    for s in s1 + [s2]:
        s.close()
    prompted, refused = outcomes(socks[2:])
    print("no per-address limits: %d of %d from 127.0.0.1 waiting, "
          "refused %r; 127.0.0.2 joined and chatted in %.3f s" %
          (prompted, CROWD, refused, took))
    check(took < 1.0, "join and chat took %.2fs" % took)
    pool = 10 + 1024
    check(prompted == pool - 2, "%d waiting, not %d" % (prompted, pool - 2))
    check(refused == {"Too many connections waiting for a name, try again "
                      "later.": CROWD - pool}, "refusals: %r" % refused)
    for s in socks:
        s.close()
    check(srv.alive(), "server died")
    srv.stop()


def main():
    raise_nofile()
    with_defaults()
    without_per_addr_limits()


run(main)
