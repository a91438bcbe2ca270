"""tcpchatd SIGTERM: everyone is told, queues flushed, exit 0."""
import signal
import time

from chatlib import Client, check, run, start_server, wait_for


def main():
    srv = start_server()
    a = Client(srv.port)
    a.join("alice")
    s = Client(srv.port)
    s.hello("sam")
    n = Client(srv.port)          # still choosing a name
    n.read_until("[ENTER YOUR NAME]:")
    a.lines(0.3)
    srv.proc.send_signal(signal.SIGUSR1)
    wait_for(lambda: "stats: 3 connections, 2 named, 1 rooms" in srv.log(),
             5, what="SIGUSR1 stats")
    check(srv.alive(), "SIGUSR1 killed the server")
    t0 = time.monotonic()
    code = srv.stop()
    check(code == 0, "exit status %r" % code)
    check(time.monotonic() - t0 < 2.5, "shutdown took too long")
    a.expect_line("server is shutting down")
    check(a.wait_closed(2), "alice not closed")
    e = s.event("NOTICE")
    check(e[2] == "server is shutting down", "NOTICE: %r" % e)
    check(s.event("BYE") == ["BYE", "shutdown"], "no BYE")
    check(s.wait_closed(2), "sam not closed")
    n.expect_line("server is shutting down")
    check("exiting" in srv.log(), "no exit log line: %r" % srv.log())


run(main)
