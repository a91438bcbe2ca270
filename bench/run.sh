#!/bin/sh
# Runs the standard benchmark set against tcpchatd and each peer, prints a table.
#
#   sh bench/run.sh BIN [PEER...]      (what `make bench PEER=...` runs)
#
# tcpchatd runs with its default poll() loop and, as "tcpchatd-epoll", with
# TCPCHAT_LOOP=epoll for the many-client cases.  PEER is one of
#   NAME=PATH       a net-cat style server started as
#                   "PATH -max 100000 -bind 127.0.0.1 PORT" (gochat's flags)
#   ngircd          Debian's ngircd with bench/ngircd.conf, measured in IRC
#                   mode (ngircd=PATH names another binary)
# Every run gets a freshly started server, so history, RSS and CPU figures
# belong to that run alone.  Raw JSON goes to $BENCH_OUT (default
# build/bench-results/DATE); BENCH_QUICK=1 runs a short smoke version;
# BENCH_SERVERS lists the tcpchatd variants (empty: peers only);
# BENCH_SETTLE caps the wait for the idle joins (90 s).
set -u
BIN=${1:-bin}
[ $# -gt 0 ] && shift
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
QUICK=${BENCH_QUICK:-0}
OUT=${BENCH_OUT:-build/bench-results/$(date -u +%Y%m%d-%H%M%S)}
PY=${PYTHON:-python3}
LG=$BIN/bench/loadgen
HELP=bench/bench.py
mkdir -p "$OUT"

servers=${BENCH_SERVERS-tcpchatd tcpchatd-epoll}
need=$LG
case " $servers " in *" tcpchatd"*) need="$need $BIN/tcpchatd" ;; esac
for f in $need; do
	[ -x "$f" ] || make --no-print-directory $need || exit 1
done
ulimit -n "$(ulimit -Hn)" 2>/dev/null
nofile=$(ulimit -n)

SPID=
SDIR=$(mktemp -d "${TMPDIR:-/tmp}/tcpchat-bench.XXXXXX") || exit 1
cleanup() {
	[ -n "$SPID" ] && kill "$SPID" 2>/dev/null
	rm -rf "$SDIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# server_start NAME SPEC: sets SPID, SPORT and IRC (extra loadgen
# options), or returns 1.
server_start() {
	name=$1
	spec=$2
	IRC=
	log=$OUT/$name.server.log
	case $spec in
	tcpchatd | tcpchatd-epoll)
		lp=poll
		[ "$spec" = tcpchatd-epoll ] && lp=epoll
		# loadgen puts up to 5,000 clients on each loopback
		# address: no per-address limits.
		TCPCHAT_LOOP=$lp "$BIN/tcpchatd" --port 0 -m 20000 \
		    --line-rate 0 --max-per-addr 0 --max-unnamed-per-addr 0 \
		    -q >"$SDIR/out" 2>>"$log" &
		SPID=$!
		i=0
		SPORT=
		while [ $i -lt 100 ] && [ -z "$SPORT" ]; do
			SPORT=$(sed -n 's/.*Listening on the port :\([0-9]*\).*/\1/p' \
			    "$SDIR/out" | head -n 1)
			[ -z "$SPORT" ] && sleep 0.05
			i=$((i + 1))
		done
		[ -n "$SPORT" ] || { echo "run.sh: tcpchatd did not start" >&2
			server_stop; return 1; }
		return 0 ;;
	ngircd | ngircd=*)
		# ngircd listens with a backlog of 10: a wider handshake
		# window measures SYN retransmits (1, 3, 7 s) and clients
		# joining #bench after the messages started.
		IRC="--irc --connect-window 8"
		SPORT=$($PY $HELP free-port)
		sed "s/@PORT@/$SPORT/" bench/ngircd.conf >"$SDIR/ngircd.conf"
		prog=${spec#ngircd=}
		[ "$prog" = ngircd ] && prog=$(command -v ngircd ||
		    echo /usr/sbin/ngircd)
		"$prog" -n -f "$SDIR/ngircd.conf" >>"$log" 2>&1 &
		SPID=$! ;;
	*)
		SPORT=$($PY $HELP free-port)
		"${spec#*=}" -max 100000 -bind 127.0.0.1 "$SPORT" >>"$log" 2>&1 &
		SPID=$! ;;
	esac
	$PY $HELP wait-port "$SPORT" 10 && return 0
	echo "run.sh: $name did not start (see $log)" >&2
	server_stop
	return 1
}

server_stop() {
	[ -n "$SPID" ] || return 0
	kill "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
	SPID=
}

# measure NAME SPEC TAG LOADGEN-ARGS...: one run on a fresh server.
measure() {
	name=$1
	spec=$2
	tag=$3
	shift 3
	server_start "$name" "$spec" || return 1
	echo "== $name $tag: $*" >&2
	# shellcheck disable=SC2086
	"$LG" --json --port "$SPORT" --server-pid "$SPID" --label "$name" \
	    $IRC "$@" >"$OUT/$name.$tag.json" 2>"$OUT/$name.$tag.log"
	tail -n 1 "$OUT/$name.$tag.log" >&2
	server_stop
}

# fanout NAME SPEC N: climb the ladder of deliveries/s until a rung fails
# (loss, a dropped client or p99 > 50 ms), then run flat out.
fanout() {
	name=$1
	spec=$2
	n=$3
	for d in $LADDER; do
		rate=$((d / (n - 1)))
		measure "$name" "$spec" "fan$n-$d" --clients "$n" --senders 10 \
		    --size 64 --rate "$rate" --duration "$DUR" || return
		$PY $HELP pass "$OUT/$name.fan$n-$d.json" || break
	done
	measure "$name" "$spec" "fan$n-max" --clients "$n" --senders 10 \
	    --size 64 --rate 0 --duration "$DUR"
}

# idle NAME SPEC N: N clients join (every join notice delivered), held.
idle() {
	if [ "$3" -gt $((nofile - 50)) ]; then
		echo "run.sh: skipping $3 idle clients: ulimit -n is $nofile" >&2
		return
	fi
	measure "$1" "$2" "idle$3" --clients "$3" --senders 0 --rate 0 \
	    --duration "$HOLD" --settle "$SETTLE"
}

# slow NAME SPEC: 100 clients, 400-byte messages at 1,000 msg/s, with and
# without one client that never reads.
slow() {
	measure "$1" "$2" slow0 --clients 100 --senders 10 --size 400 \
	    --rate 1000 --duration "$SLOWDUR"
	measure "$1" "$2" slow1 --clients 101 --slow 1 --senders 10 \
	    --size 400 --rate 1000 --duration "$SLOWDUR"
}

if [ "$QUICK" = 1 ]; then
	LADDER="1000000"
	DUR=3
	HOLD=2
	SETTLE=30
	SLOWDUR=5
	IDLE="2000"
else
	LADDER="1000000 2000000 3000000 4000000 5000000"
	DUR=10
	HOLD=10
	SETTLE=${BENCH_SETTLE:-90}
	SLOWDUR=20
	IDLE="10000 19900"
fi

for p in "$@"; do
	servers="$servers ${p%%=*}"
done

spec_of() {
	case $1 in tcpchatd | tcpchatd-epoll) echo "$1"; return ;; esac
	for p in $PEERS; do
		[ "${p%%=*}" = "$1" ] && { echo "$p"; return; }
	done
}
PEERS="$*"

echo "bench: results in $OUT" >&2
for s in $servers; do
	spec=$(spec_of "$s")
	# The epoll loop only matters where poll()'s O(n) scan could: many
	# clients.  The rest of the set is the same code.
	fans="100 1000"
	[ "$s" = tcpchatd-epoll ] && fans=1000
	for n in $fans; do
		fanout "$s" "$spec" "$n"
	done
	for n in $IDLE; do
		idle "$s" "$spec" "$n"
	done
	[ "$s" = tcpchatd-epoll ] || slow "$s" "$spec"
done

echo
echo "tcpchat benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores" \
    "shared by server and loadgen; deliveries/s achieved and p99 latency;"
echo "a rung passes with loss 0, nobody dropped, p99 <= 50 ms. Raw: $OUT"
echo
$PY $HELP table "$OUT" $servers | tee "$OUT/table.txt"

if [ -f bench/clock.sh ]; then
	echo
	sh bench/clock.sh "$BIN"
fi

if [ -f bench/task.sh ]; then
	echo
	sh bench/task.sh "$BIN"
fi
if [ -f bench/cluster.sh ]; then
	echo
	BENCH_OUT=$OUT sh bench/cluster.sh "$BIN"
fi
if [ -f bench/ftp.sh ]; then
	echo
	sh bench/ftp.sh "$BIN"
fi
if [ -f bench/echo.sh ]; then
	echo
	BENCH_OUT=$OUT sh bench/echo.sh "$BIN"
fi
