"""--delay is honoured in each model, checked by ordering: a line sent
after another client's line, but before that line's delay ran out, is
sent before the first echo arrives; and each client's echoes keep their
order even when its lines arrive while earlier ones still wait."""

import select
import time

from echod_lib import MODELS, Conn, Echod, check, fail

DELAY = 400

for model in MODELS:
    srv = Echod(model, "--delay", str(DELAY))
    a = Conn(srv.port)
    b = Conn(srv.port)
    t0 = time.monotonic()
    a.send(b"first\n")
    # Nothing from a within half the delay: then b speaks.
    check(a.quiet(DELAY / 2000.0),
          "%s: echo before the delay: %r" % (model, a.buf))
    b.send(b"second\n")
    # Order of arrival across both sockets: a's echo, then b's.
    order = []
    end = time.monotonic() + 10
    while len(order) < 2 and time.monotonic() < end:
        r, _, _ = select.select([a.sock, b.sock], [], [], 1.0)
        for s in r:
            d = s.recv(100)
            order.append(d)
    check(order == [b"first\n", b"second\n"],
          "%s: arrival order %r" % (model, order))
    took = time.monotonic() - t0
    # The order proves the lower bound; the upper one is generous.
    if took > 10:
        fail("%s: echoes took %.1f s" % (model, took))

    # Pipelined lines, each held DELAY: all back, in order, none early.
    c = Conn(srv.port)
    c.send(b"1\n2\n")
    check(c.quiet(DELAY / 2000.0), "%s: early echo %r" % (model, c.buf))
    c.send(b"3\n")
    c.expect(b"1\n2\n3\n")
    check(srv.stop() == 0, "%s: exit status" % model)
print("ok")
