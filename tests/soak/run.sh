#!/bin/sh
# make soak: see soak.py. Not part of make check or CI: it takes minutes.
#   sh tests/soak/run.sh BINDIR [SECONDS]
set -u
exec python3 "$(dirname "$0")/soak.py" "$1" "${2:-180}"
