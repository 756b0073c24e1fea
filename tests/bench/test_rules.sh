#!/usr/bin/env bash
# Benchmark: `ttam test-rules` against `promtool test rules` on spec §6.1's
# generated workload (tests/bench/test_rules_gen.py, the spec's Appendix A:
# 200 rules in 10 groups, 2,000 input series at 15 s for 1 h, 140 alert
# tests and 60 expression tests), with evaluation_interval 1m and 15s, both
# tools measured in this run. Both must pass the file. Prints, per variant,
# the median wall time, peak memory and CPU time (GNU time) of each and the
# ratios.
# Targets: ttam at least 10x faster, at most 1/4 of promtool's peak memory.
# Not part of the test suite.
#
# usage: tests/bench/test_rules.sh [path/to/ttam] [runs] [intervals]
#   intervals: the evaluation_intervals to run, default "1m 15s"
#   TTAM_BENCH_ALLOW_FAIL=1: measure even when ttam fails the file
set -euo pipefail
ttam=${1:-build/ci/tools/ttam/ttam}
runs=${2:-3}
intervals=${3:-1m 15s}
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$ttam" ] || { echo "no ttam binary at $ttam (build first)" >&2; exit 2; }
ttam=$(realpath "$ttam")
"$ttam" test-rules --help > /dev/null 2>&1 ||
  { echo "$ttam has no test-rules command" >&2; exit 2; }
command -v promtool >/dev/null || { echo "promtool not found (apt-get install prometheus)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 not found" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found (apt-get install time)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$here/common.sh"

# Like common.sh's measure, plus CPU seconds (user + system): "seconds
# kilobytes cpu" per run. On a shared machine the CPU time is the steadier
# number.
measure_cpu() {
  local i start end
  for ((i = 0; i < runs; i++)); do
    start=$(date +%s%N)
    /usr/bin/time -f "%M %U %S" -o "$work/t" "$@" > /dev/null 2>&1 || true
    end=$(date +%s%N)
    echo "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')" \
      "$(tail -n 1 "$work/t" | awk '{ printf "%d %.2f", $1, $2 + $3 }')"
  done
}

# The median CPU seconds of a measure_cpu file and the ratio.
report_cpu() {
  local t p
  t=$(cut -d' ' -f3 "$1" | median)
  p=$(cut -d' ' -f3 "$2" | median)
  awk -v t="$t" -v p="$p" 'BEGIN {
    printf "cpu: ttam %.2f s, promtool %.2f s: ttam is %.1fx faster by CPU time\n", t, p, p / (t > 0 ? t : 0.01);
  }'
}

for ev in $intervals; do
  dir=$work/$ev
  python3 "$here/test_rules_gen.py" "$dir" "$ev"
  # Both tools must pass the file: a benchmark of a failing file measures
  # nothing. (The test file names rules.yml relative to itself.)
  if ! (cd "$dir" && "$ttam" test-rules test.yml) > "$work/out" 2>&1; then
    echo "ttam test-rules fails the generated file (evaluation_interval $ev):" >&2
    head -n 40 "$work/out" >&2
    # TTAM_BENCH_ALLOW_FAIL=1 measures anyway (while a part is missing, the
    # evaluation work is still done); the numbers are then marked.
    [ "${TTAM_BENCH_ALLOW_FAIL:-}" = 1 ] || exit 1
    echo "(measuring anyway: TTAM_BENCH_ALLOW_FAIL=1; ttam's verdict is FAILED)"
  fi
  if ! (cd "$dir" && promtool test rules test.yml) > "$work/out" 2>&1; then
    echo "promtool test rules fails the generated file (evaluation_interval $ev):" >&2
    head -n 40 "$work/out" >&2
    exit 1
  fi
  echo "evaluation_interval $ev: $dir/test.yml ($(stat -c %s "$dir/test.yml") bytes)," \
    "rules.yml ($(stat -c %s "$dir/rules.yml") bytes); $runs runs each"
  # On a shared machine the load decides how far wall-time ratios can be
  # trusted (promtool's threads take more of a busy machine than ttam).
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  (cd "$dir" && measure_cpu "$ttam" test-rules test.yml) > "$work/ttam.txt"
  (cd "$dir" && measure_cpu promtool test rules test.yml) > "$work/promtool.txt"
  report "ttam test-rules:" "$work/ttam.txt" "promtool test rules:" "$work/promtool.txt"
  report_cpu "$work/ttam.txt" "$work/promtool.txt"
  echo
done
