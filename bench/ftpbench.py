#!/usr/bin/env python3
"""The FTP bench (bench/ftp.sh runs it): tcpftpd beside vsftpd, same files,
same client (curl), same sitting.

  ftpbench.py BIN [vsftpd=PATH]

1. The limit: `cat FILE > /dev/null` of the big file, page cache warm,
   best of 3, in MiB/s.
2. One large RETR over loopback with curl to /dev/null, best of 3: MiB/s
   from RETR to the last byte, and the server's CPU seconds.
3. N concurrent downloads (curl --parallel, one control and one data
   connection each): aggregate MiB/s, server CPU (its children's too:
   vsftpd forks per session), peak RSS summed over the server's processes.

Each server is started fresh on a free loopback port (vsftpd with its own
config file in a temp dir, anonymous and read-only) and stopped by PID.
FTP_BIG_MIB (1024), FTP_CONC (100), FTP_CONC_MIB (32) change the sizes;
BENCH_QUICK=1 makes them 64, 10, 4.
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

QUICK = os.environ.get("BENCH_QUICK") == "1"
BIG_MIB = int(os.environ.get("FTP_BIG_MIB", 64 if QUICK else 1024))
CONC = int(os.environ.get("FTP_CONC", 10 if QUICK else 100))
CONC_MIB = int(os.environ.get("FTP_CONC_MIB", 4 if QUICK else 32))
TICK = os.sysconf("SC_CLK_TCK")

VSFTPD_CONF = """listen=YES
listen_ipv6=NO
listen_address=127.0.0.1
listen_port={port}
background=NO
run_as_launching_user=YES
anonymous_enable=YES
no_anon_password=YES
anon_root={root}
local_enable=NO
write_enable=NO
seccomp_sandbox=NO
isolate=NO
isolate_network=NO
max_clients=10000
max_per_ip=10000
xferlog_enable=NO
dirmessage_enable=NO
use_sendfile=YES
pasv_enable=YES
"""


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def wait_port(port, secs=10):
    end = time.monotonic() + secs
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def tree(pid):
    """pid and its descendants (one /proc pass)."""
    kids = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                st = f.read()
        except OSError:
            continue
        ppid = int(st[st.rindex(")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(d))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def cpu_secs(pid):
    """utime+stime+cutime+cstime of pid: its reaped children count."""
    with open("/proc/%d/stat" % pid) as f:
        x = f.read().rsplit(")", 1)[1].split()
    return sum(int(v) for v in x[11:15]) / TICK


def tree_cpu(pid):
    """CPU of pid (reaped children included) plus live descendants."""
    total = cpu_secs(pid)
    for p in tree(pid)[1:]:
        try:
            with open("/proc/%d/stat" % p) as f:
                x = f.read().rsplit(")", 1)[1].split()
            total += (int(x[11]) + int(x[12])) / TICK
        except OSError:
            pass
    return total


def tree_rss_kib(pid):
    n = 0
    for p in tree(pid):
        try:
            with open("/proc/%d/status" % p) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        n += int(line.split()[1])
        except OSError:
            pass
    return n


class Sampler(threading.Thread):
    """Peak RSS of a process tree, sampled every 50 ms."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop_ = pid, 0, False

    def run(self):
        while not self.stop_:
            self.peak = max(self.peak, tree_rss_kib(self.pid))
            time.sleep(0.05)


def make_file(path, mib):
    block = os.urandom(1 << 20)
    with open(path, "wb") as f:
        for i in range(mib):
            f.write(bytes([i & 0xff]) + block[1:])


def cat_speed(path):
    size = os.path.getsize(path)
    best = 0
    for _ in range(4):          # the first warms the page cache
        t0 = time.monotonic()
        subprocess.run("cat '%s' > /dev/null" % path, shell=True, check=True)
        best = max(best, size / (time.monotonic() - t0))
    return best / (1 << 20)


class Srv:
    def __init__(self, name, argv, port, tmp):
        self.name = name
        self.log = open(os.path.join(tmp, name + ".log"), "wb")
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE,
                                     stderr=self.log)
        if port is None:
            line = self.proc.stdout.readline().decode()
            m = re.search(r":(\d+)$", line.strip())
            if not m:
                raise SystemExit("%s did not start: %r" % (name, line))
            port = int(m.group(1))
        if not wait_port(port):
            self.stop()
            raise SystemExit("%s did not listen on %d" % (name, port))
        self.port = port
        self.pid = self.proc.pid

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def start(name, spec, root, tmp):
    if name == "tcpftpd":
        return Srv(name, [spec, "-p", "0", "-b", "127.0.0.1", "--root", root,
                          "-q", "--max-clients", str(CONC + 50),
                          "--max-per-addr", "0", "--max-pending", "0"],
                         None, tmp)
    port = free_port()
    conf = os.path.join(tmp, "vsftpd.conf")
    with open(conf, "w") as f:
        f.write(VSFTPD_CONF.format(port=port, root=root))
    return Srv(name, [spec, conf], port, tmp)


def curl_one(port, name):
    r = subprocess.run(["curl", "-sS", "-o", "/dev/null", "-w",
                        "%{size_download} %{time_total} %{time_pretransfer}",
                        "ftp://127.0.0.1:%d/%s" % (port, name)],
                       capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        raise SystemExit("curl: %s" % r.stderr)
    size, total, pre = r.stdout.split()
    # From RETR to the end: curl 7.88 sometimes idles ~200 ms between
    # EPSV and its data connect, whichever server it talks to.
    return int(size), float(total) - float(pre)


def one_retr(srv, size):
    best, cpu = 0, 0
    for _ in range(3):
        c0 = tree_cpu(srv.pid)
        got, secs = curl_one(srv.port, "big.bin")
        time.sleep(0.5)         # let vsftpd reap the session's CPU
        if got != size:
            raise SystemExit("%s: big.bin %d bytes, want %d"
                             % (srv.name, got, size))
        mibs = got / secs / (1 << 20)
        if mibs > best:
            best, cpu = mibs, tree_cpu(srv.pid) - c0
    return best, cpu


def many(srv, size):
    argv = ["curl", "-sS", "--parallel", "--parallel-immediate",
            "--parallel-max", str(CONC), "-w", "%{size_download}\n"]
    for _ in range(CONC):
        argv += ["-o", "/dev/null",
                 "ftp://127.0.0.1:%d/conc.bin" % srv.port]
    samp = Sampler(srv.pid)
    samp.start()
    c0 = tree_cpu(srv.pid)
    t0 = time.monotonic()
    r = subprocess.run(argv, capture_output=True, text=True, timeout=900)
    wall = time.monotonic() - t0
    time.sleep(0.5)             # let vsftpd reap its sessions' CPU
    cpu = tree_cpu(srv.pid) - c0
    samp.stop_ = True
    samp.join()
    sizes = [int(x) for x in r.stdout.split()]
    done = sizes.count(size)
    if done != CONC:
        # Reported in the table, not fatal: a server that drops some
        # downloads under this load is a result.
        print("%s: %d of %d downloads failed: %s" % (
            srv.name, CONC - done, CONC,
            " ".join(sorted(set(re.findall(r"curl: \(\d+\)[^\n]*",
                                           r.stderr))))), file=sys.stderr)
    return sum(sizes) / wall / (1 << 20), cpu, samp.peak, done, wall


def main():
    bin_ = sys.argv[1] if len(sys.argv) > 1 else "bin"
    servers = [("tcpftpd", os.path.join(bin_, "tcpftpd"))]
    vs = shutil.which("vsftpd") or "/usr/sbin/vsftpd"
    for a in sys.argv[2:]:
        if a.startswith("vsftpd="):
            vs = a.split("=", 1)[1]
    if os.access(vs, os.X_OK):
        servers.append(("vsftpd", vs))
    else:
        print("ftpbench: no vsftpd (apt-get install vsftpd); tcpftpd only",
              file=sys.stderr)
    tmp = tempfile.mkdtemp(prefix="tcpftpd-bench-")
    try:
        root = os.path.join(tmp, "root")
        os.mkdir(root)
        big = os.path.join(root, "big.bin")
        make_file(big, BIG_MIB)
        make_file(os.path.join(root, "conc.bin"), CONC_MIB)
        floor = cat_speed(big)
        rows = []
        for name, spec in servers:
            srv = start(name, spec, root, tmp)
            try:
                print("== %s: one RETR of %d MiB" % (name, BIG_MIB),
                      file=sys.stderr)
                r1, c1 = one_retr(srv, BIG_MIB << 20)
                print("== %s: %d concurrent RETR of %d MiB"
                      % (name, CONC, CONC_MIB), file=sys.stderr)
                agg, cpu, rss, done, wall = many(srv, CONC_MIB << 20)
            finally:
                srv.stop()
            rows.append((name, r1, c1, agg, cpu, rss, done, wall))
        print()
        print("FTP bench, %s, %d cores shared by server, curl and other "
              "work; loopback" % (time.strftime("%Y-%m-%d %H:%M UTC",
                                                time.gmtime()),
                                  os.cpu_count()))
        print("limit: cat %d MiB > /dev/null (page cache warm, best of 3):"
              " %.0f MiB/s" % (BIG_MIB, floor))
        print()
        print("| server  | 1 RETR %4d MiB | of cat | CPU s | %d x %d MiB: "
              "done | wall s | aggregate   | CPU s | peak RSS  |"
              % (BIG_MIB, CONC, CONC_MIB))
        print("|---------|-----------------|--------|-------|---------------"
              "----|--------|-------------|-------|-----------|")
        for name, r1, c1, agg, cpu, rss, done, wall in rows:
            print("| %-7s | %9.0f MiB/s | %5.0f%% | %5.2f | %17s | %6.1f | "
                  "%6.0f MiB/s | %5.2f | %5.1f MiB |"
                  % (name, r1, 100 * r1 / floor, c1, "%d/%d" % (done, CONC),
                     wall, agg, cpu, rss / 1024))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
