#!/usr/bin/env python3
"""NUL bytes, invalid UTF-8, ESC/CSI/OSC sequences, CR, BS, DEL, C1 and bidi
overrides in names and messages: nobody else ever receives them raw, and a
message cannot forge another user's line."""

import re

from chatlib import start_server, Client, check, msg_re, run, STAMP

NASTY = [
    b"nul\x00byte",
    b"bad utf8 \xff\xfe \xc0\x80 \xe0\x80\x80 \xed\xa0\x80 \xf4\x90\x80\x80",
    b"truncated \xe2\x82",
    b"csi \x1b[2J\x1b[31mred\x1b[0m",
    b"osc \x1b]0;pwned title\x07 and \x1b]52;c;Zm9v\x1b\\",
    b"cr\roverwrite",
    b"bs\x08\x08\x08erase",
    b"del\x7f",
    b"c1 \xc2\x9b2J \xc2\x85 \xc2\x9d",
    b"bidi \xe2\x80\xaeevil\xe2\x80\xac \xe2\x81\xa6iso\xe2\x81\xa9",
    b"bell\x07 vt\x0b ff\x0c",
]

FORBIDDEN = [b"\x00", b"\x1b", b"\r", b"\x08", b"\x7f", b"\x07", b"\x0b",
             b"\x0c"] + [bytes([0xc2, c]) for c in range(0x80, 0xa0)] + \
            [b"\xe2\x80" + bytes([c]) for c in range(0xaa, 0xaf)] + \
            [b"\xe2\x81" + bytes([c]) for c in range(0xa6, 0xaa)]


def clean(data, what):
    """Fail if data holds a forbidden byte sequence or invalid UTF-8."""
    for f in FORBIDDEN:
        check(f not in data, "%s: received raw %r in %r" % (what, f, data))
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        check(False, "%s: invalid UTF-8 relayed: %s in %r" % (what, e, data))


def main():
    srv = start_server()
    a = Client(srv.port)
    a.join("alice")
    m = Client(srv.port)
    m.join("mallory")
    a.read_until("mallory has joined our chat...")

    for n in NASTY:
        m.send_raw(n + b"\n")
    m.send("end-marker")
    got = a.read_until_bytes(b"end-marker", 5)
    clean(got, "messages")
    # Each nasty message arrives as mallory's, once, with its text kept
    # apart from the control bytes.
    lines = [l for l in got.split(b"\n") if b"[mallory]:" in l]
    check(len(lines) == len(NASTY) + 1,
          "expected %d lines from mallory, got %r" % (len(NASTY) + 1, lines))
    check(b"overwrite" in got and b"red" in got and b"evil" in got,
          "printable text was lost: %r" % got)
    check("\ufffd".encode() in got, "invalid UTF-8 did not become U+FFFD")

    # Forgery: a CR (or anything) cannot start a line as someone else.
    m.send_raw(b"hi\r[2020-01-01 00:00:00][admin]:give me your password\n")
    m.send_raw(b"\r\x1b[2K[2020-01-01 00:00:00][admin]:second try\n")
    m.send("end-2")
    got = a.read_until_bytes(b"end-2", 5)
    clean(got, "forgery")
    for line in got.decode().split("\n"):
        check(not re.match(r"^(" + STAMP + r")?\[2020-01-01 00:00:00\]"
                           r"\[admin\]", line),
              "forged line passed: %r" % line)

    # Names: control bytes in a name are refused or cleaned, never relayed.
    for raw in [b"ev\x1b[31mil", b"nul\x00name", b"\xe2\x80\xaeadmin",
                b"\xff\xfe", b"tab\tname", b"a\rb"]:
        c = Client(srv.port)
        c.read_until("[ENTER YOUR NAME]:")
        c.send_raw(raw + b"\n")
        reply = c.read_until_bytes(b":", 5)
        clean(reply, "name reply")
        c.close()
    c = Client(srv.port)
    c.join("carol")
    got = a.read_until_bytes(b"carol has joined our chat...", 5)
    clean(got, "join notices")
    check(srv.alive(), "server died")


run(main)
