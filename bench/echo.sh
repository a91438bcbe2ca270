#!/bin/sh
# echod's three concurrency models side by side: each model at 10, 100,
# 1,000 and 5,000 concurrent clients, with --delay 0 and 100 ms, measured
# by bench/echobench.c (closed loop, one line in flight per client).
#
#   sh bench/echo.sh BIN        BIN: the directory holding echod, bench/
#
# Prints a Markdown table (lines/s, p50/p99 round trip, memory of the
# whole server, context switches, CPU, what broke first) and renders
# echo.png (throughput and p99 against clients, one line per model) with
# gnuplot, if installed.  Results go to $BENCH_OUT (build/bench-results/
# DATE).  ECHO_CLIENTS, ECHO_DELAYS, ECHO_MODELS and ECHO_SECS (5) change
# the set; BENCH_QUICK=1 runs 10 and 100 clients for 1 s.  The threads
# model runs with a worker per client, and as threads-default with the
# default pool (table only).  Exits non-zero
# only if something could not run; a model that breaks is a result.
set -u
BIN=$(cd "${1:?usage: sh bench/echo.sh BIN}" && pwd) || exit 64
top=$(cd "$(dirname "$0")/.." && pwd)
if [ "${BENCH_QUICK:-0}" = 1 ]; then
	CLIENTS=${ECHO_CLIENTS:-10 100}
	SECS=${ECHO_SECS:-1}
else
	CLIENTS=${ECHO_CLIENTS:-10 100 1000 5000}
	SECS=${ECHO_SECS:-5}
fi
DELAYS=${ECHO_DELAYS:-0 100}
# threads-default: the threads model with its default pool (4 x cores),
# to show what a pool smaller than the load does; in the table only.
MODELS=${ECHO_MODELS:-poll fork threads threads-default}
OUT=${BENCH_OUT:-$top/build/bench-results/$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$OUT" || exit 1
RAW=$OUT/echo.txt
: >"$RAW"
tmp=$(mktemp -d) || exit 1
pid=

cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

die() {
	echo "echo.sh: $*" >&2
	exit 1
}

[ -x "$BIN/echod" ] && [ -x "$BIN/bench/echobench" ] ||
    die "no $BIN/echod or $BIN/bench/echobench (make first)"
ulimit -n "$(ulimit -Hn)" 2>/dev/null

# start MODEL CLIENTS DELAY: echod in the background; sets pid and port.
start() {
	# The threads model gets a worker per client: its pool sized to the
	# load, as one would deploy it (the default 4 x cores would refuse
	# all but 2 x pool and say nothing about threads).
	# The last run's port must not be read: the background job's own
	# redirection may truncate the file only after the grep below.
	rm -f "$tmp/out"
	pool="--threads $2"
	mod=$1
	[ "$1" = threads-default ] && { pool=; mod=threads; }
	# shellcheck disable=SC2086
	"$BIN/echod" -q --port 0 --model "$mod" $pool \
	    --max-clients 6000 --delay "$3" --idle-timeout 0 \
	    >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	i=0
	until grep -q 'Listening on the port :' "$tmp/out" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 100 ] && die "echod $1 did not start: $(cat "$tmp/err")"
		sleep 0.1
	done
	port=$(sed -n 's/.*port :\([0-9]*\)$/\1/p' "$tmp/out")
}

# stop: SIGTERM, bounded wait; sets stopped to "ok" or what went wrong.
stop() {
	kill "$pid" 2>/dev/null
	i=0
	# A zombie (exited, not yet waited for) counts as gone.
	while [ $i -lt 300 ] && [ -e "/proc/$pid" ] &&
	    ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null; do
		i=$((i + 1))
		sleep 0.1
	done
	if [ $i -ge 300 ]; then
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		stopped=no-exit-in-30s
	else
		wait "$pid"
		rc=$?
		stopped=ok
		[ $rc -eq 0 ] || stopped=exit-$rc
	fi
	pid=
}

echo "echo.sh: results in $OUT" >&2
for m in $MODELS; do
	for d in $DELAYS; do
		for n in $CLIENTS; do
			start "$m" "$n" "$d"
			r=$("$BIN/bench/echobench" -p "$port" -n "$n" \
			    -d "$SECS" -P "$pid" -l "$m" 2>&1 | tail -n 1)
			alive=yes
			kill -0 "$pid" 2>/dev/null || alive=no
			stop
			echo "model=$m delay=$d alive=$alive stop=$stopped $r" \
			    >>"$RAW"
			echo "== $m delay $d, $n clients: $r" >&2
		done
	done
done

echo
echo "echod, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores shared by" \
    "server and echobench; ${SECS} s a run. Raw: $RAW"
echo
awk -f "$top/bench/echo_table.awk" "$RAW" | tee "$OUT/echo-table.md"

PLOT=$(echo "$MODELS" | sed 's/threads-default//')
if command -v gnuplot >/dev/null 2>&1; then
	for m in $PLOT; do
		for d in $DELAYS; do
			awk -v m="$m" -v d="$d" '
			    { for (i = 1; i <= NF; i++) {
				split($i, kv, "="); f[kv[1]] = kv[2] } }
			    f["model"] == m && f["delay"] == d {
				print f["clients"], f["rate"], f["p99_ms"] }' \
			    "$RAW" >"$OUT/echo-$m-$d.dat"
		done
	done
	MODELS="$PLOT" DELAYS="$DELAYS" OUT="$OUT" gnuplot \
	    "$top/bench/echo.gp" 2>"$tmp/gp.err" &&
	    echo "plot: $OUT/echo.png" ||
	    echo "echo.sh: gnuplot failed: $(cat "$tmp/gp.err")" >&2
else
	echo "echo.sh: gnuplot is not installed: no plot" \
	    "(apt-get install gnuplot-nox)"
fi
