"""A client that sends and never reads. poll and fork: the others never
wait for it, and the server stops reading from it rather than buffer
without bound. threads: it holds its worker; with every worker held, a
new client waits in the queue (head-of-line blocking) until a worker is
free, which --idle-timeout bounds."""

import os
import socket
import time

from echod_lib import (MODELS, SANITIZED_ANY, Conn, Echod, check, many,
                       rss_kib)


def stuff(port):
    """A socket that has sent until the server stopped taking bytes."""
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.setblocking(False)
    line = b"z" * 1000 + b"\n"
    sent = 0
    idle_since = time.monotonic()
    # Until the send side has been stuck for 0.5 s (or 64 MiB: a server
    # without backpressure would take them all).
    while time.monotonic() - idle_since < 0.5 and sent < 64 << 20:
        try:
            sent += s.send(line)
            idle_since = time.monotonic()
        except BlockingIOError:
            time.sleep(0.01)
    check(sent < 64 << 20, "the server took %d bytes unread" % sent)
    return s, sent


for model in MODELS:
    srv = Echod(model, "--threads", "30")
    before = rss_kib(srv.proc.pid)
    slow, sent = stuff(srv.port)
    # The others are served while the slow one sits there.
    t0 = time.monotonic()
    many(srv.port, 20, 10, timeout=10)
    check(time.monotonic() - t0 < 10, "%s: others waited" % model)
    grew = rss_kib(srv.proc.pid) - before
    if not SANITIZED_ANY:
        check(grew < 8192, "%s: RSS grew %d KiB for %d bytes unread" %
              (model, grew, sent))
    slow.close()
    check(srv.stop() == 0, "%s: exit status" % model)

# threads: two workers, both held (a slow reader, an idle client); a third
# client is accepted but waits in the queue until one of them leaves.
srv = Echod("threads", "--threads", "2")
slow, _ = stuff(srv.port)
idle = Conn(srv.port)
idle.send(b"held\n")
idle.expect(b"held\n")
third = Conn(srv.port)
third.send(b"waiting\n")
check(third.quiet(1.0), "threads: a third client was served with both "
      "workers held: %r" % third.buf)
idle.close()
third.expect(b"waiting\n")
slow.close()
check(srv.stop() == 0, "threads: exit status")

# threads: --idle-timeout frees a worker held by a reader that never reads.
srv = Echod("threads", "--threads", "1", "--idle-timeout", "1", "-v")
slow, _ = stuff(srv.port)
other = Conn(srv.port)
other.send(b"next\n")
other.expect(b"next\n", timeout=10)
check("idle for 1 s" in srv.log(), "threads: the worker was not freed by "
      "the idle timeout: %r" % srv.log())
slow.close()
check(srv.stop() == 0, "threads: exit status")
print("ok %s" % os.path.basename(__file__))
