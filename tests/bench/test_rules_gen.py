#!/usr/bin/env python3
# The generator of tests/bench/test_rules.sh: spec §6.1's workload, exactly
# the program in ../shared/research/evaluator-spec.md Appendix A (seed 42).
# Writes OUTDIR/rules.yml (200 rules in 10 groups) and OUTDIR/test.yml (2,000
# input series at 15 s for 1 h, 140 alert tests and 60 expression tests)
# with the given evaluation_interval.
#
# usage: test_rules_gen.py OUTDIR EVALUATION_INTERVAL   (e.g. 1m or 15s)
import os, random, sys
out, ev = sys.argv[1], sys.argv[2]
random.seed(42); os.makedirs(out, exist_ok=True)
JOBS = ["j%d" % j for j in range(5)]
BUCKETS = ["0.1", "0.25", "0.5", "1", "2.5", "5", "10", "25", "50", "+Inf"]
series, hot, slow = [], {}, {}
for k in range(20):                                   # 1000 counters
    for j in JOBS:
        for i in range(10):
            series.append(('ctr%d_total{job="%s",instance="i%d"}' % (k, j, i), "0+%dx240" % random.randint(1, 5)))
for k in range(20):                                   # 500 gauges, "hot" ones always > 50
    for j in JOBS:
        for i in range(5):
            h = random.random() < 0.5
            vals = [random.randint(60, 100) if h else random.randint(0, 40) for _ in range(241)]
            hot[(k, j, i)] = (h, vals)
            series.append(('gauge%d{job="%s",instance="i%d"}' % (k, j, i), " ".join(map(str, vals))))
for k in range(10):                                   # 500 classic histogram buckets
    for j in JOBS:
        s = random.random() < 0.5
        per = [80, 15, 5, 0, 0, 0, 0, 0, 0, 0] if not s else [50, 20, 10, 5, 5, 5, 3, 2, 0, 0]
        slow[(k, j)] = s; cum = 0
        for b, p in zip(BUCKETS, per):
            cum += p
            series.append(('hist%d_bucket{job="%s",le="%s"}' % (k, j, b), "0+%dx240" % cum))
rules = []
for k in range(20):
    rules += [{"record": "job:ctr%d:rate5m" % k, "expr": "sum by (job) (rate(ctr%d_total[5m]))" % k},
              {"record": "instance:ctr%d:increase1m" % k, "expr": "increase(ctr%d_total[1m])" % k},
              {"record": "job:ctr%d:ratio" % k, "expr": "job:ctr%d:rate5m / on(job) sum by (job) (rate(ctr%d_total[5m]))" % (k, (k + 1) % 20)},
              {"alert": "Ctr%dStalled" % k, "expr": "rate(ctr%d_total[5m]) == 0" % k, "for": "5m"},
              {"alert": "Ctr%dBusy" % k, "expr": "sum by (job) (rate(ctr%d_total[5m])) > 0" % k, "for": "10m",
               "labels": {"severity": "page"}, "annotations": {"summary": "job {{ $labels.job }} is busy"}},
              {"record": "job:gauge%d:avg" % k, "expr": "avg by (job) (gauge%d)" % k},
              {"record": "job:gauge%d:max5m" % k, "expr": "max by (job) (max_over_time(gauge%d[5m]))" % k},
              {"alert": "Gauge%dHigh" % k, "expr": "gauge%d > 50" % k, "for": "2m", "labels": {"severity": "ticket"},
               "annotations": {"summary": "{{ $labels.instance }} of {{ $labels.job }} at {{ $value | humanize }}"}}]
for k in range(10):
    rules += [{"record": "job:hist%d:p99" % k, "expr": "histogram_quantile(0.99, sum by (job, le) (rate(hist%d_bucket[5m])))" % k},
              {"record": "job:hist%d:p50" % k, "expr": "histogram_quantile(0.5, sum by (job, le) (rate(hist%d_bucket[5m])))" % k},
              {"record": "job:hist%d:rate5m" % k, "expr": 'sum by (job) (rate(hist%d_bucket{le="+Inf"}[5m]))' % k},
              {"alert": "Hist%dSlow" % k, "expr": "job:hist%d:p99 > 1" % k, "for": "5m", "labels": {"severity": "page"},
               "annotations": {"summary": "p99 of {{ $labels.job }} above 1s"}}]
q = lambda s: "'" + s.replace("'", "''") + "'"
with open(os.path.join(out, "rules.yml"), "w") as f:
    f.write("groups:\n")
    for g in range(10):
        f.write("  - name: g%d\n    rules:\n" % g)
        for r in rules[g * 20:(g + 1) * 20]:
            key = "record" if "record" in r else "alert"
            f.write("      - %s: %s\n        expr: %s\n" % (key, r[key], q(r["expr"])))
            if "for" in r: f.write("        for: %s\n" % r["for"])
            for sec in ("labels", "annotations"):
                if sec in r:
                    f.write("        %s:\n" % sec)
                    for a, b in r[sec].items(): f.write("          %s: %s\n" % (a, q(b)))
with open(os.path.join(out, "test.yml"), "w") as f:
    f.write("rule_files:\n  - rules.yml\nevaluation_interval: %s\ntests:\n  - interval: 15s\n    input_series:\n" % ev)
    for s, v in series: f.write("      - series: %s\n        values: %s\n" % (q(s), q(v)))
    f.write("    alert_rule_test:\n")
    for t, idx in (("30m", 120), ("60m", 240)):
        for k in range(20):
            f.write("      - eval_time: %s\n        alertname: Ctr%dStalled\n        exp_alerts: []\n" % (t, k))
            f.write("      - eval_time: %s\n        alertname: Ctr%dBusy\n        exp_alerts:\n" % (t, k))
            for j in JOBS:
                f.write("          - exp_labels: {job: %s, severity: page}\n            exp_annotations: {summary: 'job %s is busy'}\n" % (j, j))
            anyhot = any(hot[(k, j, i)][0] for j in JOBS for i in range(5))
            f.write("      - eval_time: %s\n        alertname: Gauge%dHigh\n        exp_alerts:%s\n" % (t, k, "" if anyhot else " []"))
            for j in JOBS:
                for i in range(5):
                    h, vals = hot[(k, j, i)]
                    if h:
                        f.write("          - exp_labels: {job: %s, instance: i%d, severity: ticket}\n"
                                "            exp_annotations: {summary: 'i%d of %s at %d'}\n" % (j, i, i, j, vals[idx]))
        for k in range(10):
            anyslow = any(slow[(k, j)] for j in JOBS)
            f.write("      - eval_time: %s\n        alertname: Hist%dSlow\n        exp_alerts:%s\n" % (t, k, "" if anyslow else " []"))
            for j in JOBS:
                if slow[(k, j)]:
                    f.write("          - exp_labels: {job: %s, severity: page}\n            exp_annotations: {summary: 'p99 of %s above 1s'}\n" % (j, j))
    f.write("    promql_expr_test:\n")
    for k in range(20):
        f.write("      - expr: count(job:ctr%d:rate5m)\n        eval_time: 60m\n        exp_samples:\n          - value: 5\n" % k)
        f.write("      - expr: count(instance:ctr%d:increase1m)\n        eval_time: 60m\n        exp_samples:\n          - value: 50\n" % k)
        f.write("      - expr: sum(gauge%d)\n        eval_time: 60m\n        exp_samples:\n          - value: %d\n"
                % (k, sum(hot[(k, j, i)][1][240] for j in JOBS for i in range(5))))
