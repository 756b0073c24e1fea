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

source "$(dirname "$0")/common.sh"

measure "$ttam" scrape --check "$file" > "$work/ttam.txt"
measure sh -c "promtool check metrics < '$file'" > "$work/promtool.txt"

report "ttam scrape --check:" "$work/ttam.txt" "promtool check metrics:" "$work/promtool.txt"
