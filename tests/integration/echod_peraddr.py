"""echod --max-per-addr (issue 16), in every model: one address holds at
most N clients; the next gets one line naming the limit and is closed at
once, and only the first such refusal in a minute is logged; another
address has its own count; a place is free again once the client is gone
(poll: at its close; fork: when its child is reaped; threads: when its
worker hands it back to the main thread), also for a client that left
while still queued; the default holds 64; 0 is no limit."""

from echod_lib import MODELS, Conn, Echod, check, fail, wait_for

REFUSAL = (b"echod: Too many connections from your address (%d at most), "
           b"try again later.\n")


def served(port, what, source=None):
    """A client proven admitted by one echo."""
    c = Conn(port, source=source)
    c.send(b"hi\n")
    got = c.read_until(b"\n")
    if got != b"hi\n":
        fail("%s got %r, not its echo" % (what, got))
    return c


def refused(port, n, what):
    c = Conn(port)
    got = c.read_eof()
    check(got == REFUSAL % n, "%s got %r, not the refusal" % (what, got))


def admitted_again(port, held, what):
    """Wait until a newcomer from 127.0.0.1 is echoed, not refused."""
    def once():
        c = Conn(port)
        c.send(b"again\n")
        got = c.read_until(b"\n")
        if got == b"again\n":
            held.append(c)
            return True
        check(got + c.read_eof() == REFUSAL % 3,
              "%s: a newcomer got %r" % (what, got))
        return False
    wait_for(once, what)


def limit(model):
    srv = Echod(model, "--max-per-addr", "3", "--threads", "8")
    held = [served(srv.port, "%s: client %d" % (model, i))
            for i in range(3)]
    for i in range(4):
        refused(srv.port, 3, "%s: the fourth (try %d)" % (model, i))
    # The admitted ones are still served.
    for c in held:
        c.send(b"still\n")
        c.expect(b"still\n")
    # Another address has its own count.
    other = served(srv.port, "%s: 127.0.0.2" % model, source="127.0.0.2")
    # A place freed by a close, then by a reset, is a place taken.
    held.pop().close()
    admitted_again(srv.port, held, "%s: the place freed by a close" % model)
    held.pop().reset()
    admitted_again(srv.port, held, "%s: the place freed by a reset" % model)
    refused(srv.port, 3, "%s: the fourth, once full again" % model)
    st = srv.stats()
    check(st["clients"] == 4, "%s: counters %r" % (model, st))
    check(st["refused"] >= 5, "%s: refusals not counted: %r" % (model, st))
    for c in held + [other]:
        c.close()
    wait_for(lambda: srv.stats()["clients"] == 0, "%s: all gone" % model)
    check(srv.stop() == 0, "%s: exit status" % model)
    log = srv.log()
    check(log.count("127.0.0.1: refused") == 1,
          "%s: not one log line for the refusals: %r" % (model, log))
    check("Too many connections from your address (3 at most)" in log,
          "%s: the log does not name the limit: %r" % (model, log))
    check("127.0.0.2: refused" not in log, "%s: 127.0.0.2: %r" % (model, log))


def default_and_none(model):
    srv = Echod(model, "--threads", "70")
    held = [served(srv.port, "%s: client %d of 64" % (model, i))
            for i in range(64)]
    refused(srv.port, 64, "%s: the 65th" % model)
    for c in held:
        c.close()
    check(srv.stop() == 0, "%s: exit status" % model)
    srv = Echod(model, "--threads", "70", "--max-per-addr", "0")
    held = [served(srv.port, "%s: client %d of 70" % (model, i))
            for i in range(70)]
    for c in held:
        c.close()
    check(srv.stop() == 0, "%s: exit status" % model)


def queued_then_gone():
    """threads: a client that leaves while still queued (the one worker
    busy) holds its place until a worker has taken it and handed it back;
    then the place is free."""
    srv = Echod("threads", "--threads", "1", "--max-per-addr", "2")
    busy = served(srv.port, "threads: the busy one")
    waiting = Conn(srv.port)
    wait_for(lambda: srv.stats()["clients"] == 2, "threads: two admitted")
    refused(srv.port, 2, "threads: the third")
    waiting.close()
    busy.close()
    held = []
    wait_for(lambda: srv.stats()["clients"] == 0, "threads: both handed back")
    held.append(served(srv.port, "threads: after the queue drained"))
    # The one worker is busy again: the second waits in the queue.
    held.append(Conn(srv.port))
    wait_for(lambda: srv.stats()["clients"] == 2, "threads: two again")
    refused(srv.port, 2, "threads: the third, once full again")
    for c in held:
        c.close()
    check(srv.stop() == 0, "threads: exit status")


for m in MODELS:
    limit(m)
    default_and_none(m)
if "threads" in MODELS:
    queued_then_gone()
print("ok")
