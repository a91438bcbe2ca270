#!/bin/sh
# The cluster bench: 2 tcpchatd nodes on 1 redis-server, the fan-out of
# run.sh (N clients split between the nodes, 10 senders, 64-byte
# messages, the same ladder of deliveries/s), beside one tcpchatd alone at
# the same load. Prints one table: loss, deliveries/s, p99 (all, and
# sender to a reader on the other node), the nodes' and Redis's CPU, and
# Redis's memory.
#
#   sh bench/cluster.sh BIN          (run.sh calls it; make bench)
#
# Skips with a message when redis-server is missing. BENCH_QUICK=1: one
# rung of 3 s; CLUSTER_N (100), CLUSTER_LADDER, CLUSTER_DUR override.
set -u
BIN=${1:-bin}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
PY=${PYTHON:-python3}
HELP=bench/bench.py
LG=$BIN/bench/loadgen
RS=$(command -v redis-server || echo /usr/bin/redis-server)
if [ ! -x "$RS" ]; then
	echo "cluster bench: skipped: redis-server not found" \
	    "(scripts/deps.sh installs it)"
	exit 0
fi
for f in "$LG" "$BIN/tcpchatd"; do
	[ -x "$f" ] || make --no-print-directory "$f" || exit 1
done
N=${CLUSTER_N:-100}
if [ "${BENCH_QUICK:-0}" = 1 ]; then
	LADDER=${CLUSTER_LADDER:-1000000}
	DUR=${CLUSTER_DUR:-3}
else
	# run.sh's ladder, below it rungs where one Redis still keeps up.
	LADDER=${CLUSTER_LADDER:-"250000 500000 1000000 2000000 3000000 \
	    4000000 5000000"}
	DUR=${CLUSTER_DUR:-10}
fi
OUT=${BENCH_OUT:-build/bench-results/$(date -u +%Y%m%d-%H%M%S)}/cluster
mkdir -p "$OUT"
D=$(mktemp -d "${TMPDIR:-/tmp}/tcpchat-cbench.XXXXXX") || exit 1
PIDS=
stop_all() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	for p in $PIDS; do wait "$p" 2>/dev/null; done
	PIDS=
}
cleanup() {
	stop_all
	rm -rf "$D"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# cpu PID: user + system seconds so far.
cpu() {
	awk -v t="$(getconf CLK_TCK)" '{ print ($14 + $15) / t }' \
	    "/proc/$1/stat" 2>/dev/null || echo 0
}

# node NAME [ARGS]: start tcpchatd, sets NPID and NPORT.
node() {
	nm=$1
	shift
	"$BIN/tcpchatd" --port 0 -b 127.0.0.1 -m 20000 --line-rate 0 \
	    --max-per-addr 0 --max-unnamed-per-addr 0 -q "$@" \
	    >"$D/$nm.out" 2>>"$OUT/$nm.log" &
	NPID=$!
	PIDS="$PIDS $NPID"
	i=0
	NPORT=
	while [ $i -lt 100 ] && [ -z "$NPORT" ]; do
		NPORT=$(sed -n 's/.*port :\([0-9]*\).*/\1/p' "$D/$nm.out" \
		    2>/dev/null)
		[ -z "$NPORT" ] && sleep 0.05
		i=$((i + 1))
	done
	[ -n "$NPORT" ] || { echo "cluster.sh: $nm did not start" >&2
		exit 1; }
}

# run TAG single|cluster RATE: one run on fresh servers.
run() {
	tag=$1
	kind=$2
	rate=$3
	RPID=
	if [ "$kind" = cluster ]; then
		RPORT=$($PY $HELP free-port)
		"$RS" --port "$RPORT" --bind 127.0.0.1 --save '' \
		    --appendonly no --daemonize no --logfile "$D/redis.log" \
		    --dir "$D" &
		RPID=$!
		PIDS="$PIDS $RPID"
		$PY $HELP wait-port "$RPORT" 10 || { echo "cluster.sh:" \
		    "redis-server did not start" >&2; exit 1; }
		url=redis://127.0.0.1:$RPORT
		node a --redis "$url" --node a
		APID=$NPID APORT=$NPORT
		node b --redis "$url" --node b
		BPID=$NPID BPORT=$NPORT
		ports=$APORT,$BPORT
		pids="$APID $BPID $RPID"
	else
		node single
		APID=$NPID
		ports=$NPORT
		pids=$APID
	fi
	c0=
	for p in $pids; do c0="$c0 $(cpu "$p")"; done
	echo "== $kind $tag: $N clients, $rate msg/s" >&2
	"$LG" --json --port "$ports" --server-pid "$APID" --label "$kind" \
	    --clients "$N" --senders 10 --size 64 --rate "$rate" \
	    --duration "$DUR" >"$OUT/$kind.$tag.json" 2>"$OUT/$kind.$tag.log"
	c1=
	for p in $pids; do c1="$c1 $(cpu "$p")"; done
	mem=
	if [ -n "$RPID" ]; then
		mem="$(awk '/VmRSS/ { print $2 }' "/proc/$RPID/status") $(
		    redis-cli -p "$RPORT" info memory 2>/dev/null |
		    sed -n 's/^used_memory:\([0-9]*\).*/\1/p')"
	fi
	echo "$c0 /$c1 / $mem" >"$OUT/$kind.$tag.cpu"
	tail -n 1 "$OUT/$kind.$tag.log" >&2
	stop_all
}

for d in $LADDER; do
	rate=$((d / (N - 1)))
	run "$d" single "$rate"
	run "$d" cluster "$rate"
	$PY $HELP pass "$OUT/cluster.$d.json" || break
done

echo
echo "cluster bench, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores" \
    "shared by 2 nodes, redis-server and loadgen"
echo "(N = $N clients split between the nodes, 10 senders, 64-byte" \
    "messages, $DUR s a rung; cross p99: sender to a reader on the other" \
    "node). Raw: $OUT"
echo
$PY - "$OUT" $LADDER <<'PYEOF' | tee "$OUT/table.txt"
import json, sys
out, rungs = sys.argv[1], sys.argv[2:]
def load(p):
    try:
        with open(p) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None
print("| asked/s | alone: deliv/s, loss, p99 ms | cluster: deliv/s, loss, "
      "p99 ms, cross p99 ms | node CPU s (alone; A+B) | Redis CPU s | "
      "Redis RSS / used MiB |")
print("|---|---|---|---|---|---|")
for d in rungs:
    s = load("%s/single.%s.json" % (out, d))
    c = load("%s/cluster.%s.json" % (out, d))
    if s is None and c is None:
        continue
    def cpu(kind):
        try:
            a, b, m = open("%s/%s.%s.cpu" % (out, kind, d)).read().split("/")
        except (OSError, ValueError):
            return [], []
        a, b = [float(x) for x in a.split()], [float(x) for x in b.split()]
        return [y - x for x, y in zip(a, b)], [int(x) for x in m.split()]
    sc, _ = cpu("single")
    cc, mem = cpu("cluster")
    def f(r, cross=False):
        if r is None:
            return "-"
        t = "%.0f, %d, %.1f" % (r["deliveries_per_s"], r["loss"],
                                r["latency_ms"]["p99"])
        if cross:
            t += ", %.1f" % r.get("latency_cross_ms", {}).get("p99", -1)
        return t
    print("| %d | %s | %s | %s; %s | %s | %s |" % (
        int(d), f(s), f(c, True),
        "%.1f" % sc[0] if sc else "-",
        "%.1f+%.1f" % (cc[0], cc[1]) if len(cc) >= 2 else "-",
        "%.1f" % cc[2] if len(cc) >= 3 else "-",
        "%.0f / %.0f" % (mem[0] / 1024, mem[1] / 1048576)
        if len(mem) >= 2 else "-"))
PYEOF
