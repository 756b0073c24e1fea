#!/usr/bin/env bash
# Benchmark: `ttam cardinality FILE` against `promtool check metrics --extended
# < FILE` (which prints per-metric cardinality) on a generated exposition of
# 1,000,000 series: 200 counter families x 2500 series (method, code, path
# with an id, user_id) and 50 histogram families x 1000 label sets x 10 series
# (8 buckets, _sum, _count). Both are measured in this run; prints the median
# wall time and peak memory of each and the ratios (the target: at least 10x
# faster and at most 1/4 of promtool's peak memory). Not part of the test suite.
#
# usage: tests/bench/cardinality.sh [path/to/ttam] [runs]
set -euo pipefail
ttam=${1:-build/ci/tools/ttam/ttam}
runs=${2:-5}
[ -x "$ttam" ] || { echo "no ttam binary at $ttam (build first)" >&2; exit 2; }
"$ttam" cardinality --help 2>&1 | grep -q -- --max-series-per-metric ||
  { echo "$ttam has no cardinality subcommand (build a newer ttam)" >&2; exit 2; }
command -v promtool >/dev/null || { echo "promtool not found (apt-get install prometheus)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found (apt-get install time)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
file=$work/bench.prom
awk 'BEGIN {
  split("GET POST PUT DELETE", method, " ");
  split("200 201 400 404 500", code, " ");
  for (f = 0; f < 200; f++) {
    name = sprintf("bench_app_%03d_requests_total", f);
    printf "# HELP %s Generated counter %d.\n# TYPE %s counter\n", name, f, name;
    for (s = 0; s < 2500; s++)
      printf "%s{method=\"%s\",code=\"%s\",path=\"/api/v1/item/%d\",user_id=\"%d\"} %d\n",
             name, method[s % 4 + 1], code[int(s / 4) % 5 + 1], s % 50, 100000 + s, s * 3 + f;
  }
  split("0.005 0.01 0.05 0.1 0.5 1 5 +Inf", le, " ");
  for (f = 0; f < 50; f++) {
    name = sprintf("bench_rpc_%02d_duration_seconds", f);
    printf "# HELP %s Generated latency histogram %d.\n# TYPE %s histogram\n", name, f, name;
    for (s = 0; s < 1000; s++) {
      labels = sprintf("service=\"svc-%02d\",method=\"m%03d\",pod=\"pod-%04d\"", s % 20, s % 97, s);
      c = 0;
      for (b = 1; b <= 8; b++) { c += (s + b) % 5; printf "%s_bucket{%s,le=\"%s\"} %d\n", name, labels, le[b], c; }
      printf "%s_sum{%s} %.3f\n%s_count{%s} %d\n", name, labels, c * 0.137, name, labels, c;
    }
  }
}' > "$file"
bytes=$(stat -c %s "$file")
lines=$(wc -l < "$file")
echo "input: $file, $bytes bytes, $lines lines (1,000,000 series); $runs runs each"

source "$(dirname "$0")/common.sh"

# --max-series-per-metric 0 is not used: findings are part of the work measured.
measure "$ttam" cardinality "$file" > "$work/ttam.txt"
measure sh -c "promtool check metrics --extended < '$file'" > "$work/promtool.txt"

report "ttam cardinality:" "$work/ttam.txt" "promtool check metrics --extended:" "$work/promtool.txt"
