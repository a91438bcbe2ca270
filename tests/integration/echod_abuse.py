"""Hostile and odd clients in each model: resets with echoes pending,
half-closed clients (their echoes still come, then EOF), the idle
timeout; the server carries on and its counters end at zero clients."""

import time

from echod_lib import MODELS, Conn, Echod, check, many, wait_for

for model in MODELS:
    srv = Echod(model, "--delay", "200", "--idle-timeout", "1")
    # Resets: mid-line, and with delayed echoes still queued.
    for i in range(20):
        c = Conn(srv.port)
        c.send(b"pending %d\npartial" % i)
        if i % 2:
            time.sleep(0.01)
        c.reset()
    # Half-close: everything sent before FIN comes back, the unfinished
    # last line too, then the server closes its side.
    h = Conn(srv.port)
    h.send(b"one\ntwo\nthree")
    h.shut_wr()
    got = h.read_eof()
    check(got == b"one\ntwo\nthree", "%s: half-close got %r" % (model, got))
    # The idle timeout: a silent client is closed after about a second.
    idle = Conn(srv.port)
    t0 = time.monotonic()
    check(idle.read_eof(timeout=10) == b"", "%s: idle got data" % model)
    check(time.monotonic() - t0 >= 0.5,
          "%s: idle client closed after %.2f s" % (model,
                                                   time.monotonic() - t0))
    # And the server still serves.
    many(srv.port, 10, 5)
    wait_for(lambda: srv.stats()["clients"] == 0, "%s: clients=0" % model)
    check(srv.stop() == 0, "%s: exit status" % model)
print("ok")
