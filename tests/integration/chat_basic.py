"""tcpchatd, text presentation: banner, chatting, prompts, joins and leaves."""
import re

from chatlib import (PROMPT_NAME, Client, check, msg_re, prompt_re, run,
                     start_server)


def main():
    srv = start_server()
    a = Client(srv.port)
    banner = a.read_until(PROMPT_NAME)
    check(banner.startswith("Welcome to TCP-Chat!\n"), "banner: %r" % banner)
    check(banner.count("\n") >= 6, "no penguin in %r" % banner)
    check(banner.endswith("\n" + PROMPT_NAME), "prompt: %r" % banner)
    check(a.quiet(0.2) == b"", "something after the name prompt")
    a.send("alice")
    got = a.read_until("]:")
    check(prompt_re("alice").fullmatch(got), "own prompt: %r" % got)

    b = Client(srv.port)
    b.join("bob")
    # alice: "\n" + join notice + "\n" + her prompt
    got = a.read_until_bytes(b"]:").decode()
    check(re.fullmatch(r"\nbob has joined our chat\.\.\.\n" +
                       prompt_re("alice").pattern, got), "join: %r" % got)

    b.send("Hi everyone!")
    got = a.read_until("]:") + a.read_until("]:")
    check(re.fullmatch(r"\n" + msg_re("bob", "Hi everyone!").pattern + r"\n"
                       + prompt_re("alice").pattern, got), "msg: %r" % got)
    # no echo: the sender gets only its prompt again
    got = b.read_until("]:")
    check(prompt_re("bob").fullmatch(got), "sender got %r" % got)
    check(b.quiet(0.3) == b"", "sender got more")

    # empty and blank lines go to nobody; the sender is prompted again
    for blank in ["", "   ", "\t", "\u3000"]:
        b.send(blank)
        got = b.read_until("]:")
        check(prompt_re("bob").fullmatch(got), "blank %r: %r" % (blank, got))
    check(a.quiet(0.3) == b"", "a blank line reached alice")

    # \r\n works like \n
    a.send_raw(b"crlf line\r\n")
    b.expect_line(msg_re("alice", "crlf line"))

    # leaving: the notice once, whatever the cause
    c = Client(srv.port)
    c.join("carol")
    a.expect_line("carol has joined our chat...")
    b.expect_line("carol has joined our chat...")
    c.send("bye now")
    a.expect_line(msg_re("carol", "bye now"))
    c.reset()
    a.expect_line("carol has left our chat...")
    d = Client(srv.port)
    d.join("dave")
    d.close()
    a.expect_line("dave has left our chat...")
    e = Client(srv.port)
    e.join("erin")
    e.send("/quit")
    e.read_until("Goodbye!")
    check(e.wait_closed(3), "no close after /quit")
    rest = a.lines(0.5)
    left = [x for x in rest if "has left" in x]
    check(left == ["erin has left our chat..."], "leaves: %r" % rest)
    check(not any("dave" in x or "carol" in x for x in rest),
          "a leave notice came twice: %r" % rest)
    check(srv.stop() == 0, "exit status")


run(main)
