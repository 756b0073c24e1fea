#!/usr/bin/env bash
# Benchmark: `ttam scrape --check FILE` against `promtool check metrics < FILE`
# on a generated ~25 MB exposition (200 histogram families x 100 series x 12
# buckets, about 280k lines), both measured in this run. Prints the median
# wall time and peak memory of each and the ratios. Not part of the test suite.
#
# usage: tests/bench/scrape_check.sh [path/to/ttam] [runs]
set -euo pipefail
ttam=${1:-build/ci/tools/ttam/ttam}
runs=${2:-5}
[ -x "$ttam" ] || { echo "no ttam binary at $ttam (build first)" >&2; exit 2; }
command -v promtool >/dev/null || { echo "promtool not found (apt-get install prometheus)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found (apt-get install time)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
file=$work/bench.prom
awk 'BEGIN {
  split("0.005 0.01 0.025 0.05 0.1 0.25 0.5 1 2.5 5 10", le, " ");
  for (f = 0; f < 200; f++) {
    name = sprintf("bench_family_%03d_duration_seconds", f);
    printf "# HELP %s Generated latency histogram %d.\n# TYPE %s histogram\n", name, f, name;
    for (s = 0; s < 100; s++) {
      labels = sprintf("instance=\"host-%03d:9100\",job=\"bench\",route=\"/api/v1/item/%d\"", s, s % 17);
      c = 0;
      for (b = 1; b <= 11; b++) { c += (s + b) % 7; printf "%s_bucket{%s,le=\"%s\"} %d\n", name, labels, le[b], c; }
      c += 3;
      printf "%s_bucket{%s,le=\"+Inf\"} %d\n%s_sum{%s} %.3f\n%s_count{%s} %d\n", name, labels, c, name, labels, c * 0.137, name, labels, c;
    }
  }
}' > "$file"
bytes=$(stat -c %s "$file")
lines=$(wc -l < "$file")
echo "input: $file, $bytes bytes, $lines lines; $runs runs each"

measure() {  # prints "seconds kilobytes" per run (wall time in ns precision)
  local i start end
  for ((i = 0; i < runs; i++)); do
    start=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$work/t" "$@" > /dev/null 2>&1 || true
    end=$(date +%s%N)
    echo "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", (b - a) / 1e9 }') $(tail -n 1 "$work/t")"
  done
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

measure "$ttam" scrape --check "$file" > "$work/ttam.txt"
measure sh -c "promtool check metrics < '$file'" > "$work/promtool.txt"

t_time=$(cut -d' ' -f1 "$work/ttam.txt" | median)
t_mem=$(cut -d' ' -f2 "$work/ttam.txt" | median)
p_time=$(cut -d' ' -f1 "$work/promtool.txt" | median)
p_mem=$(cut -d' ' -f2 "$work/promtool.txt" | median)
awk -v tt="$t_time" -v tm="$t_mem" -v pt="$p_time" -v pm="$p_mem" 'BEGIN {
  printf "ttam scrape --check:     %7.4f s  %7.1f MB\n", tt, tm / 1024;
  printf "promtool check metrics:  %7.4f s  %7.1f MB\n", pt, pm / 1024;
  printf "speed: ttam is %.1fx faster; memory: ttam uses %.2f of promtool'"'"'s peak (1/%.1f)\n", pt / tt, tm / pm, pm / tm;
}'
