#!/usr/bin/env bash
# Benchmark: `ttam query --data FILE` end to end (load + evaluate) on a
# generated OpenMetrics file of 10,000 series x 1 h at 15 s (2.4M samples,
# the size `promtool tsdb create-blocks-from openmetrics` backfills), for a
# few queries; prints the median wall time and peak memory of each (the
# target: under 2 s). Not part of the test suite.
#
# usage: tests/bench/query_load.sh [path/to/ttam] [runs]
# (tests/bench/query.sh compares the evaluation with a real Prometheus.)
set -euo pipefail
ttam=${1:-build/ci/tools/ttam/ttam}
runs=${2:-5}
[ -x "$ttam" ] || { echo "no ttam binary at $ttam (build first)" >&2; exit 2; }
"$ttam" query --help >/dev/null 2>&1 || { echo "$ttam has no query subcommand" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found (apt-get install time)" >&2; exit 2; }
source "$(dirname "$0")/common.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
file=$work/bench.om
# 10,000 counter series (10 jobs x 1,000 instances, 7 paths), 240 samples
# each, 7 s after each 15 s step.
awk 'BEGIN {
  start = 1700000000;
  print "# HELP http_requests Requests.";
  print "# TYPE http_requests counter";
  for (s = 0; s < 10000; s++) {
    labels = sprintf("job=\"job%d\",instance=\"host%d:9100\",path=\"/api/v%d\"", s % 10, int(s / 10), s % 7);
    v = 0;
    for (k = 0; k < 240; k++) {
      v += s % 13 + k % 5;
      printf "http_requests_total{%s} %d %d\n", labels, v, start + 7 + k * 15;
    }
  }
  print "# EOF";
}' > "$file"
echo "data: $(wc -c < "$file") bytes, $(($(wc -l < "$file") - 3)) samples"

t=1700003600
queries=(
  "count(http_requests_total)"
  "sum by (job) (rate(http_requests_total[5m]))"
  "topk(5, rate(http_requests_total[5m]))"
)
for q in "${queries[@]}"; do
  measure "$ttam" query --data "$file" --time "$t" "$q" > "$work/m"
  printf '%-50s  %7.4f s  %7.1f MB\n' "$q" "$(cut -d' ' -f1 "$work/m" | median)" \
    "$(cut -d' ' -f2 "$work/m" | median | awk '{ print $1 / 1024 }')"
done
q="sum by (job) (rate(http_requests_total[5m]))"
measure "$ttam" query --data "$file" --start 1700000600 --end "$t" --step 60 "$q" > "$work/m"
printf '%-50s  %7.4f s  %7.1f MB\n' "range, 51 steps: $q" "$(cut -d' ' -f1 "$work/m" | median)" \
  "$(cut -d' ' -f2 "$work/m" | median | awk '{ print $1 / 1024 }')"
