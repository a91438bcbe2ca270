"""The config file and what it holds: servers to fail over between (one
dies: the next, with the same nick and room), nick, room, colours and
the ignore list; /ignore for the session or -save'd in the file and
/unignore; --log-dir's per-window logs."""
import os
import signal
import sys

sys.dont_write_bytecode = True    # no __pycache__ in the tree
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from tuilib import BIN, Server, Tmux, fail, wait  # noqa: E402

one = Server()
two = Server()
tm = Tmux()
try:
    cfg = os.path.join(tm.home, "tcpchat.conf")
    logs = os.path.join(tm.home, "logs")
    with open(cfg, "w") as f:
        f.write("# servers in turn\n"
                "server 127.0.0.1:%d\n"
                "server 127.0.0.1:%d\n"
                "nick carol\n"
                "room #dev\n"
                "color off\n"
                "ignore mallory\n" % (one.port, two.port))
    tm.new("m1", "%s/tcpchat -n mallory -r dev 127.0.0.1 %d" %
           (BIN, one.port))
    tm.wait_for("m1", r"(Connected as \S+ in|You are now in) #dev")
    tm.new("b1", "%s/tcpchat -n bob -r dev 127.0.0.1 %d" % (BIN, one.port))
    tm.wait_for("b1", r"(Connected as \S+ in|You are now in) #dev")
    tm.new("c", "%s/tcpchat --config %s --log-dir %s 2>>%s/c.err" %
           (BIN, cfg, logs, tm.home), 90, 20)
    tm.wait_for("c", r"Connected as carol")
    tm.wait_for("c", r"(Connected as \S+ in|You are now in) #dev")
    tm.wait_for("c", r"\[127\.0\.0\.1:%d\]" % one.port)
    # mallory is ignored from the config; bob is not.
    tm.type("m1", "you cannot see me")
    tm.type("b1", "bob speaks")
    s = tm.wait_for("c", r"<bob> bob speaks")
    if "cannot see me" in s:
        fail("an ignored nick was shown", s)
    # /ignore -save keeps bob in the file; /unignore takes him out.
    tm.type("c", "/ignore -save bob")
    tm.wait_for("c", r"Ignoring bob, kept in the config")
    tm.type("b1", "hidden now")
    tm.type("m1", "/msg carol psst")
    tm.type("c", "/ignore")
    s = tm.wait_for("c", r"Ignoring: bob, mallory")
    if "hidden now" in s or "psst" in s:
        fail("/ignore did not hide bob or mallory", s)
    with open(cfg) as f:
        text = f.read()
    if "ignore bob\n" not in text or "server 127.0.0.1:%d\n" % two.port \
            not in text:
        fail("config after /ignore -save: %r" % text)
    tm.type("c", "/unignore bob")
    tm.wait_for("c", r"No longer ignoring bob")
    tm.type("b1", "visible again")
    tm.wait_for("c", r"<bob> visible again")
    with open(cfg) as f:
        text = f.read()
    if "ignore bob" in text or "ignore mallory" not in text:
        fail("config after /unignore: %r" % text)
    # The first server dies: the second, same nick, same room.
    one.kill(signal.SIGKILL)
    tm.wait_for("c", r"Disconnected")
    tm.wait_for("c", r"Back as carol", 15)
    tm.wait_for("c", r"\[#dev\] \[carol\] \[connected\] .*\[127\.0\.0\.1:%d\]"
                % two.port, 10)
    # Each window has its log.
    log = os.path.join(logs, "#dev.log")
    if not wait(lambda: os.path.exists(log), 3):
        fail("no %s: %r" % (log, os.listdir(logs) if os.path.isdir(logs)
                            else None))
    with open(log) as f:
        text = f.read()
    if "<bob> bob speaks" not in text or "cannot see me" in text:
        fail("#dev.log holds %r" % text)
    if os.stat(log).st_mode & 0o777 != 0o600:
        fail("log mode %o" % (os.stat(log).st_mode & 0o777))
    tm.type("c", "/quit")
    # A bad config file is an error naming the file and the line.
    with open(cfg, "a") as f:
        f.write("colour on\n")
    tm.new("e", "%s/tcpchat --config %s; echo rc=$?; sleep 10" %
           (BIN, cfg))
    tm.wait_for("e", r"tcpchat: %s: line 8: colour: unknown setting" % cfg)
    tm.wait_for("e", r"rc=78")
    print(tm.screen("c"))
finally:
    tm.close()
    one.stop()
    two.stop()
