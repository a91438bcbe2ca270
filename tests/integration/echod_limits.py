"""Over-limit clients get a one-line refusal and a close, never a silent
hang: --max-clients in every model, pool + queue in the threads model;
a client that leaves frees its place."""

from echod_lib import MODELS, Conn, Echod, check, wait_for

REFUSAL = b"echod: too many clients, try again later\n"


def fill(port, n):
    """n clients, each proven served by one echo."""
    cs = []
    for i in range(n):
        c = Conn(port)
        c.send(b"c%d\n" % i)
        cs.append(c)
    return cs


def refused(port):
    c = Conn(port)
    got = c.read_eof()
    check(got == REFUSAL, "refusal said %r" % got)


for model in MODELS:
    srv = Echod(model, "--max-clients", "3", "--threads", "8")
    cs = fill(srv.port, 3)
    for i, c in enumerate(cs):
        c.expect(b"c%d\n" % i)
    refused(srv.port)
    refused(srv.port)
    cs[0].close()
    # Its place is free once the server has seen it go.
    wait_for(lambda: srv.stats()["clients"] == 2, "%s: a place freed" % model)
    again = Conn(srv.port)
    again.send(b"back\n")
    again.expect(b"back\n")
    st = srv.stats()
    check(st["refused"] == 2 and st["clients"] == 3,
          "%s: counters %r" % (model, st))
    check(srv.stop() == 0, "%s: exit status" % model)

# threads: 2 workers, a queue of 2: the fifth client is refused at once.
srv = Echod("threads", "--threads", "2")
cs = fill(srv.port, 2)
for i, c in enumerate(cs):
    c.expect(b"c%d\n" % i)
queued = [Conn(srv.port), Conn(srv.port)]
wait_for(lambda: srv.stats()["clients"] == 4, "4 clients admitted")
refused(srv.port)
st = srv.stats()
check(st["refused"] == 1, "threads: refusal not counted: %r" % st)
# Those in the queue are served as workers free up.
queued[0].send(b"q0\n")
cs[0].close()
queued[0].expect(b"q0\n")
check(srv.stop() == 0, "threads: exit status")
print("ok")
