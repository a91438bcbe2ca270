#!/bin/sh
# What `make run` calls with the binaries' directory as $1: starts
# tcpchatd on port 8989 in the background unless something already
# answers on localhost:8989, runs tcpchat in the foreground, and stops
# the server it started (and only that one) when the client exits.
# TCPCHAT_PORT overrides the port (the tests use a free one). The
# server's log stays in ${TMPDIR:-/tmp}/tcpchatd-PORT.log after the
# client exits, for reading what it said.
set -u
bin=${1:-bin}
port=${TCPCHAT_PORT:-8989}
log=${TMPDIR:-/tmp}/tcpchatd-$port.log
state=$(mktemp -d "${TMPDIR:-/tmp}/tcpchat-run.XXXXXX") || exit 71
pid=

cleanup() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		echo "run.sh: tcpchatd's log is in $log" >&2
	fi
	rm -rf "$state"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

answers() {
	python3 - "$port" <<'PY' 2>/dev/null
import socket, sys
try:
    socket.create_connection(("localhost", int(sys.argv[1])), 1).close()
except OSError:
    sys.exit(1)
PY
}

if ! answers; then
	"$bin/tcpchatd" --port "$port" >"$state/out" 2>"$log" &
	pid=$!
	# Bounded wait for "Listening on the port :N" (5 s).
	i=0
	while ! grep -q '^Listening on the port' "$state/out" 2>/dev/null; do
		if ! kill -0 "$pid" 2>/dev/null || [ $i -ge 50 ]; then
			echo "run.sh: tcpchatd did not start:" >&2
			cat "$log" >&2
			exit 69
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "run.sh: started tcpchatd on port $port (pid $pid)" >&2
fi
"$bin/tcpchat" localhost "$port"
