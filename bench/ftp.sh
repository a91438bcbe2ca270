#!/bin/sh
# FTP bench: tcpftpd beside Debian's vsftpd in the same sitting, same
# files, same client (curl): one large RETR against `cat FILE >/dev/null`,
# and 100 concurrent downloads (aggregate MiB/s, server CPU, peak RSS).
# Each server runs on a free loopback port and is stopped by its PID;
# vsftpd gets its own config file in a temp dir (anonymous, read-only).
#
#   sh bench/ftp.sh BIN [vsftpd=PATH]
#
# FTP_BIG_MIB (1024), FTP_CONC (100), FTP_CONC_MIB (32) change the sizes;
# BENCH_QUICK=1 runs a toy version. See bench/ftpbench.py.
set -u
BIN=$(cd "${1:?usage: sh bench/ftp.sh BIN [vsftpd=PATH]}" && pwd) || exit 64
shift
top=$(cd "$(dirname "$0")/.." && pwd)
for t in curl python3; do
	command -v "$t" >/dev/null 2>&1 || {
		echo "ftp.sh: $t is needed" >&2
		exit 69
	}
done
[ -x "$BIN/tcpftpd" ] || { echo "ftp.sh: no $BIN/tcpftpd" >&2; exit 69; }
ulimit -n "$(ulimit -Hn)" 2>/dev/null
exec "${PYTHON:-python3}" "$top/bench/ftpbench.py" "$BIN" "$@"
