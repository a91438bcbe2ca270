"""tcpchatd --line-rate, --line-burst: a flooder is slowed, not cut off,
and loses nothing; the others keep talking."""
import re
import time

from chatlib import Client, check, msg_re, run, start_server, wait_for

RATE, BURST, N = 50, 10, 500
TOO_FAST = "You are sending too fast: your lines are read at %d a second " \
    "now, the rest waits." % RATE


def flood_text(srv):
    """500 lines at once: all relayed, in order, at the rate; an honest
    message overtakes them."""
    flood, watch, honest = Client(srv.port), Client(srv.port), \
        Client(srv.port)
    flood.join("flood")
    watch.join("watch")
    honest.join("honest")
    flood.read_until("honest has joined our chat...")
    watch.read_until("honest has joined our chat...")
    pat = re.compile(r"\[[-0-9: ]+\]\[flood\]:f(\d+)")
    t0 = time.monotonic()
    flood.send_raw("".join("f%03d\n" % i for i in range(N)))
    got, at, honest_at, sent_at = [], [], None, None
    until = t0 + 60
    while len(got) < N and time.monotonic() < until:
        if sent_at is None and time.monotonic() - t0 > 0.3:
            honest.send("overtaking")
            sent_at = time.monotonic()
        for line in watch.lines(0.05):
            line = watch.strip_prompt(line)
            m = pat.fullmatch(line)
            if m:
                got.append(int(m.group(1)))
                at.append(time.monotonic() - t0)
            elif msg_re("honest", "overtaking").fullmatch(line):
                honest_at = time.monotonic() - sent_at
    check(got == list(range(N)), "all in order: %d, %r..." % (len(got),
                                                              got[:20]))
    early = sum(1 for t in at if t <= 1.0)
    check(early <= BURST + RATE * 1.5, "%d lines in the first second" % early)
    check(at[-1] >= (N - BURST) / RATE * 0.5, "too fast: %.2fs" % at[-1])
    check(honest_at is not None and honest_at < 2.0,
          "honest line after %r s" % honest_at)
    # the flooder is still there, was told once, and is heard again
    rest = flood.quiet(0.5).decode()
    check(rest.count(TOO_FAST) == 1, "notices: %r" % rest[-500:])
    check(not flood.eof, "the flooder was cut off")
    time.sleep(BURST / RATE + 0.1)
    flood.send("back")
    watch.expect_line(msg_re("flood", "back"))
    for c in (flood, watch, honest):
        c.close()


def flood_struct(srv):
    """The notice in the structured presentation, once per episode."""
    s = Client(srv.port)
    s.hello("sflood")
    s.send_raw("".join("s%d\n" % i for i in range(60)))
    notes, msgs = 0, 0
    while msgs < 60:
        f = s.read_line(5).split("\t")
        if f[0] == "MSG":
            check(f[4] == "s%d" % msgs, "order: %r" % f)
            msgs += 1
        elif f[0] == "NOTICE" and f[2] == TOO_FAST:
            notes += 1
    check(notes == 1, "structured notices: %d" % notes)
    # quiet until the bucket is full: a new episode, a new notice
    time.sleep(BURST / RATE + 0.2)
    s.send_raw("".join("t%d\n" % i for i in range(BURST + 5)))
    e = s.event("NOTICE")
    check(e[2] == TOO_FAST, "second episode: %r" % e)
    s.close()


def flood_ends(srv):
    """A held flooder that half-closes gets all its lines through, then
    leaves; one that resets is dropped at once, leaking nothing."""
    watch = Client(srv.port)
    watch.join("watch2")
    base = srv.fd_count()
    a = Client(srv.port)
    a.join("halfclose")
    a.send_raw("".join("h%d\n" % i for i in range(100)))
    a.shutdown_write()
    watch.expect_line(msg_re("halfclose", "h99"), 10)
    watch.expect_line("halfclose has left our chat...", 5)
    b = Client(srv.port)
    b.join("resetter")
    b.send_raw("".join("r%d\n" % i for i in range(2000)))
    watch.expect_line(msg_re("resetter", "r%d" % (BURST - 1)), 5)
    b.reset()
    t = time.monotonic()
    watch.expect_line("resetter has left our chat...", 5)
    check(time.monotonic() - t < 1.0, "reset noticed late")
    wait_for(lambda: srv.fd_count() <= base, 5,
             what="fds back to %d" % base)
    watch.close()


def main():
    srv = start_server("--line-rate", str(RATE), "--line-burst", str(BURST))
    flood_text(srv)
    flood_struct(srv)
    flood_ends(srv)
    # shutdown with a flooder held
    f = Client(srv.port)
    f.join("last")
    f.send_raw("x\n" * 1000)
    time.sleep(0.3)
    t = time.monotonic()
    check(srv.stop() == 0, "exit status")
    check(time.monotonic() - t < 5, "slow shutdown")
    f.close()


run(main)
