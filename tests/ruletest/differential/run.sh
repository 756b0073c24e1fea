#!/bin/bash
# Differential of lib/ruletest against the installed promtool (2.42):
#   tests/ruletest/differential/run.sh OUTDIR [COUNT] [SEED]
# generates COUNT unit-test files (gen_cases.py) whose expectations are
# deliberately wrong, runs `promtool test rules` and ttam's runner (through
# ttam_ruletest_tests and TTAM_RULETEST_FILE) on each, and compares the two
# failure outputs byte for byte (promtool's `Unit Testing:` header removed).
# Known 2.42-vs-3.x difference: `max(rate(x[100s])) / 3` may differ in the
# last digit (rate's factor is computed in another order since 3.x).
set -u
out=${1:?usage: run.sh OUTDIR [COUNT] [SEED]}; count=${2:-100}; seed=${3:-1}
here=$(cd "$(dirname "$0")" && pwd)
bin=${TTAM_RULETEST_TESTS:-$here/../../../build/dev/tests/ruletest/ttam_ruletest_tests}
python3 "$here/gen_cases.py" "$out" "$count" "$seed"
same=0; differ=0
for d in "$out"/*/; do
  (cd "$d" && promtool test rules test.yml 2>&1 | tail -n +2 > want.txt)
  TTAM_RULETEST_FILE="$d/test.yml" "$bin" -tc='run the file*' 2>&1 |
    sed -n '/passed in\|FAILED in/,/^====/p' | sed '1d;$d' | head -n -2 > "$d/got.txt"
  if cmp -s "$d/want.txt" "$d/got.txt"; then same=$((same + 1)); else differ=$((differ + 1)); echo "differs: $d"; fi
done
echo "identical: $same, different: $differ"
