"""tcpchatd cuts bounded text at a character: a long multi-byte /quit
reason gives valid UTF-8 in BYE, in everyone's PART and in --log."""
import os
import tempfile

from chatlib import Client, check, run, start_server


def valid(b, what):
    """b (bytes) decodes as strict UTF-8."""
    try:
        b.decode("utf-8")
    except UnicodeDecodeError as e:
        check(False, "%s: invalid UTF-8 (%s): %r" % (what, e, b[-40:]))


def main():
    d = tempfile.mkdtemp()
    path = os.path.join(d, "chat.log")
    srv = start_server("--log", path)
    watcher = Client(srv.port)
    watcher.hello("watcher")
    # "quit: " is 6 bytes, so 249 bytes of 2-byte "é" end inside one;
    # 3- and 4-byte characters are tried too, at every offset.
    for i, ch in enumerate(["é", "€", "😀", "a€", "aa😀", "aaa😀"]):
        q = Client(srv.port)
        nick = "quitter%d" % i
        q.hello(nick)
        watcher.event("JOIN")
        reason = ch * (400 // len(ch.encode()))
        q.send("/quit " + reason)
        bye = q.read_until_bytes(b"\n")
        valid(bye, "BYE")
        check(bye.startswith(b"BYE\tquit: "), "no BYE: %r" % bye)
        check(len(bye) >= 250 and len(bye) <= 256 + 4,
              "BYE reason not cut near 255 bytes: %d" % len(bye))
        # PART<TAB>ts<TAB>room<TAB>nick<TAB>reason
        part = watcher.read_until_bytes(("\t" + nick + "\t").encode())
        part += watcher.read_until_bytes(b"\n")
        valid(part, "PART")
        check(b"PART\t" in part, "no PART: %r" % part[:80])
        q.close()
    check(srv.stop() == 0, "exit status")
    with open(path, "rb") as f:
        valid(f.read(), "--log")


run(main)
