# Shared by the benchmark scripts (sourced, not run): timing, medians and the
# ratio report. The caller sets `runs` (runs per tool) and `work` (a scratch
# directory).

# Runs "$@" $runs times; prints "seconds kilobytes" per run (wall time from
# bash's $EPOCHREALTIME, read without starting a process, so that the clock
# itself adds nothing to a short run; peak RSS from /usr/bin/time).
measure() {
  local i start end
  for ((i = 0; i < runs; i++)); do
    start=$EPOCHREALTIME
    /usr/bin/time -f "%M" -o "$work/t" "$@" > /dev/null 2>&1 || true
    end=$EPOCHREALTIME
    echo "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }') $(tail -n 1 "$work/t")"
  done
}

# The median of the numbers on stdin, one per line.
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# report TTAM_LABEL TTAM_FILE PROMTOOL_LABEL PROMTOOL_FILE: the median time and
# memory of each (files written by measure) and the ratios.
report() {
  local t_time t_mem p_time p_mem
  t_time=$(cut -d' ' -f1 "$2" | median)
  t_mem=$(cut -d' ' -f2 "$2" | median)
  p_time=$(cut -d' ' -f1 "$4" | median)
  p_mem=$(cut -d' ' -f2 "$4" | median)
  awk -v tl="$1" -v tt="$t_time" -v tm="$t_mem" -v pl="$3" -v pt="$p_time" -v pm="$p_mem" 'BEGIN {
    w = length(tl) > length(pl) ? length(tl) : length(pl);
    printf "%-*s  %7.4f s  %7.1f MB\n", w, tl, tt, tm / 1024;
    printf "%-*s  %7.4f s  %7.1f MB\n", w, pl, pt, pm / 1024;
    printf "speed: ttam is %.1fx faster; memory: ttam uses %.2f of promtool'"'"'s peak (1/%.1f)\n", pt / tt, tm / pm, pm / tm;
  }'
}
