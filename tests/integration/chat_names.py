"""tcpchatd names: rules, case-insensitive uniqueness, tries, timeout."""
import time

from chatlib import (PROMPT_NAME, Client, check, msg_re, prompt_re, run,
                     start_server)


def reject(cl, name, why):
    """Send a name that must fail: one reason line, then the prompt."""
    cl.send(name)
    got = cl.read_until(PROMPT_NAME)
    check(why in got and got.count("\n") == 1,
          "name %r: wanted %r, got %r" % (name, why, got))


def main():
    srv = start_server("--name-timeout", "1")
    a = Client(srv.port)
    a.join("Ωmega-ÄÖ_1.x")          # letters of any script, - _ .
    b = Client(srv.port)
    b.read_until(PROMPT_NAME)
    reject(b, "ωMEGA-äö_1.X", "taken")     # same name, other case
    reject(b, "bad name", "only letters")
    reject(b, "x" * 33, "at most 32")
    reject(b, "Server", "reserved")
    # look-alikes of a reserved or taken name (at most 4 tries each)
    e = Client(srv.port)
    e.read_until(PROMPT_NAME)
    reject(e, "\u017fERVER", "reserved")   # long s: folds to "s"
    reject(e, "s\u0435rver", "reserved")    # Cyrillic e
    reject(e, "\u03a9m\u0435ga-\u00c4\u00d6_1.x", "taken")  # Cyrillic e
    reject(e, "\u03c9\uff4dega-\u00e4\u00f6_1.x", "taken")  # fullwidth m
    e.close()
    b.send("  日本語の名前  ")         # trimmed, CJK letters
    got = b.read_until("]:")
    check(prompt_re("日本語の名前").fullmatch(got), "cjk: %r" % got)
    a.expect_line("日本語の名前 has joined our chat...")
    h = Client(srv.port)
    h.join("x" * 32)                  # exactly at the limit
    h.close()

    # five failed tries: a goodbye and the connection closes
    c = Client(srv.port)
    c.read_until(PROMPT_NAME)
    for _ in range(4):
        reject(c, "", "empty")
    c.send("no way")
    got = c.lines(1)
    check(any("goodbye" in x.lower() for x in got), "5 tries: %r" % got)
    check(c.wait_closed(2), "still open after 5 tries")

    # /nick NAME works as the answer too; /quit works before a name
    d = Client(srv.port)
    d.read_until(PROMPT_NAME)
    d.send("/nick dora")
    d.read_until("[dora]:")
    a.expect_line("dora has joined our chat...")
    e = Client(srv.port)
    e.read_until(PROMPT_NAME)
    e.send("/who")
    got = e.read_until(PROMPT_NAME)
    check("name first" in got, "/who before a name: %r" % got)
    e.send("/quit")
    check(e.wait_closed(2), "/quit before a name")

    # --name-timeout 1: a goodbye line and close, bounded
    t0 = time.monotonic()
    f = Client(srv.port)
    f.read_until(PROMPT_NAME)
    check(f.wait_closed(4), "no close after --name-timeout")
    check(time.monotonic() - t0 >= 0.9, "closed too early")
    check("waiting for a name" in f.quiet(0.1).decode(), "no goodbye")

    # a name that was freed can be taken again
    d.close()
    a.expect_line("dora has left our chat...")
    g = Client(srv.port)
    g.join("DORA")
    g.send("hi")
    a.expect_line(msg_re("DORA", "hi"))
    check(srv.stop() == 0, "exit status")


run(main)
