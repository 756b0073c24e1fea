# Mutants of a passing unit-test file (the spec §6.1 benchmark from the
# spec's Appendix A generator): each copy changes one expected value, one
# exp_labels value or one annotation. Both promtool and ttam must fail each,
# with the same text (mutants.sh).
# Usage: mutate_bench.py BENCHDIR OUTDIR COUNT
import random, re, sys, os, shutil
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
random.seed(99)
lines = open(os.path.join(src, "test.yml")).read().split("\n")
kinds = {"value": [], "label": [], "annotation": []}
for i, l in enumerate(lines):
    s = l.strip()
    if s.startswith("- value:") or s.startswith("value:"): kinds["value"].append(i)
    if "exp_labels: {" in s: kinds["label"].append(i)
    if "exp_annotations: {" in s and "'" in s: kinds["annotation"].append(i)
for k in range(n):
    kind = ["value", "label", "annotation"][k % 3]
    i = random.choice(kinds[kind])
    m = list(lines)
    if kind == "value":
        pre, v = m[i].split("value:")
        m[i] = pre + "value: " + repr(float(v) * 1.0000001 + 1e-300)
    elif kind == "label":
        m[i] = re.sub(r"(job: j\d)", r"\1x", m[i], count=1)
    else:
        m[i] = re.sub(r"'\}$", "x'}", m[i])
    d = os.path.join(out, "m%02d" % k); os.makedirs(d, exist_ok=True)
    shutil.copy(os.path.join(src, "rules.yml"), d)
    open(os.path.join(d, "test.yml"), "w").write("\n".join(m))
    open(os.path.join(d, "what"), "w").write("%s line %d: %s\n" % (kind, i + 1, m[i].strip()))
