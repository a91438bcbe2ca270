"""echod in each model: many clients at once, every line back exactly and
in order; the counters (shared memory for fork, atomics for threads)
exact afterwards; reverb, long lines, binary bytes."""

from echod_lib import MODELS, Conn, Echod, check, many, wait_for

CLIENTS = 100
LINES = 20

for model in MODELS:
    # 100 clients from one address: a load test, past the default
    # --max-per-addr of 64.
    srv = Echod(model, "--threads", str(CLIENTS), "--stats",
                "--max-line", "100", "--max-per-addr", "0")
    sent = many(srv.port, CLIENTS, LINES)
    st = wait_for(lambda: (lambda s: s if s["clients"] == 0 else None)(
        srv.stats()), "all clients gone")
    check(st == {"clients": 0, "served": CLIENTS, "refused": 0,
                 "lines": CLIENTS * LINES, "bytes": sent},
          "%s: counters %r, want %d lines, %d bytes" %
          (model, st, CLIENTS * LINES, sent))

    c = Conn(srv.port)
    # NUL, invalid UTF-8, escapes and CRLF come back as they were.
    raw = b"a\x00b\xff\xfe\x1b[31mred\r\n"
    c.send(raw)
    c.expect(raw)
    # A line over --max-line is answered with an error, then life goes on.
    c.send(b"y" * 5000 + b"\nafter\n")
    c.expect(b"echod: line longer than 100 bytes dropped\nafter\n")
    c.send(b"STATS\n")
    line = c.read_until(b"\n")
    check(line.startswith(b"STATS clients=1 served=%d refused=0 lines=%d "
                          % (CLIENTS, CLIENTS * LINES + 2)),
          "%s: STATS said %r" % (model, line))
    c.close()
    check(srv.stop() == 0, "%s: exit status" % model)
    check("exit: clients=0 served=%d" % (CLIENTS + 1) in srv.log(),
          "%s: exit report: %r" % (model, srv.log()))

    srv = Echod(model, "--reverb", "--delay", "50")
    c = Conn(srv.port)
    c.send(b"Hello, echo\n")
    c.expect(b"HELLO, ECHO\nHello, echo\nhello, echo\n")
    check(srv.stop() == 0, "%s reverb: exit status" % model)
print("ok")
