#!/bin/sh
# Runs every test: cmocka unit binaries, fuzz corpora, integration and
# tui scripts, and the man page lint. Python modules named *lib.py are
# helpers, not tests. Arguments are globs over names like "unit/test_loop",
# "integration/hostile.py", "tui/resize.sh", "man/lint"; none runs all.
# Each test's output goes to tests/out/NAME.log, shown on failure. A test
# that exits 77 was skipped (it says why in a line with SKIP in it).
# Ends with the line "N passed, N failed, N skipped".
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
TCPCHAT_BIN=$(cd "${TCPCHAT_BIN:-bin}" && pwd)
TCPCHAT_UNITS=${TCPCHAT_UNITS:-build/tests}
TCPCHAT_TOP=$top
export TCPCHAT_BIN TCPCHAT_TOP TCPCHAT_UNITS
limit=${TEST_TIMEOUT:-600}
out=tests/out
mkdir -p "$out/unit" "$out/fuzz" "$out/integration" "$out/tui" "$out/man"

pass=0
fail=0
skip=0
failed=
flaky=

# wanted NAME [GLOB...]: true when no glob is given or one matches NAME.
wanted() {
	w_name=$1
	shift
	[ $# -eq 0 ] && return 0
	for w_pat in "$@"; do
		# shellcheck disable=SC2254
		case $w_name in $w_pat) return 0 ;; esac
	done
	return 1
}

# attempt NAME CMD...: runs the test once into its log; sets rc, secs.
attempt() {
	a_log=$out/$1.log
	shift
	start=$(date +%s)
	timeout -k 5 "$limit" "$@" >"$a_log" 2>&1
	rc=$?
	secs=$(( $(date +%s) - start ))
}

# A test that fails is shown, then run once more: on a loaded 2-core
# machine a timing test may lose a race once. A second failure fails;
# a pass on the second try passes but is named at the end (flaky:), so
# it is seen and fixed rather than hidden. TEST_RETRY=0 turns this off.
run() {
	name=$1
	shift
	log=$out/$name.log
	attempt "$name" "$@"
	if [ $rc -ne 0 ] && [ $rc -ne 77 ] && [ "${TEST_RETRY:-1}" = 1 ]; then
		printf 'RETRY %-39s %3ss (exit %s)\n' "$name" "$secs" "$rc"
		sed 's/^/    | /' "$log" | tail -n 30
		attempt "$name" "$@"
		[ $rc -eq 0 ] && flaky="$flaky $name"
	fi
	if [ $rc -eq 0 ]; then
		pass=$((pass + 1))
		printf 'PASS %-40s %3ss\n' "$name" "$secs"
	elif [ $rc -eq 77 ]; then
		skip=$((skip + 1))
		printf 'SKIP %-40s %3ss: %s\n' "$name" "$secs" \
		    "$(grep -m1 SKIP "$log" | cut -c1-60)"
	else
		fail=$((fail + 1))
		failed="$failed $name"
		[ $rc -eq 124 ] && echo "(timed out after ${limit}s)" >>"$log"
		printf 'FAIL %-40s %3ss (exit %s)\n' "$name" "$secs" "$rc"
		sed 's/^/    | /' "$log" | tail -n 60
	fi
}

for t in "$TCPCHAT_UNITS"/test_*; do
	[ -x "$t" ] || continue
	n=unit/$(basename "$t")
	wanted "$n" "$@" && run "$n" "$t"
done
# Fuzz harnesses, each once over its corpus (no fuzzing): a finding that
# was fixed stays fixed.
for t in "$TCPCHAT_UNITS"/fuzz_*; do
	[ -x "$t" ] || continue
	n=fuzz/$(basename "$t")
	wanted "$n" "$@" && run "$n" "$t" "tests/fuzz/corpus/$(basename "$t")"
done
for kind in integration tui; do
	for t in tests/$kind/*.sh tests/$kind/*.py; do
		[ -f "$t" ] || continue
		case $t in *lib.py) continue ;; esac	# helpers, not tests
		n=$kind/$(basename "$t")
		wanted "$n" "$@" || continue
		case $t in
		*.py) run "$n" python3 "$t" ;;
		*) run "$n" sh "$t" ;;
		esac
	done
done
if wanted man/lint "$@" && ls man/*.[1-9] >/dev/null 2>&1; then
	run man/lint sh -c 'o=$(mandoc -T lint -W warning man/*.[1-9] 2>&1);
	    rc=$?; printf "%s\n" "$o"; [ $rc -eq 0 ] && [ -z "$o" ]'
fi

echo
[ -n "$flaky" ] && echo "flaky (passed on a second try):$flaky"
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ] && [ $pass -gt 0 ]
