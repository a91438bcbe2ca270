#!/bin/sh
# taskd with thousands of workers at --every 1: is every task handed out
# and answered each tick, how late after the second do tasks arrive, and
# what each worker costs taskd in memory.
#
#   sh bench/task.sh BIN         BIN: the directory holding taskd
#
# TASK_WORKERS (5000) and TASK_TICKS (10) change the sizes.  Prints the
# figures (raw JSON last); exits non-zero only if something could not run.
set -u
BIN=$(cd "${1:?usage: sh bench/task.sh BIN}" && pwd) || exit 64
WORKERS=${TASK_WORKERS:-5000}
TICKS=${TASK_TICKS:-10}
tmp=$(mktemp -d)
pid=

cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

for f in "$BIN/taskd" "$BIN/bench/taskbench"; do
	[ -x "$f" ] || { echo "task.sh: no $f" >&2; exit 1; }
done
ulimit -n "$(ulimit -Hn)" 2>/dev/null
"$BIN/taskd" -q --every 1 -p 0 >"$tmp/out" 2>"$tmp/err" &
pid=$!
i=0
until grep -q 'Listening on the port :' "$tmp/out" 2>/dev/null; do
	i=$((i + 1))
	[ $i -gt 100 ] && { echo "task.sh: taskd did not start:" \
	    "$(cat "$tmp/err")" >&2; exit 1; }
	sleep 0.1
done
port=$(sed -n 's/.*port :\([0-9]*\)$/\1/p' "$tmp/out")
echo "taskd, $WORKERS workers from 127.0.0.10-109 at --every 1," \
    "$TICKS ticks; $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores" \
    "shared by taskd and the workers"
"$BIN/bench/taskbench" -p "$port" -n "$WORKERS" -t "$TICKS" \
    --server-pid "$pid" --json || exit 1
kill "$pid"
wait "$pid"
rc=$?
pid=
[ $rc -eq 0 ] || { echo "task.sh: taskd exited $rc" >&2; exit 1; }
