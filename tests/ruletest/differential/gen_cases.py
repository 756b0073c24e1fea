# Generates rule unit-test files for the promtool differential (run.sh):
# counters and gauges with gaps and stale markers, recording rules (max by,
# min by, a subquery without step), alerts with for / keep_firing_for and
# templated labels and annotations, alert checks and expression tests at
# times between evaluation steps. Windows ([100s], [170s:]) keep samples off
# their left edges, where 2.42 (closed windows) and 3.x (left-open) differ;
# max/min instead of sum/avg avoid 3.x's Kahan summation differences.
# Usage: gen_cases.py OUTDIR COUNT SEED
import random, sys, os
out = sys.argv[1]; n = int(sys.argv[2]); seed = int(sys.argv[3])
random.seed(seed)
os.makedirs(out, exist_ok=True)
for f in range(n):
    d = os.path.join(out, "c%03d" % f); os.makedirs(d, exist_ok=True)
    ev = random.choice(["30s", "1m"])
    iv = random.choice(["30s", "1m"])
    jobs = ["a", "b", "c"][:random.randint(1, 3)]
    series = []
    steps = 25
    for j in jobs:
        for i in range(random.randint(1, 2)):
            start = random.randint(1000, 5000)
            series.append(('req_total{job="%s",instance="i%d"}' % (j, i), "%d+%dx%d" % (start, random.randint(1, 9), steps)))
            vals = []
            gap = 0
            for k in range(steps + 1):
                r = random.random()
                if r < 0.08 and gap < 3:
                    vals.append("_"); gap += 1
                elif r < 0.1:
                    vals.append("stale"); gap = 0
                else:
                    vals.append(str(random.choice([random.randint(0, 100), round(random.uniform(0, 100), 3)]))); gap = 0
            series.append(('temp{job="%s",instance="i%d"}' % (j, i), " ".join(vals)))
    thr = random.randint(30, 70)
    rules = ["groups:", "  - name: rec", "    rules:",
             "      - record: job:req:rate100s", "        expr: max by (job) (rate(req_total[100s]))",
             "      - record: job:temp:avg", "        expr: min by (job) (temp)",
             "      - record: job:temp:max170s", "        expr: max_over_time(job:temp:avg[170s:])",
             "  - name: alerts", "    rules:"]
    forv = random.choice(["0s", "1m", "2m"])
    kff = random.choice(["0s", "1m", "3m"])
    rules += ["      - alert: TempHigh", "        expr: temp > %d" % thr, "        for: %s" % forv,
              "        keep_firing_for: %s" % kff,
              "        labels:", "          sev: '{{ if gt $value 80.0 }}page{{ else }}ticket{{ end }}'",
              "        annotations:", "          v: '{{ $value }}'", "          h: '{{ humanize $value }}'",
              "          i: '{{ $labels.instance }}'",
              "      - alert: RateHigh", "        expr: job:req:rate100s > %f" % random.uniform(0.02, 0.2),
              "        for: %s" % random.choice(["0s", "1m"]),
              "        annotations:", "          p: '{{ $value | humanizePercentage }}'"]
    open(os.path.join(d, "rules.yml"), "w").write("\n".join(rules) + "\n")
    t = ["rule_files: [rules.yml]", "evaluation_interval: %s" % ev, "group_eval_order: [rec, alerts]", "tests:", "  - interval: %s" % iv, "    input_series:"]
    for s, v in series:
        t += ["      - series: '%s'" % s, "        values: '%s'" % v]
    t += ["    alert_rule_test:"]
    for k in sorted(random.sample(range(0, 12), 4)):
        for a in ["TempHigh", "RateHigh"]:
            t += ["      - alertname: %s" % a, "        eval_time: %dm%s" % (k, random.choice(["", "15s"])), "        exp_alerts: []"]
    t += ["    promql_expr_test:"]
    for e in ["job:req:rate100s", "job:temp:avg", "job:temp:max170s", "ALERTS", "ALERTS_FOR_STATE",
              "count_over_time(job:temp:avg[170s])", "temp * 1.1", "max(rate(req_total[100s])) / 3"]:
        t += ["      - expr: '%s'" % e, "        eval_time: %dm%s" % (random.randint(0, 12), random.choice(["", "10s", "30s"]))]
    open(os.path.join(d, "test.yml"), "w").write("\n".join(t) + "\n")
