"""tcpchatd --idle-timeout: a named client silent that long is told and
disconnected, the others get the usual leave; one that keeps talking (even
commands only) stays; without the option nobody is dropped."""
import time

from chatlib import Client, check, run, start_server


def main():
    srv = start_server("--idle-timeout", "2")
    watch = Client(srv.port)
    watch.join("watch")
    sleepy = Client(srv.port)
    sleepy.join("sleepy")
    s = Client(srv.port)
    s.hello("structy")
    watch.expect_line("sleepy has joined our chat...")
    start = time.monotonic()
    # watch speaks every half second: it is never idle
    got = b""
    while time.monotonic() - start < 3.5:
        watch.send("/who")
        got += sleepy.quiet(0.5)
    check(b"Idle for 2 seconds, goodbye.\n" in got, "text notice: %r" % got)
    check(sleepy.wait_closed(2), "sleepy not closed")
    e = s.event("NOTICE", 3)
    check(e[2] == "Idle for 2 seconds, goodbye.", "NOTICE: %r" % e)
    check(s.event("BYE") == ["BYE", "idle"], "BYE idle")
    check(s.wait_closed(2), "structy not closed")
    rest = "\n".join(watch.lines(0.5))
    check(rest.count("sleepy has left our chat...") == 1 and
          "structy has left our chat..." in rest,
          "leaves: %r" % rest)
    check(not watch.eof, "a client that spoke was dropped")
    check(srv.stop() == 0, "exit status")

    # the default: never
    srv = start_server()
    c = Client(srv.port)
    c.join("patient")
    time.sleep(2.5)
    c.send("still here")
    check(not c.wait_closed(0.5), "dropped without --idle-timeout")
    check(srv.stop() == 0, "exit status")


run(main)
