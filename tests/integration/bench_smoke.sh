#!/bin/sh
# The benchmark tools still work: loadgen against tcpchatd and the clock
# bench (clockd + clockbench, writefloor, clockwall) and the task bench
# (taskd + taskbench), at toy sizes.
# Checks what they count (loss, every tick), never how fast: figures live
# in `make bench`.
set -u
BIN=${TCPCHAT_BIN:?}
TOP=${TCPCHAT_TOP:-.}
tmp=$(mktemp -d)
pid=

cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*"
	exit 1
}

for p in loadgen clockbench writefloor taskbench echobench; do
	[ -x "$BIN/bench/$p" ] || fail "no $BIN/bench/$p"
done

# loadgen: 20 clients, 2 senders, 1 s at 100 msg/s: every line arrives.
"$BIN/tcpchatd" --port 0 -m 100 --line-rate 0 --max-per-addr 0 \
    --max-unnamed-per-addr 0 -q >"$tmp/td.out" 2>&1 &
pid=$!
i=0
until grep -q 'Listening on the port :' "$tmp/td.out" 2>/dev/null; do
	i=$((i + 1))
	[ $i -gt 100 ] && fail "tcpchatd did not start"
	sleep 0.1
done
port=$(sed -n 's/.*port :\([0-9]*\)$/\1/p' "$tmp/td.out")
"$BIN/bench/loadgen" -p "$port" -n 20 -s 2 -r 100 -d 1 --json \
    >"$tmp/lg.json" 2>"$tmp/lg.err" || fail "loadgen: $(cat "$tmp/lg.err")"
for want in '"connected":20' '"loss":0' '"duplicates":0' \
    '"order_violations":0' '"invalid":0' '"disconnected":0'; do
	grep -q "$want" "$tmp/lg.json" ||
	    fail "loadgen: no $want in $(cat "$tmp/lg.json")"
done
grep -q '"delivered":0,' "$tmp/lg.json" && fail "loadgen: nothing delivered"
kill "$pid"
wait "$pid" 2>/dev/null
pid=

# The clock bench at toy sizes: a table where every client got every tick.
CLOCK_CLIENTS=40 CLOCK_SMALL=10 CLOCK_TICKS=2 CLOCK_WALL=4 CLOCK_SECS=1 \
    sh "$TOP/bench/clock.sh" "$BIN" >"$tmp/clock.out" 2>&1 ||
    fail "clock.sh: $(cat "$tmp/clock.out")"
grep -q 'every client got every tick  *yes (80 lines' "$tmp/clock.out" ||
    fail "clock.sh: $(cat "$tmp/clock.out")"
grep -q 'floor (writefloor): p50 / p99  *[0-9.]* / [0-9.]* ms' \
    "$tmp/clock.out" || fail "clock.sh floor row: $(cat "$tmp/clock.out")"
grep -q 'floor: one write()  *[0-9.]* us' "$tmp/clock.out" ||
    fail "clock.sh floor cost row: $(cat "$tmp/clock.out")"
grep -q '10 clients, every tick / p99  *yes / ' "$tmp/clock.out" ||
    fail "clock.sh small row: $(cat "$tmp/clock.out")"
# The task bench at toy size: every worker a task and every answer ok on
# each tick.
TASK_WORKERS=20 TASK_TICKS=2 sh "$TOP/bench/task.sh" "$BIN" \
    >"$tmp/task.out" 2>&1 || fail "task.sh: $(cat "$tmp/task.out")"
grep -q 'every worker a task 2/2, every answer ok 2/2' "$tmp/task.out" ||
    fail "task.sh: $(cat "$tmp/task.out")"
grep -q 'tasks 40 (want 40), extra 0, not ok 0' "$tmp/task.out" ||
    fail "task.sh: $(cat "$tmp/task.out")"
grep -q 'dispatch lateness ms: p50 [0-9.]* p99 [0-9.]*' "$tmp/task.out" ||
    fail "task.sh lateness: $(cat "$tmp/task.out")"
# The cluster bench at toy size: 2 nodes on 1 redis-server, 10 clients,
# a row beside the single node's with nothing lost on either.
if command -v redis-server >/dev/null 2>&1; then
	BENCH_OUT=$tmp/cb CLUSTER_N=10 CLUSTER_LADDER=20000 CLUSTER_DUR=1 \
	    sh "$TOP/bench/cluster.sh" "$BIN" >"$tmp/cluster.out" 2>&1 ||
	    fail "cluster.sh: $(cat "$tmp/cluster.out")"
	grep -Eq '^\| 20000 \| [0-9]+, 0, [0-9.]+ \| [0-9]+, 0, [0-9.]+, [0-9.]+ \|' \
	    "$tmp/cluster.out" || fail "cluster.sh row: $(cat "$tmp/cluster.out")"
	grep -q '"servers":2' "$tmp/cb/cluster/cluster.20000.json" ||
	    fail "cluster.sh: loadgen did not spread over 2 nodes"
else
	echo "bench_smoke: no redis-server: cluster bench not tried"
fi

# The echod bench at toy size: a table row per run, and in every run
# the server stayed up, stopped cleanly and echoed every client exactly
# (latency is not checked here: that is the bench's business).
ECHO_MODELS="poll fork threads" ECHO_CLIENTS="5 20" ECHO_SECS=1 \
    BENCH_OUT="$tmp/echo" \
    sh "$TOP/bench/echo.sh" "$BIN" >"$tmp/echo.out" 2>&1 ||
    fail "echo.sh: $(cat "$tmp/echo.out")"
rows=$(grep -c '^| \(poll\|fork\|threads\) | [0-9]' "$tmp/echo.out")
[ "$rows" -eq 12 ] || fail "echo.sh: $rows rows: $(cat "$tmp/echo.out")"
[ "$(wc -l <"$tmp/echo/echo.txt")" -eq 12 ] || fail "echo.sh: raw lines"
grep -v 'alive=yes stop=ok .* refused=0 failed=0 stalled=0 closed=0 corrupt=0 ' \
    "$tmp/echo/echo.txt" && fail "echo.sh: a toy run broke"
grep ' lines=0 ' "$tmp/echo/echo.txt" && fail "echo.sh: a run echoed nothing"
if command -v gnuplot >/dev/null 2>&1; then
	[ -s "$tmp/echo/echo.png" ] || fail "echo.sh: no plot"
fi
echo ok
