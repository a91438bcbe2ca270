#!/bin/sh
# Installs what tcpchat needs to build and test, if anything is missing.
# Debian/Ubuntu: apt-get when root (or via sudo -n); otherwise it says
# exactly what to install. Does nothing when everything is there.
# "deps.sh fuzz" also wants what make fuzz needs: clang and libFuzzer.
set -u

# package:probe — the probe is a command, or a pkg-config module (pc:name),
# or a file (h:path), or a clang runtime library (rt:name).
need="
gcc:cc
make:make
pkg-config:pkg-config
libncurses-dev:pc:ncursesw
libreadline-dev:pc:readline
libcmocka-dev:pc:cmocka
libunistring-dev:h:/usr/include/unicase.h
mandoc:mandoc
tmux:tmux
python3:python3
curl:curl
lftp:lftp
ftp:ftp
libhiredis-dev:pc:hiredis
redis-server:redis-server
"
if [ "${1:-}" = fuzz ]; then
	need="$need clang:clang libclang-rt-14-dev:rt:fuzzer"
fi

have() {
	case $1 in
	pc:*)	command -v pkg-config >/dev/null 2>&1 &&
		    pkg-config --exists "${1#pc:}" ;;
	h:*)	[ -f "${1#h:}" ] ;;
	rt:*)	command -v clang >/dev/null 2>&1 && [ -f "$(clang \
		    -print-file-name="libclang_rt.${1#rt:}-x86_64.a")" ] ;;
	*)	command -v "$1" >/dev/null 2>&1 ;;
	esac
}

missing=
for entry in $need; do
	pkg=${entry%%:*}
	probe=${entry#*:}
	have "$probe" || missing="$missing $pkg"
done

[ -z "$missing" ] && exit 0

echo "deps.sh: missing:$missing" >&2
if ! command -v apt-get >/dev/null 2>&1; then
	echo "deps.sh: no apt-get here; install the equivalents of:$missing" >&2
	exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
	sudo=
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo="sudo -n"
else
	echo "deps.sh: run as root: apt-get install$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2 || true
# shellcheck disable=SC2086
if ! $sudo apt-get install -y -qq --no-install-recommends $missing >&2; then
	echo "deps.sh: apt-get install$missing failed" >&2
	exit 1
fi
echo "deps.sh: installed:$missing" >&2
