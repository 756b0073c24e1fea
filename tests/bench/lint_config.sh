#!/usr/bin/env bash
# Benchmark: `ttam lint-config FILE` against `promtool check config FILE` on
# two generated configs in the canonical style (flow lists for targets and
# source_labels, flow maps for labels): a 1-job config, and a 2,000-job
# config of about 1.7 MB with relabel_configs and metric_relabel_configs on
# every job (the same regexes recur in many jobs, as in real configs; about
# a third of them differ per job) and five SD kinds: static_configs;
# file_sd_configs, whose 400 target files (JSON and YAML) are generated too;
# ec2_sd_configs; dns_sd_configs; http_sd_configs (Debian's promtool 2.42 is
# built without kubernetes and consul discovery, so those are left out).
# Both measured in this run; prints the median wall time and peak memory of
# each and the ratios. Not part of the test suite.
#
# What each tool does on a run: promtool parses and validates the config
# and reads and validates every file_sd file it names. ttam lint-config
# does the same (it loads the config as Prometheus 3 does, reads and
# validates every file_sd file) and then runs its lints over the result
# (config/* checks with their default enablement). The configs are clean
# for both: both must exit 0, with no finding from ttam.
#
# usage: tests/bench/lint_config.sh [path/to/ttam] [runs] [jobs]
set -euo pipefail
ttam=${1:-build/ci/tools/ttam/ttam}
runs=${2:-5}
jobs=${3:-2000}
[ -x "$ttam" ] || { echo "no ttam binary at $ttam (build first)" >&2; exit 2; }
command -v promtool >/dev/null || { echo "promtool not found (apt-get install prometheus)" >&2; exit 2; }
[ -x /usr/bin/python3 ] || { echo "/usr/bin/python3 not found" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found (apt-get install time)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# gen JOBS DIR: writes DIR/prometheus.yml and its file_sd files under DIR/targets.
gen() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import json, os, random, sys
random.seed(2000)
n = int(sys.argv[1])
d = sys.argv[2]
os.makedirs(os.path.join(d, "targets"), exist_ok=True)
teams = ["platform", "payments", "storage", "sre", "web"]
envs = ["prod", "staging", "dev"]
zones = ["eu-west-1a", "eu-west-1b", "us-east-1a"]
out = [
    "# Generated for tests/bench/lint_config.sh",
    "global:",
    "  scrape_interval: 30s",
    "  scrape_timeout: 10s",
    "  evaluation_interval: 30s",
    "  external_labels: {cluster: bench, region: 'eu-west-1'}",
    "",
    "scrape_configs:",
]
def targets(j, k):
    return ", ".join(f"'host-{j}-{t}.{random.choice(zones)}.example.com:{9100 + t % 3}'" for t in range(k))
for j in range(n):
    name = f"svc-{j}"
    team = random.choice(teams)
    out.append(f"  - job_name: {name}")
    out.append(f"    scrape_interval: {random.choice(['15s', '30s', '1m'])}")
    out.append(f"    scrape_timeout: {random.choice(['5s', '10s'])}")
    out.append(f"    metrics_path: /metrics")
    out.append(f"    sample_limit: {random.choice([5000, 10000, 50000])}")
    if j % 4 == 1:
        out.append("    scheme: https")
        out.append("    tls_config: {insecure_skip_verify: false, server_name: 'svc.example.com'}")
    kind = j % 5
    if kind == 0:
        out.append("    static_configs:")
        for g in range(1 + j % 3):
            out.append(f"      - targets: [{targets(j * 3 + g, 2 + (j + g) % 6)}]")
            out.append(f"        labels: {{team: {team}, env: '{random.choice(envs)}', shard: \"{g}\"}}")
    elif kind == 1:
        ext = "json" if j % 2 == 0 else "yml"
        path = os.path.join(d, "targets", f"{name}.{ext}")
        groups = [{"targets": [f"file-{j}-{g}-{t}.example.com:9100" for t in range(3 + g)],
                   "labels": {"team": team, "env": random.choice(envs), "group": str(g)}} for g in range(3)]
        with open(path, "w") as f:
            if ext == "json":
                json.dump(groups, f, indent=2)
            else:
                for g in groups:
                    f.write("- targets: [" + ", ".join(f"'{t}'" for t in g["targets"]) + "]\n")
                    f.write("  labels: {" + ", ".join(f"{k}: '{v}'" for k, v in g["labels"].items()) + "}\n")
        out.append("    file_sd_configs:")
        out.append(f"      - files: ['{path}']")
        out.append(f"        refresh_interval: {random.choice(['1m', '5m'])}")
    elif kind == 2:
        out.append("    ec2_sd_configs:")
        out.append(f"      - region: {random.choice(['eu-west-1', 'us-east-1'])}")
        out.append("        port: 9100")
        out.append(f"        filters: [{{name: 'tag:team', values: [{team}, '{team}-canary']}}, {{name: instance-state-name, values: [running]}}]")
    elif kind == 3:
        out.append("    dns_sd_configs:")
        out.append(f"      - names: ['_metrics._tcp.{name}.service.example.com', '_metrics._tcp.{name}-b.service.example.com']")
        out.append("        type: SRV")
        out.append(f"        refresh_interval: {random.choice(['30s', '1m'])}")
    else:
        out.append("    http_sd_configs:")
        out.append(f"      - url: 'https://sd.example.com/v1/targets?job={name}&team={team}'")
        out.append(f"        refresh_interval: {random.choice(['30s', '1m'])}")
    out.append("    relabel_configs:")
    out.append("      - source_labels: [__address__]")
    out.append("        regex: '([^:]+)(?::\\d+)?'")
    out.append("        target_label: host")
    out.append("        replacement: '$1'")
    if kind == 2:
        out.append("      - source_labels: [__meta_ec2_availability_zone, __meta_ec2_instance_id]")
        out.append("        separator: /")
        out.append("        target_label: node")
        out.append("      - action: labelmap")
        out.append("        regex: __meta_ec2_tag_(.+)")
    elif kind == 4:
        out.append("      - source_labels: [__meta_url, team]")
        out.append("        regex: '(.+);(.+)'")
        out.append("        target_label: source")
        out.append("        replacement: '${1}@${2}'")
    else:
        out.append("      - source_labels: [env]")
        out.append(f"        regex: 'dev|{name}-sandbox'")
        out.append("        action: drop")
    out.append("    metric_relabel_configs:")
    out.append("      - source_labels: [__name__]")
    if j % 2 == 0:
        # Half the jobs drop their own debug series: regexes that differ per job.
        out.append(f"        regex: 'svc_{j}_debug_.*|go_gc_duration_seconds.*|go_memstats_.*_total'")
    else:
        out.append("        regex: 'go_gc_duration_seconds.*|go_memstats_.*_total'")
    out.append("        action: drop")
    if j % 3 == 0:
        out.append("      - source_labels: [__name__, le]")
        out.append(f"        regex: 'http_request_duration_seconds_bucket;(0\\.0[0-9]+)'")
        out.append("        action: drop")
    if j % 7 == 0:
        out.append("      - regex: 'pod_template_hash|controller_revision_hash'")
        out.append("        action: labeldrop")
with open(os.path.join(d, "prometheus.yml"), "w") as f:
    f.write("\n".join(out) + "\n")
PY
}

source "$(dirname "$0")/common.sh"

# bench LABEL JOBS: generates, checks that both tools accept, measures.
bench() {
  local dir=$work/$2
  mkdir -p "$dir"
  gen "$2" "$dir"
  local file=$dir/prometheus.yml
  # Both tools must accept the config and ttam must find nothing: a run on
  # a rejected file measures nothing, and findings would add output work
  # promtool does not do.
  local rc=0
  "$ttam" lint-config "$file" > "$work/out" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ] || [ "$(cat "$work/out")" != "no problems found" ]; then
    echo "ttam lint-config did not pass the generated $1 config cleanly:" >&2
    head -n 20 "$work/out" >&2
    exit 1
  fi
  if ! promtool check config "$file" > "$work/out" 2>&1; then
    echo "promtool check config rejected the generated $1 config:" >&2
    head -n 20 "$work/out" >&2
    exit 1
  fi
  echo "$1: $file, $2 jobs, $(stat -c %s "$file") bytes, $(wc -l < "$file") lines," \
    "$(find "$dir/targets" -type f | wc -l) file_sd files; $runs runs each"
  measure "$ttam" lint-config "$file" > "$work/ttam.txt"
  measure promtool check config "$file" > "$work/promtool.txt"
  report "ttam lint-config:" "$work/ttam.txt" "promtool check config:" "$work/promtool.txt"
  echo
}

bench "small config" 1
bench "large config" "$jobs"
