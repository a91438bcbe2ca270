#!/usr/bin/env python3
"""Helpers for bench/run.sh: free ports, readiness, pass rule, the table.

Usage:
  bench.py free-port                 print a free TCP port on 127.0.0.1
  bench.py wait-port PORT SECS       exit 0 once 127.0.0.1:PORT accepts
  bench.py pass FILE [P99_MS]        exit 0 if the run in FILE (loadgen
                                     JSON) lost nothing, dropped nobody and
                                     kept p99 <= P99_MS (50)
  bench.py field FILE KEY            print one top-level field of FILE
  bench.py table DIR SERVER...       print the comparison table for the
                                     runs in DIR (SERVER.TAG.json files)
"""
import json
import os
import socket
import sys
import time


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    print(port)


def wait_port(port, secs):
    end = time.monotonic() + float(secs)
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", int(port)), 0.5).close()
            return 0
        except OSError:
            time.sleep(0.05)
    return 1


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def passes(r, p99=50.0):
    return (r is not None and r["connected"] == r["clients"]
            and r["handshake_complete"] and r["sent"] > 0
            and r["loss"] == 0 and r["duplicates"] == 0
            and r["order_violations"] == 0 and r["disconnected"] == 0
            and r["latency_ms"]["p99"] <= p99)


def mega(x):
    return "%.2fM" % (x / 1e6)


def run_cell(r):
    """Achieved deliveries/s and p99, and what went wrong if anything."""
    if r is None:
        return "-"
    s = "%s p99 %s" % (mega(r["deliveries_per_s"]), ms(r["latency_ms"]["p99"]))
    bad = []
    if r["loss"]:
        bad.append("loss %d" % r["loss"])
    if r["disconnected"]:
        bad.append("%d dropped" % r["disconnected"])
    if r["order_violations"] or r["duplicates"]:
        bad.append("order/dup")
    if r["send_skipped"]:
        bad.append("send backlog")
    return s + (" (" + ", ".join(bad) + ")" if bad else "")


def ms(v):
    return "%.0fms" % v if v >= 100 else "%.1fms" % v


def cpu_cell(r):
    if r is None:
        return "-"
    return "%.1f / %.1f s" % (r["server"]["cpu_send_s"],
                              r["generator"]["cpu_send_s"])


def fanout_rows(d, servers, n):
    tags = sorted({f.split(".")[1] for f in os.listdir(d)
                   if f.startswith(tuple(s + ".fan%d-" % n for s in servers))
                   and f.endswith(".json")},
                  key=lambda t: (t.endswith("max"), len(t), t))
    rows = []
    best = []
    for s in servers:
        ran = [load(os.path.join(d, "%s.%s.json" % (s, t))) for t in tags
               if not t.endswith("max")]
        ok = [r for r in ran if passes(r)]
        if ok:
            best.append(mega(max(r["rate"] * (r["readers"] - 1)
                                 for r in ok)) + "/s")
        else:
            best.append("none" if any(ran) else "-")
    rows.append(("N=%d: best target met" % n, best))
    for t in tags:
        label = t.split("-", 1)[1]
        label = "flat out" if label == "max" else mega(int(label)) + "/s"
        rs = [load(os.path.join(d, "%s.%s.json" % (s, t))) for s in servers]
        rows.append(("  N=%d at %s" % (n, label), [run_cell(r) for r in rs]))
        rows.append(("    cpu server / loadgen", [cpu_cell(r) for r in rs]))
    return rows


def idle_rows(d, servers, n):
    rs = [load(os.path.join(d, "%s.idle%d.json" % (s, n))) for s in servers]
    join, kib, tot = [], [], []
    for r in rs:
        if r is None:
            join.append("-")
            kib.append("-")
            tot.append("-")
            continue
        join.append("%.1fs%s (%d conn%s)" % (
            r["handshake_s"], "" if r["handshake_complete"] else
            " INCOMPLETE", r["connected"],
            ", %d dropped" % r["disconnected"] if r["disconnected"] else ""))
        srv = r["server"]
        per = (srv["rss_final_kib"] - srv["rss_start_kib"]) / max(
            r["connected"], 1)
        kib.append("%.2f KiB" % per)
        tot.append("%.1f MiB" % (srv["rss_final_kib"] / 1024.0))
    return [("%d idle: join all (+notices)" % n, join),
            ("  RSS per client", kib),
            ("  RSS total after the hold", tot)]


def slow_rows(d, servers):
    base = [load(os.path.join(d, "%s.slow0.json" % s)) for s in servers]
    slow = [load(os.path.join(d, "%s.slow1.json" % s)) for s in servers]
    p0, p1, ratio, peak, cut, series = [], [], [], [], [], []
    for b, r in zip(base, slow):
        p0.append(run_cell(b))
        p1.append(run_cell(r))
        if b is None or r is None:
            ratio.append("-")
            peak.append("-")
            cut.append("-")
            series.append("-")
            continue
        q0, q1 = b["latency_ms"]["p99"], r["latency_ms"]["p99"]
        ratio.append("%.2fx" % (q1 / q0) if q0 > 0 else "-")
        peak.append("%.1f MiB (base %.1f)" % (
            r["server"]["rss_peak_kib"] / 1024.0,
            b["server"]["rss_peak_kib"] / 1024.0))
        cut.append(", ".join("%.1fs" % t for t in r["slow_cut_off_at_s"])
                   or "never")
        ser = r["server"]["rss_series_kib"]
        step = max(1, len(ser) // 6)
        series.append(" ".join("%.0f" % (k / 1024.0) for k in ser[::step]))
    return [("slow reader: others without it", p0),
            ("  others with one slow reader", p1),
            ("  p99 with / without", ratio),
            ("  server RSS peak", peak),
            ("  RSS MiB over time", series),
            ("  slow client cut off at", cut)]


def table(d, servers):
    rows = []
    for n in (100, 1000):
        rows += fanout_rows(d, servers, n)
    for n in sorted({int(f.split(".idle")[1].split(".")[0])
                     for f in os.listdir(d) if ".idle" in f}):
        rows += idle_rows(d, servers, n)
    if any(".slow" in f for f in os.listdir(d)):
        rows += slow_rows(d, servers)
    w0 = max(len(r[0]) for r in rows)
    ws = [max([len(s)] + [len(r[1][i]) for r in rows])
          for i, s in enumerate(servers)]
    line = "%-*s" % (w0, "figure") + "".join(
        "  %-*s" % (w, s) for w, s in zip(ws, servers))
    print(line)
    print("-" * len(line))
    for name, cells in rows:
        print("%-*s" % (w0, name) + "".join(
            "  %-*s" % (w, c) for w, c in zip(ws, cells)))


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 64
    cmd, args = argv[1], argv[2:]
    if cmd == "free-port":
        free_port()
        return 0
    if cmd == "wait-port" and len(args) == 2:
        return wait_port(*args)
    if cmd == "pass" and len(args) in (1, 2):
        return 0 if passes(load(args[0]),
                           float(args[1]) if len(args) > 1 else 50.0) else 1
    if cmd == "field" and len(args) == 2:
        r = load(args[0])
        if r is None or args[1] not in r:
            return 1
        print(r[args[1]])
        return 0
    if cmd == "table" and len(args) >= 2:
        table(args[0], args[1:])
        return 0
    sys.stderr.write(__doc__)
    return 64


if __name__ == "__main__":
    sys.exit(main(sys.argv))
