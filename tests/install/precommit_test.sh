#!/usr/bin/env bash
# The hooks of .pre-commit-hooks.yaml as a user runs them (label "install"):
# `pre-commit try-repo HOOKS-REPO <hook> --all-files` in a scratch git
# repository, once with a broken file (the hook must fail and name it) and
# once with a correct one (it must pass), offline, with the built ttam first
# on PATH. HOOKS-REPO is a scratch git repository holding the source's
# .pre-commit-hooks.yaml, committed (try-repo needs a commit).
# Usage: precommit_test.sh BUILD_DIR SOURCE_DIR. Exit 77 (ctest: skipped)
# when pre-commit or git is missing.
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
for tool in pre-commit git; do
  command -v "$tool" >/dev/null || { echo "SKIPPED: $tool is not installed (.ci/install-deps)" >&2; exit 77; }
done
[ -x "$build/tools/ttam/ttam" ] || { echo "SKIPPED: ttam is not built in $build" >&2; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# No user or system configuration, no network: pre-commit's cache is ours.
export HOME="$tmp/home" PRE_COMMIT_HOME="$tmp/cache" GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.com
export GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.com
export PATH="$build/tools/ttam:$PATH"
mkdir -p "$HOME"
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

hooks="$tmp/hooks"
git init -q "$hooks"
cp "$src/.pre-commit-hooks.yaml" "$hooks/"
git -C "$hooks" add .pre-commit-hooks.yaml
git -C "$hooks" commit -qm hooks

# shellcheck disable=SC2016 # $labels is the rule template's, not the shell's
good_rules='groups:
  - name: example
    rules:
      - record: job:http_requests:rate5m
        expr: sum by (job) (rate(http_requests_total[5m]))
      - alert: HighErrorRate
        expr: job:http_requests:rate5m > 100
        for: 10m
        labels:
          severity: page
        annotations:
          summary: "High request rate on {{ $labels.job }}"
'
broken_rules='groups:
  - name: example
    rules:
      - record: job:http_requests:rate5m
        expr: sum by (job) (rate(http_requests_total[5m])
'
good_config='global:
  scrape_interval: 15s
scrape_configs:
  - job_name: app
    static_configs:
      - targets: ["app:8080"]
'
broken_config='global:
  scrape_interval: fifteen
scrape_configs:
  - job_name: app
    static_configs:
      - targets: ["app:8080"]
'
# The unit tests load rules/example.rules.yml (the good rules).
good_tests='rule_files:
  - ../rules/example.rules.yml
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: http_requests_total{job="api"}
        values: "0+12000x20"
    promql_expr_test:
      - expr: job:http_requests:rate5m
        eval_time: 10m
        exp_samples:
          - labels: job:http_requests:rate5m{job="api"}
            value: 200
'
broken_tests="${good_tests//value: 200/value: 7}"

# run_case NAME HOOK WANT(pass|fail) FILE=CONTENT...
run_case() {
  local name=$1 hook=$2 want=$3
  shift 3
  local repo="$tmp/work-$name" spec path out rc=0
  git init -q "$repo"
  for spec in "$@"; do
    path=${spec%%=*}
    mkdir -p "$(dirname "$repo/$path")"
    printf '%s' "${spec#*=}" >"$repo/$path"
    git -C "$repo" add "$path"
  done
  out=$(cd "$repo" && pre-commit try-repo "$hooks" "$hook" --all-files 2>&1) || rc=$?
  if [ "$want" = pass ] && [ $rc != 0 ]; then
    fail "$name: $hook failed on a correct file:"$'\n'"$out"
  elif [ "$want" = fail ] && [ $rc = 0 ]; then
    fail "$name: $hook passed a broken file:"$'\n'"$out"
  elif [ "$want" = fail ] && ! grep -qF "$path:" <<<"$out"; then
    fail "$name: $hook failed without a finding at $path:"$'\n'"$out"
  fi
  # The hook ran ttam on the file (not "no files to check").
  if grep -q "(no files to check)" <<<"$out"; then fail "$name: $hook matched no file:"$'\n'"$out"; fi
  echo "$name: $hook ${want}ed as it should (exit $rc)"
  [ -z "${TTAM_TEST_VERBOSE:-}" ] || echo "$out"
}

start=$SECONDS
run_case good-rules ttam-lint-rules pass "rules/example.rules.yml=$good_rules"
run_case broken-rules ttam-lint-rules fail "rules/example.rules.yml=$broken_rules"
run_case good-config ttam-lint-config pass "prometheus.yml=$good_config"
run_case broken-config ttam-lint-config fail "prometheus.yml=$broken_config"
run_case good-tests ttam-test-rules pass "rules/example.rules.yml=$good_rules" \
  "tests/example_test.yml=$good_tests"
run_case broken-tests ttam-test-rules fail "rules/example.rules.yml=$good_rules" \
  "tests/example_test.yml=$broken_tests"
echo "pre-commit try-repo, 6 runs: $((SECONDS - start)) s"

if [ $failures != 0 ]; then
  echo "$failures failure(s)" >&2
  exit 1
fi
echo "all pre-commit checks passed"
