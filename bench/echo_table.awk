# echo.sh's Markdown table from echobench's key=value lines (echo.txt).
function f(k) { return (k in v) ? v[k] : "" }
function n(k) { return f(k) + 0 }
function mib(k) { return sprintf("%.1f", f(k) / 1024) }
# broke: the first thing that went wrong in a run, or "-".
function broke(  d) {
	if (f("alive") != "yes") return "server died"
	if (f("stop") != "ok") return "stop: " f("stop")
	if (n("refused") > 0) return f("refused") " refused"
	if (n("failed") > 0) return f("failed") " failed"
	if (n("corrupt") > 0) return f("corrupt") " corrupt"
	if (n("stalled") > 0) return f("stalled") " got no echo"
	d = n("delay")
	if (d > 0 && n("p99_ms") > 2 * d) return "p99 > 2 x delay"
	if (d == 0 && n("p99_ms") > 100) return "p99 > 100 ms"
	return "-"
}
BEGIN {
	print "| model | clients | delay | lines/s | p50 ms | p99 ms | " \
	    "RSS sum MiB | PSS MiB | ctx switches | CPU s | tasks | " \
	    "broke first |"
	print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
}
{
	delete v
	for (i = 1; i <= NF; i++) {
		j = index($i, "=")
		v[substr($i, 1, j - 1)] = substr($i, j + 1)
	}
	printf "| %s | %s | %s | %d | %.2f | %.2f | %s | %s | %s | %s | %s | %s |\n",
	    f("model"), f("clients"), f("delay"), f("rate"), f("p50_ms"),
	    f("p99_ms"), mib("hwm_kib"), mib("pss_kib"), f("ctxsw"),
	    f("cpu_s"), f("threads"), broke()
}
