#!/bin/sh
# The FTP bench still works, at toy size: both servers serve every
# download in full (ftpbench.py checks each size) and the table comes
# out. Checks what it counts, never how fast: figures live in `make bench`.
set -u
BIN=${TCPCHAT_BIN:?}
TOP=${TCPCHAT_TOP:-.}
command -v curl >/dev/null 2>&1 || { echo "SKIP: no curl"; exit 77; }
out=$(FTP_BIG_MIB=8 FTP_CONC=5 FTP_CONC_MIB=1 sh "$TOP/bench/ftp.sh" \
    "$BIN" 2>&1) || { echo "FAIL: ftp.sh: $out"; exit 1; }
echo "$out"
echo "$out" | grep -q '^| tcpftpd |.* 5/5 |' ||
    { echo "FAIL: no tcpftpd row with 5/5 downloads done"; exit 1; }
if [ -x /usr/sbin/vsftpd ] || command -v vsftpd >/dev/null 2>&1; then
	echo "$out" | grep -q '^| vsftpd  |' ||
	    { echo "FAIL: no vsftpd row"; exit 1; }
fi
echo ok
