#!/usr/bin/env bash
# Benchmark: PromQL range queries, ttam's evaluator against a real Prometheus
# 2.42 on the same data in the same run. Generates 10,000 series x 1 h at
# 15 s (2.41M samples) as OpenMetrics: 5,000 counters
# http_requests_total{job,instance} and 5,000 classic histogram buckets
# request_duration_seconds_bucket{job,instance,le}; backfills them with
# `promtool tsdb create-blocks-from openmetrics`, starts `prometheus` on
# 127.0.0.1 (a free port) over those blocks, and times each query through
# /api/v1/query_range (curl's total time: evaluation plus JSON). ttam's side:
# tests/bench/query_bench (built with the tests) loads the same file and times
# EvalRange alone; `ttam query --data FILE ...` is timed end to end (load +
# evaluate + JSON) when the ttam binary has it. Prints the medians and ratios,
# of wall time and of CPU time (Prometheus's process CPU over the runs, from
# /proc; ttam's process CPU), since a shared machine inflates wall times.
# Targets: ttam's evaluation at most 0.5x Prometheus's query time; `ttam query
# --data` end to end under 2 s. Not part of the test suite.
#
# usage: tests/bench/query.sh [build dir] [runs]
#   build dir: where tools/ttam/ttam and tests/bench/query_bench are (build/ci)
set -euo pipefail
build=${1:-build/ci}
runs=${2:-5}
ttam=$build/tools/ttam/ttam
driver=$build/tests/bench/query_bench
[ -x "$driver" ] || { echo "no $driver (build the query_bench target first)" >&2; exit 2; }
for tool in promtool prometheus curl jq; do
  command -v "$tool" >/dev/null || { echo "$tool not found" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found (apt-get install time)" >&2; exit 2; }

work=$(mktemp -d)
prom_pid=
cleanup() {
  if [ -n "$prom_pid" ]; then kill "$prom_pid" 2>/dev/null || true; wait "$prom_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Data: t0 is fixed (2023-11-14T22:13:20Z) so runs are comparable.
t0=1700000000
file=$work/bench.om
awk -v t0="$t0" 'BEGIN {
  srand(42);
  print "# HELP http_requests Generated requests.";
  print "# TYPE http_requests counter";
  for (j = 0; j < 10; j++) for (i = 0; i < 500; i++) {
    v = int(rand() * 1000);
    for (k = 0; k <= 240; k++) {
      v += int(rand() * 20);
      printf "http_requests_total{job=\"job%d\",instance=\"inst%03d\"} %d %d\n", j, i, v, t0 + 15 * k;
    }
  }
  print "# HELP request_duration_seconds Generated latencies.";
  print "# TYPE request_duration_seconds histogram";
  split("0.005 0.01 0.025 0.05 0.1 0.25 0.5 1 2.5 +Inf", le, " ");
  for (j = 0; j < 10; j++) for (i = 0; i < 50; i++) {
    for (b = 1; b <= 10; b++) {
      c = 0;
      for (k = 0; k <= 240; k++) {
        c += b * (1 + (i + k) % 3);
        printf "request_duration_seconds_bucket{job=\"job%d\",instance=\"inst%03d\",le=\"%s\"} %d %d\n", j, i, le[b], c, t0 + 15 * k;
      }
    }
  }
  print "# EOF";
}' > "$file"
echo "data: $(grep -vc '^#' "$file") samples, $(stat -c %s "$file") bytes in $file"

# Samples sit on t0 + 15k; the query steps are 7 s off that grid, so no
# window edge lands on a sample and Prometheus 2.42's closed windows select
# what Prometheus 3's left-open ones (and ttam's) do.
start=$((t0 + 607))
end=$((t0 + 3607))
step=15
queries=(
  'sum by (job) (rate(http_requests_total[5m]))'
  'histogram_quantile(0.9, sum by (job, le) (rate(request_duration_seconds_bucket[5m])))'
  'topk(5, rate(http_requests_total[5m]))'
  'max_over_time(sum by (job) (rate(http_requests_total[1m]))[10m:1m])'
)
echo "range queries from $start to $end step ${step}s ($(((end - start) / step + 1)) steps), median of $runs runs"

source "$(dirname "$0")/common.sh"

# Prometheus: backfill, start, wait until ready.
s=$(date +%s%N)
promtool tsdb create-blocks-from openmetrics "$file" "$work/data" > "$work/backfill.log" 2>&1 ||
  { cat "$work/backfill.log" >&2; exit 2; }
echo "promtool backfill: $(awk -v a="$s" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }') s"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'global:\n  scrape_interval: 1h\n' > "$work/prometheus.yml"
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --storage.tsdb.retention.time=100y --web.listen-address="127.0.0.1:$port" \
  > "$work/prometheus.log" 2>&1 &
prom_pid=$!
api=http://127.0.0.1:$port
for _ in $(seq 100); do
  curl -sf "$api/-/ready" > /dev/null 2>&1 && break
  sleep 0.2
done
curl -sf "$api/-/ready" > /dev/null || { cat "$work/prometheus.log" >&2; exit 2; }

# One query through the API: prints curl's total seconds; the body goes to $2.
prom_query() {
  curl -s -G -o "$2" -w '%{time_total}\n' "$api/api/v1/query_range" \
    --data-urlencode "query=$1" --data-urlencode "start=$start" --data-urlencode "end=$end" \
    --data-urlencode "step=$step"
}

# ttam's evaluation times (and load time) from the driver; then once more
# with the results, to compare them with Prometheus's.
"$driver" "$file" "$start" "$end" "$step" "$runs" "${queries[@]}" > "$work/driver.txt"
"$driver" --dump "$file" "$start" "$end" "$step" 1 "${queries[@]}" > "$work/dump.txt"
read -r _ load_ms series samples < <(grep '^load ' "$work/driver.txt")
echo "ttam load (query_bench's reader into eval::Storage): $load_ms ms, $series series, $samples samples"

# compare_results I PROMETHEUS_JSON: how ttam's result of query I (from the
# dump) compares with Prometheus's: series, and points equal within 1e-9.
compare_results() {
  python3 - "$1" "$2" "$work/dump.txt" << 'PY'
import json, re, sys
index, prom_file, dump = int(sys.argv[1]), sys.argv[2], sys.argv[3]
prom = {}
for r in json.load(open(prom_file))["data"]["result"]:
    key = tuple(sorted((k, v) for k, v in r["metric"].items()))
    prom[key] = {int(float(t)): float(v) for t, v in r["values"]}
ttam, pending = {}, []
for line in open(dump):
    if line.startswith("series "):
        pending.append(line)
    elif line.startswith("query "):
        if int(line.split()[1]) == index:
            for s in pending:
                labels = dict(re.findall(r'([A-Za-z_][A-Za-z0-9_]*)="([^"]*)"', s[:s.rindex("}") + 1]))
                if s[7:s.index("{")]:
                    labels["__name__"] = s[7:s.index("{")]
                key = tuple(sorted(labels.items()))
                ttam[key] = {int(t): float(v) for t, v in re.findall(r" (\d+)=(\S+)", s[s.rindex("}") + 1:])}
        pending = []
points = sum(len(v) for v in prom.values())
differ = 0
bad_times = set()
for key in set(prom) | set(ttam):
    a, b = prom.get(key, {}), ttam.get(key, {})
    for t in set(a) | set(b):
        x, y = a.get(t), b.get(t)
        if x is None or y is None or (x != y and abs(x - y) > 1e-9 * max(abs(x), abs(y))):
            differ += 1
            bad_times.add(t)
# A step whose values are the same but on other series: a tie that topk or
# bottomk broke differently. Prometheus 2.42 pops and pushes its heap, 3.x
# replaces the top and fixes it (ttam), so they keep different series among
# equal values (tests/eval/testdata/agg_topk_limit.test).
def values_at(m, t):
    return sorted(v[t] for v in m.values() if t in v)
ties = sum(1 for t in bad_times if values_at(prom, t) == values_at(ttam, t))
print("results: %d series from Prometheus, %d from ttam; %d of %d points differ "
      "(%d of %d steps differ only in which series hold equal values, 2.42's tie order)" %
      (len(prom), len(ttam), differ, points, ties, len(bad_times)))
PY
}

# Prometheus's CPU seconds so far (utime + stime of its process).
prom_cpu() {
  awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$prom_pid/stat"
}

printf '\n%-88s %22s %22s %16s\n' "query" "prometheus wall/cpu" "ttam eval wall/cpu" "ratio wall/cpu"
for i in "${!queries[@]}"; do
  q=${queries[$i]}
  prom_query "$q" "$work/warm.json" > /dev/null # warm the page cache and Prometheus's caches
  status=$(jq -r .status "$work/warm.json")
  prom_series=$(jq '.data.result | length' "$work/warm.json" 2>/dev/null || echo "?")
  cpu0=$(prom_cpu)
  prom_ms=$(for ((r = 0; r < runs; r++)); do prom_query "$q" /dev/null; done | median |
    awk '{ printf "%.1f", $1 * 1000 }')
  prom_cpu_ms=$(awk -v a="$cpu0" -v b="$(prom_cpu)" -v n="$runs" 'BEGIN { printf "%.1f", (b - a) * 1000 / n }')
  line=$(grep "^query $i " "$work/driver.txt")
  if [[ $line == "query $i error "* ]]; then
    printf '%-88s %11s/%7s ms %22s %16s\n' "$q" "$prom_ms" "$prom_cpu_ms" "-" "-"
    echo "    prometheus: $status, $prom_series series; ttam: ${line#"query $i error "}"
    continue
  fi
  read -r _ _ ttam_ms ttam_cpu_ms ttam_series _ <<< "$line"
  printf '%-88s %11s/%7s ms %11s/%7s ms %7.3fx/%7.3fx\n' "$q" "$prom_ms" "$prom_cpu_ms" \
    "$ttam_ms" "$ttam_cpu_ms" "$(awk -v t="$ttam_ms" -v p="$prom_ms" 'BEGIN { print t / p }')" \
    "$(awk -v t="$ttam_cpu_ms" -v p="$prom_cpu_ms" 'BEGIN { print (p > 0 ? t / p : 0) }')"
  echo "    prometheus: $status, $prom_series series; ttam: $ttam_series series"
  echo "    $(compare_results "$i" "$work/warm.json")"
done

# ttam query end to end, when the binary has the --data interface.
if [ -x "$ttam" ] && "$ttam" query --help 2>&1 | grep -q -- '--data'; then
  echo
  echo "ttam query --data $file --start $start --end $end --step ${step}s --format json EXPR (end to end):"
  for q in "${queries[@]}"; do
    measure "$ttam" query --data "$file" --start "$start" --end "$end" --step "${step}s" \
      --format json "$q" > "$work/e2e.txt"
    t=$(cut -d' ' -f1 "$work/e2e.txt" | median)
    m=$(cut -d' ' -f2 "$work/e2e.txt" | median)
    printf '  %-90s %7.3f s %7.1f MB\n' "$q" "$t" "$(awk -v m="$m" 'BEGIN { print m / 1024 }')"
  done
else
  echo
  echo "ttam query --data: skipped ($ttam has no 'query --data'; build a ttam that has it)"
fi
