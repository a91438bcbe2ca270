#!/bin/sh
# No cycle among the files of a program: scripts/layers.py reads the
# objects of each folder with nm(1) and fails on any file that reaches
# itself through what it calls or reads. Its self-test first proves that
# it finds a cycle where one is.
set -u
TOP=${TCPCHAT_TOP:-.}
# The objects of the build under test: bin/san's are in build/san.
case ${TCPCHAT_BIN:-bin} in
*/san | san) build=build/san ;;
*) build=build ;;
esac
cd "$TOP" || exit 1
exec python3 scripts/layers.py -b "$build" --selftest server clockd clockwall \
    task tcpftpd echod tui-client
