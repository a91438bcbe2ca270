"""However tcpchat ends (Ctrl-C, SIGTERM, SIGHUP, Ctrl-D, /quit), and
while it is stopped by Ctrl-Z, the shell it ran from gets its terminal
back as it was: canonical mode and echo on."""
import os
import re
import sys

sys.dont_write_bytecode = True    # no __pycache__ in the tree
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
from tuilib import BIN, Server, Tmux, fail, wait  # noqa: E402

srv = Server()
tm = Tmux()


def client_pid():
    """The tcpchat running under the shell in pane s."""
    shell = tm.pane_pid("s")
    def find():
        for p in os.listdir("/proc"):
            if not p.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % p) as f:
                    st = f.read()
            except OSError:
                continue
            fields = st.rsplit(")", 1)[1].split()
            if int(fields[1]) == shell and "(tcpchat)" in st:
                return int(p)
        return None
    return wait(find, 10)


def run_and_end(how, n):
    tm.type("s", "clear; %s/tcpchat -n user%d 127.0.0.1 %d; echo EXIT=$?"
            % (BIN, n, srv.port))
    tm.wait_for("s", r"Connected as user%d" % n)
    if how == "C-c":
        tm.keys("s", "C-c")
    elif how == "C-d":
        tm.keys("s", "C-d")
    elif how == "/quit":
        tm.type("s", "/quit bye")
    else:
        pid = client_pid()
        if not pid:
            fail("no tcpchat process under the shell")
        os.kill(pid, how)
    s = tm.wait_for("s", r"EXIT=\d+")
    code = re.search(r"EXIT=(\d+)", s).group(1)
    if code != "0":
        fail("%s: exit status %s" % (how, code), s)
    check_stty(how)


STTY_RUNS = [0]


def check_stty(why):
    """The shell's terminal has icanon and echo.  Each check ends with a
    marker of its own: an old one may still be on the screen (the main
    screen comes back when the client leaves) until "clear" runs."""
    STTY_RUNS[0] += 1
    mark = "STTY%d" % STTY_RUNS[0]
    tm.type("s", "clear; stty -a | tr ' ;' '\\n\\n' | grep -x -- "
            "'-\\?icanon\\|-\\?echo' | tr '\\n' ' '; echo ST\"\"TY%d"
            % STTY_RUNS[0])
    s = tm.wait_for("s", mark + "$")
    if not re.search(r"^icanon echo %s$" % mark, s, re.M):
        fail("%s left the terminal in a bad state" % why, s)


def suspend_and_resume():
    """Ctrl-Z gives the shell a sane terminal; fg takes it back."""
    tm.type("s", "clear; %s/tcpchat -n zed 127.0.0.1 %d; echo EXIT=$?"
            % (BIN, srv.port))
    tm.wait_for("s", r"Connected as zed")
    tm.keys("s", "C-z")
    tm.wait_for("s", r"Stopped")
    check_stty("Ctrl-Z")
    tm.type("s", "fg")
    tm.wait_for("s", r"\[#general\] \[zed\] \[connected\]")
    tm.type("s", "/quit")
    # The list's "echo" went with the stop: ask fg's status instead.
    tm.wait_for("s", r"^\$\s*$")
    tm.type("s", "echo FG=$?")
    s = tm.wait_for("s", r"^FG=\d+")
    if not re.search(r"^FG=0$", s, re.M):
        fail("exit status after fg", s)


try:
    tm.new("s", "env PS1='$ ' bash --norc --noprofile", 80, 24)
    tm.wait_for("s", r"^\$")
    import signal
    for n, how in enumerate(["C-c", "C-d", "/quit", signal.SIGTERM,
                             signal.SIGHUP]):
        run_and_end(how, n)
    suspend_and_resume()
    check_stty("/quit after fg")
    print(tm.screen("s"))
finally:
    tm.close()
    srv.stop()
