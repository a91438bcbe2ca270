"""tcpchatd limits: --max-clients, --max-line, --max-queue."""
import socket
import time

from chatlib import Client, check, msg_re, run, start_server


def main():
    srv = start_server("-m", "3", "--max-line", "100")
    cl = [Client(srv.port) for _ in range(3)]
    for i, c in enumerate(cl):
        c.join("u%d" % i)
    extra = Client(srv.port)
    got = extra.quiet(1.0)
    check(got == b"Chat is full (3/3), try again later.\n", "full: %r" % got)
    check(extra.wait_closed(2), "the 4th stays open")
    cl[1].send("still here")
    cl[0].expect_line(msg_re("u1", "still here"))
    cl[2].quiet(0.3)
    cl[2].close()
    cl[0].expect_line("u2 has left our chat...")
    waiting = Client(srv.port)  # used below
    waiting.read_until("[ENTER YOUR NAME]:")
    again = Client(srv.port)
    again.join("u3")           # a slot is free again

    # a line past --max-line: an error, the rest up to "\n" is dropped
    cl[0].send("a" * 100)
    cl[1].expect_line(msg_re("u0", "a" * 100))
    cl[0].send_raw("b" * 150)
    cl[0].send_raw("b" * 150 + "\nafter\n")
    cl[0].expect_line("line too long (over 100 bytes), ignored")
    cl[1].expect_line(msg_re("u0", "after"))
    check("bbb" not in cl[1].quiet(0.3).decode(), "the long line leaked")
    # unnamed connections do not count; one that names itself after the
    # chat filled up is turned away then
    waiting.send("u5")
    got = waiting.quiet(1.0)
    check(b"Chat is full (3/3), try again later.\n" in got, "late: %r" % got)
    check(waiting.wait_closed(2), "the late one stays open")
    check(srv.stop() == 0, "exit status")

    # a reader that stops reading is cut off at --max-queue; the others
    # keep chatting
    srv = start_server("--max-queue", "256K", "-m", "10",
                       "--line-rate", "0")
    slow = Client(srv.port)
    slow.join("slow")
    slow.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    talk = Client(srv.port)
    talk.join("talk")
    other = Client(srv.port)
    other.join("other")
    big = "z" * 1000
    cut = False
    deadline = time.monotonic() + 20
    n = 0
    seen = []
    while not cut and time.monotonic() < deadline:
        for _ in range(50):
            talk.send(big)
            n += 1
        seen += other.lines(0.05)
        cut = "kicked: too slow" in srv.log()
    check(cut, "slow reader never cut off after %d lines" % n)
    talk.send("later")
    other.expect_line(msg_re("talk", "later"), timeout=10)
    seen += other.lines(0.3)
    left = [x for x in seen if "slow has left" in x]
    check(len(left) == 1, "leave notices for the slow one: %r" % left)
    check(srv.stop() == 0, "exit status")

    # --stall-timeout: a queue that does not drain for that long is cut
    # off even below --max-queue
    srv = start_server("--stall-timeout", "1", "--max-queue", "100000000",
                       "--line-rate", "0")
    stuck = Client(srv.port)
    stuck.join("stuck")
    stuck.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    talk = Client(srv.port)
    talk.join("talk")
    # more than the kernel buffers of both ends hold
    for _ in range(3000):
        talk.send(big * 4)
    t0 = time.monotonic()
    talk.expect_line("stuck has left our chat...", timeout=10)
    check(time.monotonic() - t0 < 5, "stall cut-off took too long")
    check("kicked: too slow" in srv.log(), "no reason logged")
    check(srv.stop() == 0, "exit status")


run(main)
