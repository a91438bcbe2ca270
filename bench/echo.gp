# echo.sh's plot: lines/s and p99 against clients, one line per model;
# solid --delay 0, dashed --delay 100. Reads $OUT/echo-MODEL-DELAY.dat.
out = system("echo $OUT")
models = system("echo $MODELS")
delays = system("echo $DELAYS")
set terminal pngcairo size 1100,560 font ",10"
set output out."/echo.png"
set multiplot layout 1,2 title "echod: three concurrency models (2 shared cores, loaded machine)"
set logscale x
set xlabel "concurrent clients"
set grid
set key below horizontal
set xrange [5:8000]
col(m) = (m eq "poll") ? 1 : (m eq "fork") ? 2 : 3
dtype(d) = (d eq "0") ? 1 : 2
set title "throughput"
set ylabel "lines/s"
set logscale y
plot for [m in models] for [d in delays] out."/echo-".m."-".d.".dat" \
    using 1:2 with linespoints lc (col(m)) dt dtype(d) pt 7 \
    title (m." delay ".d)
set title "p99 round trip"
set ylabel "ms"
plot for [m in models] for [d in delays] out."/echo-".m."-".d.".dat" \
    using 1:3 with linespoints lc (col(m)) dt dtype(d) pt 7 \
    title (m." delay ".d)
unset multiplot
