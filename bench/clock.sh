#!/bin/sh
# Clock benchmarks: clockd with many clients (does every client get every
# tick, how late after the second), clockwall watching many clocks (CPU).
# Beside clockd's lateness stands the machine's floor: bench/writefloor.c,
# a clock server that is nothing but a loop of write()s, measured by the
# same clockbench; no single-threaded server can beat it here.
#
#   sh bench/clock.sh BIN        BIN: the directory holding clockd etc.
#
# CLOCK_CLIENTS (10000), CLOCK_SMALL (1000 clients, a second clockd run),
# CLOCK_TICKS (5), CLOCK_WALL (100 clocks) and CLOCK_SECS (10) change the
# sizes.  Prints a small table; exits non-zero
# only if something could not run (missed targets are reported, not fatal).
set -u
BIN=$(cd "${1:?usage: sh bench/clock.sh BIN}" && pwd) || exit 64
CLIENTS=${CLOCK_CLIENTS:-10000}
SMALL=${CLOCK_SMALL:-1000}
TICKS=${CLOCK_TICKS:-5}
CLOCKS=${CLOCK_WALL:-100}
SECS=${CLOCK_SECS:-10}
tmp=$(mktemp -d)
pids=
sock=clockbench$$

cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	tmux -L "$sock" kill-server 2>/dev/null
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

die() {
	echo "clock.sh: $*" >&2
	exit 1
}

# server NAME PROG ARGS...: start it, wait (bounded) for its port into $port.
server() {
	name=$1
	prog=$2
	shift 2
	"$BIN/$prog" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
	pids="$pids $!"
	i=0
	until grep -q 'Listening on the port :' "$tmp/$name.out" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 100 ] &&
		    die "$prog $name did not start: $(cat "$tmp/$name.err")"
		sleep 0.1
	done
	port=$(sed -n 's/.*port :\([0-9]*\)$/\1/p' "$tmp/$name.out")
}

clockd() {
	name=$1
	shift
	# every clockbench client comes from 127.0.0.1
	server "$name" clockd --port 0 --max-per-addr 0 "$@"
}

# measure NAME CLIENTS: clockbench against $port into $tmp/NAME.out.
measure() {
	"$BIN/bench/clockbench" -p "$port" -n "$2" -t "$TICKS" -w 60 \
	    >"$tmp/$1.out" 2>&1
	[ -n "$(val every_tick "$1")" ] ||
	    die "clockbench failed: $(cat "$tmp/$1.out")"
}

val() { sed -n "s/^$1  *//p" "$tmp/${2:-bench}.out"; }

# CPU time of a process so far, in microseconds (schedstat is in ns).
cpu_us() {
	if [ -r "/proc/$1/schedstat" ]; then
		echo $(($(cut -d' ' -f1 "/proc/$1/schedstat") / 1000))
	else
		awk '{ print ($14 + $15) * 10000 }' "/proc/$1/stat"
	fi
}

# percent PID SECS: the CPU share of PID over the next SECS seconds.
percent() {
	a=$(cpu_us "$1")
	sleep "$2"
	b=$(cpu_us "$1")
	awk -v d=$((b - a)) -v s="$2" 'BEGIN { printf "%.2f", d / 1e4 / s }'
}

row() {
	printf '%-42s %-28s %s\n' "$1" "$2" "$3"
}

# 1. clockd with CLIENTS clients, in UTC so a line names its second; then
# with SMALL clients; then the floor server with CLIENTS.
clockd big --tz UTC0 -q
bigpid=${pids##* }
before=$(cpu_us "$bigpid")
measure bench "$CLIENTS"
after=$(cpu_us "$bigpid")
measure small "$SMALL"
kill "$bigpid"
server floorsrv bench/writefloor
floorpid=${pids##* }
measure floor "$CLIENTS"
[ "$(val every_tick floor)" = yes ] ||
    die "the floor server missed ticks: $(cat "$tmp/floor.out")"
kill "$floorpid"
wait "$floorpid" 2>/dev/null
each=$(sed -n 's/.*writes, \([0-9.]*\) us each$/\1/p' "$tmp/floorsrv.err")
# Two of them on one port: the clients shared between the two cores.
server floor1 bench/writefloor
f1=${pids##* }
server floor2 bench/writefloor -p "$port"
f2=${pids##* }
measure floor2 "$CLIENTS"
kill "$f1" "$f2"

# 2. clockwall watching CLOCKS clocks on four servers in four zones.
args=
n=0
for z in America/New_York Asia/Tokyo Europe/London Asia/Kolkata; do
	clockd "z$n" --tz "$z" -q
	eval "port$n=$port"
	n=$((n + 1))
done
i=0
while [ $i -lt "$CLOCKS" ]; do
	eval "p=\$port$((i % 4))"
	args="$args C$i=127.0.0.1:$p"
	i=$((i + 1))
done
# shellcheck disable=SC2086
"$BIN/clockwall" --plain $args >/dev/null &
wall=$!
pids="$pids $wall"
sleep 2
plain=$(percent "$wall" "$SECS")
kill "$wall"
screen=n/a
if command -v tmux >/dev/null 2>&1; then
	# shellcheck disable=SC2086
	tmux -L "$sock" new-session -d -s wall -x 200 -y 60 \
	    "exec '$BIN/clockwall' $args"
	sleep 2
	tpid=$(tmux -L "$sock" list-panes -t wall -F '#{pane_pid}')
	screen=$(percent "$tpid" "$SECS")
fi

lines=$(val lines | cut -d' ' -f1)
got=$(val clients | cut -d' ' -f1)
cpu=$(awk -v d=$((after - before)) 'BEGIN { printf "%.0f ms", d / 1000 }')
echo "clock bench ($(nproc) cores; figures move with the machine's load)"
row "what" "measured" "target"
row "clockd: clients connected" "$got of $CLIENTS" ""
row "clockd: every client got every tick" \
    "$(val every_tick) ($lines lines, $TICKS ticks)" "yes"
row "clockd: missing / duplicate lines" \
    "$(val missing | cut -d' ' -f1) / $(val duplicates)" "0 / 0"
row "clockd: lateness after the second, p50" "$(val late_p50_ms) ms" ""
row "clockd: lateness p99" "$(val late_p99_ms) ms" "<= 20 ms"
row "clockd: lateness max" "$(val late_max_ms) ms" ""
row "floor (writefloor): p50 / p99" \
    "$(val late_p50_ms floor) / $(val late_p99_ms floor) ms" "(yardstick)"
row "floor: one write()" "${each:-?} us" ""
row "floor, 2 processes on one port: p50 / p99" \
    "$(val late_p50_ms floor2) / $(val late_p99_ms floor2) ms" "(yardstick)"
row "clockd: $SMALL clients, every tick / p99" \
    "$(val every_tick small) / $(val late_p99_ms small) ms" "yes / <= 20 ms"
row "clockd: CPU, accepts + $TICKS ticks" "$cpu" ""
row "clockwall --plain, $CLOCKS clocks: CPU" "$plain %" "< 1 %"
row "clockwall table (tmux), $CLOCKS clocks: CPU" "$screen %" "< 1 %"
