"""Starting a node: Redis unreachable is retried until it comes; a bad URL,
a refused password and a node name held by a live node are configuration
errors (exit 78) that say why. Redis emptied under running nodes
(FLUSHALL) is noticed once ("history was reset") and the chat goes on."""

import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from redislib import (Redis, Node, fail, need_redis, redis_server,  # noqa
                      _free_port, _procs)


def exits_78(node, pattern):
    node.wait(pattern)
    try:
        node.proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        fail("%s did not exit" % node.name)
    if node.proc.returncode != 78:
        fail("%s exited %s, want 78" % (node.name, node.proc.returncode))


need_redis()
exits_78(Node("redis://127.0.0.1:99999", "A"),
         r"^FATAL\tredis URL: port \"99999\": above the maximum of 65535$")
exits_78(Node("http://x", "A"), r"^FATAL\tredis URL: scheme")
exits_78(Node("redis://127.0.0.1:1", "bad name"), r"^FATAL\tnode name")

# Nothing listens yet: the node says so, retries, and gets there.
port = _free_port()
a = Node("redis://127.0.0.1:%d" % port, "A")
end = time.monotonic() + 10
while "cannot connect" not in a.log() and time.monotonic() < end:
    time.sleep(0.05)
if "cannot connect" not in a.log():
    fail("no 'cannot connect' in the log:\n" + a.log())
time.sleep(0.7)
r = Redis.__new__(Redis)
r.aof = False
r.dir = __import__("tempfile").mkdtemp(prefix="tcpchat-redis-")
r.port = port
r.proc = None
r.start()
a.ready(timeout=15)
if "recovered" not in a.log():
    fail("the log does not show the recovery:\n" + a.log())

# A second live process with the same node name is refused.
exits_78(Node(r.url, "A"), r"^FATAL\tnode name \"A\" is in use")

# FLUSHALL under running nodes: noticed once, people re-register.
b = Node(r.url, "B")
b.ready()
for n, who in ((a, "ana"), (b, "bob")):
    n.send("claim " + who)
    n.wait(r"^CLAIMED\t%s\t1$" % who)
    n.send("join %s general" % who)
a.send("say ana general one")
b.wait(r"^EV\tgeneral\t\d+\tmsg\tA\tana\t\tone\t0$")
r.cmd("FLUSHALL")
for n in (a, b):
    n.wait(r"^RESET$", timeout=15)
a.ready()
b.ready()
m = b.mark()
a.send("say ana general two")
b.wait(r"^EV\tgeneral\t\d+\tmsg\tA\tana\t\ttwo\t0$", start=m)
m = a.mark()
a.send("who general")
a.wait(r"^WHO\tgeneral\tbob@B$", start=m)
if r.cmd("HGET", "tcpchat:nicks", "bob") != "B":
    fail("bob's name was not claimed again after the reset")
for n in (a, b):
    if sum(ln == "RESET" for ln in n.lines()) != 1:
        fail("%s: told of the reset %d times" % (n.name, sum(
            ln == "RESET" for ln in n.lines())))
    n.quit()
r.stop()

# A refused password is a configuration error too.
p = _free_port()
rp = subprocess.Popen([redis_server(), "--port", str(p), "--bind",
                       "127.0.0.1", "--save", "", "--appendonly", "no",
                       "--requirepass", "right", "--dir", r.dir],
                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_procs.append(rp)
exits_78(Node("redis://:wrong@127.0.0.1:%d" % p, "A"),
         r"^FATAL\tredis refused the credentials")
ok = Node("redis://:right@127.0.0.1:%d" % p, "A")
ok.ready()
ok.quit()
rp.terminate()
rp.wait(timeout=10)
# A unix socket, with a database other than 0.
sock = os.path.join(r.dir, "redis.sock")
p = _free_port()
ru = subprocess.Popen([redis_server(), "--port", str(p), "--bind",
                       "127.0.0.1", "--save", "", "--appendonly", "no",
                       "--unixsocket", sock, "--dir", r.dir],
                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_procs.append(ru)
end = time.monotonic() + 10
while not os.path.exists(sock) and time.monotonic() < end:
    time.sleep(0.05)
u1 = Node("unix:%s?db=3" % sock, "U1")
u2 = Node("unix:%s?db=3" % sock, "U2")
u1.ready()
u2.ready()
u1.send("claim una")
u1.wait(r"^CLAIMED\tuna\t1$")
u1.send("join una general")
u2.wait(r"^EV\tgeneral\t1\tjoin\tU1\tuna\t\t\t0$")
u1.quit()
u2.quit()
ru.terminate()
ru.wait(timeout=10)
print("ok: bad URL, refused AUTH, taken node name exit 78; late Redis "
      "retried; FLUSHALL noticed once; unix socket with a database")
