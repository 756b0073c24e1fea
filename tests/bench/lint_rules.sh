#!/usr/bin/env bash
# Benchmark: `ttam lint-rules FILE` against `promtool check rules FILE` on a
# generated rule file of 20,000 rules (half recording, half alerting; varied
# PromQL, templates in labels and annotations, every scalar style including
# expressions over several lines, comments; about 6.9 MB), both measured in
# this run. Both must accept the file. Prints the median wall time and peak
# memory of each and the ratios. Then the directory case: the same generator
# over DIR_FILES files (400 by default, 48,000 rules dealt out in groups),
# `ttam lint-rules DIR` against `promtool check rules DIR/*.yml`; set
# DIR_FILES=0 to skip it. Not part of the test suite.
#
# usage: tests/bench/lint_rules.sh [path/to/ttam] [runs] [rules]
set -euo pipefail
ttam=${1:-build/ci/tools/ttam/ttam}
runs=${2:-5}
rules=${3:-20000}
[ -x "$ttam" ] || { echo "no ttam binary at $ttam (build first)" >&2; exit 2; }
command -v promtool >/dev/null || { echo "promtool not found (apt-get install prometheus)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "python3 not found" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found (apt-get install time)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
file=$work/rules.yml
# The generator: argv rules [dir files]; to stdout, or dealt out over files.
generator=$(cat <<'PY'
import random, sys
random.seed(20000)
n = int(sys.argv[1])
jobs = ["api", "frontend", "checkout", "payments", "node", "kube-state-metrics", "postgres", "redis"]
teams = ["platform", "payments", "storage", "sre", "web"]
sev = ["warning", "critical", "info", "page"]
durs = ["1m", "5m", "10m", "15m", "30m", "1h"]
out = ["# Generated rule file for tests/bench/lint_rules.sh", "groups:"]
per = 40
g = 0
i = 0
def metric(i, suffix):
    return f"svc_{i % 997}_{random.choice(['http_requests', 'rpc_calls', 'queue_jobs', 'db_queries'])}{suffix}"
def rec_expr(i):
    job = random.choice(jobs); w = random.choice(durs)
    k = i % 6
    if k == 0:
        return f"sum by (job, instance) (rate({metric(i, '_total')}{{job=\"{job}\"}}[{w}]))"
    if k == 1:
        return f"histogram_quantile(0.9{i % 10}, sum by (le, job) (rate({metric(i, '_duration_seconds_bucket')}{{job=~\"{job}|{random.choice(jobs)}\"}}[{w}])))"
    if k == 2:
        return (f"sum without (instance) (rate({metric(i, '_errors_total')}[{w}]))\n"
                f"  /\nsum without (instance) (rate({metric(i, '_total')}[{w}]))")
    if k == 3:
        return f"avg_over_time(up{{job=\"{job}\"}}[{w}]) * on (instance) group_left (node) node_uname_info"
    if k == 4:
        return f"label_replace(max by (pod) (container_memory_working_set_bytes{{namespace!=\"kube-system\", container!=\"\"}}), \"pod_name\", \"$1\", \"pod\", \"(.*)\")"
    return f"topk(10, sum by (route) (increase({metric(i, '_total')}[1h] offset 1d)))"
def alert_expr(i):
    job = random.choice(jobs); w = random.choice(durs)
    k = i % 6
    if k == 0:
        return f"up{{job=\"{job}\"}} == 0", ["job", "instance"]
    if k == 1:
        return f"sum by (job, instance) (rate({metric(i, '_errors_total')}[{w}])) > 0.0{1 + i % 9}", ["job", "instance"]
    if k == 2:
        return f"predict_linear(node_filesystem_avail_bytes{{job=\"{job}\", fstype!~\"tmpfs|overlay\"}}[6h], 4 * 3600) < 0", ["job", "instance"]
    if k == 3:
        return f"absent(up{{job=\"{job}\"}})", ["job"]
    if k == 4:
        return (f"(\n  sum by (job) (rate({metric(i, '_errors_total')}[{w}]))\n  /\n  sum by (job) (rate({metric(i, '_total')}[{w}]))\n) > 0.05\n"
                f"and\nsum by (job) (rate({metric(i, '_total')}[{w}])) > 1"), ["job"]
    return f"histogram_quantile(0.99, sum by (le, job, route) (rate({metric(i, '_duration_seconds_bucket')}[{w}]))) > {i % 5 + 1}", ["job", "route"]
def block(key, text, ind, style):
    pad = " " * ind
    if style == "literal" or "\n" in text:
        out.append(f"{pad}{key}: |")
        for line in text.split("\n"):
            out.append(f"{pad}  {line}")
    elif style == "plain_lines" and ": " not in text and " #" not in text and "\n" not in text and text[0] not in "{[('\"|>*&!%@`-?:#,":
        words = text.split(" ")
        third = max(1, len(words) // 3)
        out.append(f"{pad}{key}: {' '.join(words[:third])}")
        out.append(f"{pad}  {' '.join(words[third:2 * third])}")
        out.append(f"{pad}  {' '.join(words[2 * third:])}")
    elif style == "folded":
        out.append(f"{pad}{key}: >-")
        words = text.split(" ")
        half = max(1, len(words) // 2)
        out.append(f"{pad}  {' '.join(words[:half])}")
        out.append(f"{pad}  {' '.join(words[half:])}")
    elif style == "single" and "'" not in text:
        out.append(f"{pad}{key}: '{text}'")
    elif style == "double":
        out.append(f"{pad}{key}: \"" + text.replace("\\", "\\\\").replace('"', '\\"') + "\"")
    else:
        out.append(f"{pad}{key}: {text}" if ": " not in text and " #" not in text and not text.startswith(("{", "[", "'", '"', "|", ">", "*", "&", "!", "%", "@", "`")) else f"{pad}{key}: '" + text.replace("'", "''") + "'")
while i < n:
    out.append(f"  - name: {random.choice(jobs)}.rules.{g}")
    if g % 3 == 0:
        out.append(f"    interval: {random.choice(['15s', '30s', '1m'])}")
    out.append("    rules:")
    for _ in range(per):
        if i >= n:
            break
        if i % 10 == 0:
            out.append(f"      # rule {i}: {random.choice(['latency', 'errors', 'saturation', 'traffic'])}")
        if i % 2 == 0:
            out.append(f"      - record: job:{metric(i, '')}:rate{random.choice(durs)}_{i}")
            block("expr", rec_expr(i), 8, random.choice(["plain", "plain", "literal", "double", "plain_lines"]))
            if i % 4 == 0:
                out.append("        labels:")
                out.append(f"          team: {random.choice(teams)}")
        else:
            out.append(f"      - alert: {random.choice(['HighLatency', 'ErrorBudgetBurn', 'TargetDown', 'DiskFull', 'QueueBacklog'])}{i}")
            expr, kept = alert_expr(i)
            block("expr", expr, 8, random.choice(["plain", "literal", "literal", "folded", "plain_lines"]))
            out.append(f"        for: {random.choice(durs)}")
            if i % 5 == 0:
                out.append(f"        keep_firing_for: {random.choice(durs)}")
            out.append("        labels:")
            out.append(f"          severity: {random.choice(sev)}")
            if i % 3 == 0:
                out.append(f"          team: '{random.choice(teams)}'")
            out.append("        annotations:")
            other = kept[-1]
            out.append(f"          summary: \"{{{{ $labels.job }}}} on {{{{ $labels.{other} }}}} is unhealthy\"")
            k = i % 4
            if k == 0:
                out.append("          description: 'Value is {{ $value | humanizePercentage }} for {{ $labels.job }} (threshold 5%).'")
            elif k == 1:
                out.append("          description: |")
                out.append(f"            {{{{ $labels.{other} }}}} has been unhealthy for more than 5 minutes.")
                out.append("            Current value: {{ printf \"%.2f\" $value }}.")
            elif k == 2:
                out.append("          description: >")
                out.append("            Latency is {{ $value | humanizeDuration }}")
                out.append(f"            on {{{{ $labels.job }}}}/{{{{ $labels.{other} }}}}.")
            else:
                out.append("          description: \"{{ if gt $value 100.0 }}high{{ else }}elevated{{ end }}: {{ $value | humanize }}\\nsee the dashboard\"")
            if i % 3 == 1:
                out.append(f"          runbook_url: https://runbooks.example.com/{g}/{i}")
        i += 1
    g += 1
if len(sys.argv) < 4:
    print("\n".join(out))
    sys.exit(0)
# Directory mode (argv: rules dir files): the groups dealt out over `files`
# files, each a valid rule file of its own.
directory, files = sys.argv[2], int(sys.argv[3])
groups = []
for line in out[2:]:
    if line.startswith("  - name: "):
        groups.append([])
    groups[-1].append(line)
for k in range(files):
    mine = groups[k * len(groups) // files:(k + 1) * len(groups) // files]
    with open(f"{directory}/rules_{k:04d}.yml", "w") as f:
        f.write("groups:\n" + "".join("\n".join(g) + "\n" for g in mine))
PY
)
python3 -c "$generator" "$rules" > "$file"
bytes=$(stat -c %s "$file")
lines=$(wc -l < "$file")

# `ttam lint-rules` when this ttam has it; before that, `ttam lint-config` on
# a config that names the file (YAML and rule structure only).
if "$ttam" lint-rules --help > /dev/null 2>&1; then
  ttam_cmd=("$ttam" lint-rules "$file")
  ttam_name="ttam lint-rules"
else
  printf 'rule_files:\n  - %s\n' "$file" > "$work/prometheus.yml"
  ttam_cmd=("$ttam" lint-config "$work/prometheus.yml")
  ttam_name="ttam lint-config"
fi

# Both tools must accept the file: a benchmark of a rejected file measures
# nothing.
if ! "${ttam_cmd[@]}" > "$work/out" 2>&1; then
  echo "$ttam_name rejected the generated file:" >&2
  head -n 20 "$work/out" >&2
  exit 1
fi
if ! promtool check rules "$file" > "$work/out" 2>&1; then
  echo "promtool check rules rejected the generated file:" >&2
  head -n 20 "$work/out" >&2
  exit 1
fi
echo "input: $file, $rules rules, $bytes bytes, $lines lines; $runs runs each"

source "$(dirname "$0")/common.sh"

measure "${ttam_cmd[@]}" > "$work/ttam.txt"
measure promtool check rules "$file" > "$work/promtool.txt"

report "$ttam_name:" "$work/ttam.txt" "promtool check rules:" "$work/promtool.txt"

dir_files=${DIR_FILES:-400}
[ "$dir_files" -gt 0 ] || exit 0
dir_rules=$((dir_files * 120))
mkdir "$work/dir"
python3 -c "$generator" "$dir_rules" "$work/dir" "$dir_files"
if ! "$ttam" lint-rules "$work/dir" > "$work/out" 2>&1; then
  echo "ttam lint-rules rejected the generated directory:" >&2
  head -n 20 "$work/out" >&2
  exit 1
fi
if ! promtool check rules "$work"/dir/*.yml > "$work/out" 2>&1; then
  echo "promtool check rules rejected the generated directory:" >&2
  head -n 20 "$work/out" >&2
  exit 1
fi
echo
echo "directory: $dir_files files, $dir_rules rules, $(du -sb "$work/dir" | cut -f1) bytes; $runs runs each"
measure "$ttam" lint-rules "$work/dir" > "$work/ttam_dir.txt"
measure promtool check rules "$work"/dir/*.yml > "$work/promtool_dir.txt"
report "ttam lint-rules DIR:" "$work/ttam_dir.txt" "promtool check rules DIR/*.yml:" \
  "$work/promtool_dir.txt"
# One of the files alone: the directory's memory should stay near it.
measure "$ttam" lint-rules "$work/dir/rules_0000.yml" > "$work/ttam_one.txt"
echo "ttam lint-rules on one of the files: $(cut -d' ' -f2 "$work/ttam_one.txt" | median | awk '{ printf "%.1f MB", $1 / 1024 }')"
