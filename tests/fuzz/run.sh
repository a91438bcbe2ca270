#!/bin/sh
# make fuzz: runs each libFuzzer harness in DIR for SECONDS, one at a
# time, starting from its seed corpus (tests/fuzz/corpus/NAME, read only:
# what a run finds goes to build/fuzz/corpus/NAME) with its dictionary
# if there is one. A crash, leak, timeout or broken invariant is saved
# as build/fuzz/finds/NAME-crash-*; the script then exits 1.
#   sh tests/fuzz/run.sh DIR SECONDS [NAME...]
set -u
dir=$1
secs=${2:-60}
shift 2
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$top/build/fuzz
mkdir -p "$work/corpus" "$work/finds" "$work/logs"
failed=
for h in "$dir"/fuzz_*; do
	[ -x "$h" ] || continue
	name=$(basename "$h")
	if [ $# -gt 0 ]; then
		case " $* " in *" $name "*) ;; *) continue ;; esac
	fi
	seeds=$top/tests/fuzz/corpus/$name
	mkdir -p "$work/corpus/$name"
	dict=
	[ -f "$top/tests/fuzz/$name.dict" ] &&
	    dict=-dict=$top/tests/fuzz/$name.dict
	log=$work/logs/$name.log
	# -timeout: an input that takes 10 s is a hang; -rss_limit_mb: the
	# harnesses keep nothing between inputs.
	"$h" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="$work/finds/$name-" \
	    $dict "$work/corpus/$name" "$seeds" >"$log" 2>&1
	rc=$?
	# the last status line: "#N DONE cov: C ft: F corp: ..."
	st=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(printf '%s\n' "$st" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
	ft=$(printf '%s\n' "$st" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
	corp=$(printf '%s\n' "$st" | sed -n 's/.*corp: \([0-9]*\).*/\1/p')
	if [ $rc -eq 0 ]; then
		printf 'PASS %-16s %4ss %10s execs cov %5s ft %6s corp %s\n' \
		    "$name" "$secs" "${execs:-?}" "${cov:-?}" "${ft:-?}" \
		    "${corp:-?}"
	else
		failed="$failed $name"
		printf 'FAIL %-18s (exit %s), log %s\n' "$name" "$rc" "$log"
		grep -E 'invariant broken|ERROR|SUMMARY|Test unit written' \
		    "$log" | head -n 8 | sed 's/^/    | /'
	fi
done
if [ -n "$failed" ]; then
	echo "fuzz: findings in:$failed (inputs in $work/finds)"
	exit 1
fi
echo "fuzz: no findings"
