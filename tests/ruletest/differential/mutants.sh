#!/bin/bash
# tests/ruletest/differential/mutants.sh BENCHDIR OUTDIR [COUNT]: BENCHDIR
# holds rules.yml and test.yml that pass in both tools (e.g. the spec's
# Appendix A generator's output); each mutant must fail in promtool (exit 1)
# and in ttam, and both failure texts are compared byte for byte.
set -u
bench=${1:?usage: mutants.sh BENCHDIR OUTDIR [COUNT]}; out=${2:?}; count=${3:-12}
here=$(cd "$(dirname "$0")" && pwd)
bin=${TTAM_RULETEST_TESTS:-$here/../../../build/dev/tests/ruletest/ttam_ruletest_tests}
python3 "$here/mutate_bench.py" "$bench" "$out" "$count"
both=0; missed=0; same=0
for d in "$out"/*/; do
  (cd "$d" && promtool test rules test.yml > promtool.out 2>&1; echo $? > promtool.rc
   tail -n +2 promtool.out > want.txt)
  TTAM_RULETEST_FILE="$d/test.yml" "$bin" -tc='run the file*' 2>&1 |
    sed -n '/passed in\|FAILED in/,/^====/p' | sed '1d;$d' | head -n -2 > "$d/got.txt"
  if [ "$(cat "$d/promtool.rc")" = 1 ] && grep -q FAILED "$d/got.txt"; then both=$((both + 1));
  else missed=$((missed + 1)); echo "not failed by both: $d ($(cat "$d/what"))"; fi
  cmp -s "$d/want.txt" "$d/got.txt" && same=$((same + 1))
done
echo "failed in both: $both, not: $missed; identical texts: $same"
