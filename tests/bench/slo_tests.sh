#!/usr/bin/env bash
# Benchmark: the rule unit tests `ttam slo generate` writes for an SLO spec
# (default samples/slo.yml: two SLOs, both tiers), run by `ttam test-rules`
# and by `promtool test rules`, both measured in this run. Both must pass
# the file. Prints the median wall time and peak memory of each and the
# ratios. Not part of the test suite.
#
# usage: tests/bench/slo_tests.sh [path/to/ttam] [runs] [spec.yml]
set -euo pipefail
ttam=${1:-build/ci/tools/ttam/ttam}
runs=${2:-3}
spec=${3:-samples/slo.yml}
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$ttam" ] || { echo "no ttam binary at $ttam (build first)" >&2; exit 2; }
ttam=$(realpath "$ttam")
spec=$(realpath "$spec")
command -v promtool >/dev/null || { echo "promtool not found (apt-get install prometheus)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found (apt-get install time)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$here/common.sh"

"$ttam" slo generate "$spec" -o "$work/slo.rules.yml" --tests "$work/slo.test.yml"
for tool in "$ttam test-rules" "promtool test rules"; do
  if ! (cd "$work" && $tool slo.test.yml) > "$work/out" 2>&1; then
    echo "$tool fails the generated tests:" >&2
    head -n 40 "$work/out" >&2
    exit 1
  fi
done
echo "$spec: $(grep -c '^  - name:' "$work/slo.test.yml") tests, $runs runs each;" \
  "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$work" && measure "$ttam" test-rules slo.test.yml) > "$work/ttam.txt"
(cd "$work" && measure promtool test rules slo.test.yml) > "$work/promtool.txt"
report "ttam test-rules:" "$work/ttam.txt" "promtool test rules:" "$work/promtool.txt"
