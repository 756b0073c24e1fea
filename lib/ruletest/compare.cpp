// Alert and sample comparison, promtool's failure texts and our diffs.

#include "ruletest/compare.h"

#include <algorithm>
#include <cmath>

#include "support/text.h"

namespace ttam::ruletest {
namespace {

std::string AlertLine(const AlertItem& a) {
  return "Labels:" + a.labels.ToString() + " Annotations:" + a.annotations.ToString();
}

std::string Plural(size_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

}  // namespace

Position PositionIn(const std::string& path, const Mark& mark) {
  return Position{path, mark.line, mark.column};
}

bool ValuesEqual(double a, double b, bool fuzzy) {
  if (a == b) return true;
  if (!fuzzy || std::isnan(a) || std::isnan(b)) return false;
  return std::nextafter(a, -INFINITY) == b || std::nextafter(a, INFINITY) == b;
}

std::optional<Problem> CompareAlerts(const AlertTest& test, std::vector<AlertItem> got,
                                     const std::string& group_name, const std::string& path) {
  std::vector<AlertItem> exp;
  std::vector<size_t> exp_entry;  // exp index -> exp_alerts entry
  for (const ExpAlert& a : test.exp_alerts) {
    std::vector<model::Label> labels;
    for (const auto& [k, v] : a.labels)
      if (k != "alertname") labels.push_back(model::Label{k, v});
    labels.push_back(model::Label{"alertname", test.alertname});
    std::vector<model::Label> annotations;
    for (const auto& [k, v] : a.annotations) annotations.push_back(model::Label{k, v});
    exp.push_back(AlertItem{model::Labels::FromUnsorted(std::move(labels)),
                            model::Labels::FromUnsorted(std::move(annotations))});
  }
  // Sort expected with their entries.
  std::vector<size_t> order(exp.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto less = [](const AlertItem& x, const AlertItem& y) {
    if (x.labels != y.labels) return x.labels < y.labels;
    return x.annotations < y.annotations;
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t i, size_t j) { return less(exp[i], exp[j]); });
  std::vector<AlertItem> sorted_exp;
  for (size_t i : order) {
    sorted_exp.push_back(exp[i]);
    exp_entry.push_back(i);
  }
  std::stable_sort(got.begin(), got.end(), less);
  if (sorted_exp == got) return std::nullopt;

  Problem p;
  p.kind = ProblemKind::kAlert;
  std::string name_line = group_name.empty() ? "" : "    name: " + group_name + ",\n";
  p.text = name_line + "    alertname: " + test.alertname +
           ", time: " + ModelDuration(test.eval_time_ms) +
           ", \n        exp:" + IndentLines(AlertListText(sorted_exp), "            ") +
           ", \n        got:" + IndentLines(AlertListText(got), "            ");
  // Diff: match equal items, then pair leftovers by labels.
  std::vector<bool> got_used(got.size(), false);
  std::vector<bool> exp_used(sorted_exp.size(), false);
  for (size_t i = 0; i < sorted_exp.size(); ++i) {
    for (size_t j = 0; j < got.size(); ++j) {
      if (!got_used[j] && got[j] == sorted_exp[i]) {
        got_used[j] = exp_used[i] = true;
        break;
      }
    }
  }
  std::optional<size_t> first_bad;
  size_t annotation_diffs = 0, label_diffs = 0, missing = 0, unexpected = 0;
  // `- name="value"` / `+ name="value"` for each pair present on one side only.
  auto pair_lines = [&](const model::Labels& e, const model::Labels& g) {
    for (const model::Label& l : e) {
      if (!g.Has(l.name) || g.Get(l.name) != l.value)
        p.diff.push_back("-   " + l.name + "=" + GoQuote(l.value));
    }
    for (const model::Label& l : g) {
      if (!e.Has(l.name) || e.Get(l.name) != l.value)
        p.diff.push_back("+   " + l.name + "=" + GoQuote(l.value));
    }
  };
  // How many name="value" pairs two label sets share.
  auto shared = [](const model::Labels& a, const model::Labels& b) {
    size_t n = 0;
    for (const model::Label& l : a) n += b.Has(l.name) && b.Get(l.name) == l.value;
    return n;
  };
  size_t exp_left = std::count(exp_used.begin(), exp_used.end(), false);
  size_t got_left = std::count(got_used.begin(), got_used.end(), false);
  for (size_t i = 0; i < sorted_exp.size(); ++i) {
    if (exp_used[i]) {
      p.diff.push_back("  " + AlertLine(sorted_exp[i]));
      continue;
    }
    if (!first_bad || exp_entry[i] < *first_bad) first_bad = exp_entry[i];
    std::optional<size_t> same_labels;
    for (size_t j = 0; j < got.size(); ++j) {
      if (!got_used[j] && got[j].labels == sorted_exp[i].labels) {
        same_labels = j;
        break;
      }
    }
    if (same_labels) {
      ++annotation_diffs;
      got_used[*same_labels] = true;
      const AlertItem& g = got[*same_labels];
      p.diff.push_back("  Labels:" + g.labels.ToString() + " annotations differ:");
      pair_lines(sorted_exp[i].annotations, g.annotations);
      continue;
    }
    // The produced alert closest to this one: the most shared labels
    // beyond alertname, or the only one left on both sides.
    std::optional<size_t> closest;
    size_t best = 0;
    for (size_t j = 0; j < got.size(); ++j) {
      if (got_used[j]) continue;
      size_t n = shared(sorted_exp[i].labels, got[j].labels);
      if (!closest || n > best) {
        closest = j;
        best = n;
      }
    }
    if (closest && (best >= 2 || (exp_left == 1 && got_left == 1))) {
      ++label_diffs;
      got_used[*closest] = true;
      const AlertItem& g = got[*closest];
      std::vector<model::Label> common;
      for (const model::Label& l : g.labels) {
        if (sorted_exp[i].labels.Has(l.name) && sorted_exp[i].labels.Get(l.name) == l.value)
          common.push_back(l);
      }
      p.diff.push_back("  Labels:" + model::Labels::FromUnsorted(std::move(common)).ToString() +
                       " and labels that differ:");
      pair_lines(sorted_exp[i].labels, g.labels);
      if (sorted_exp[i].annotations != g.annotations) {
        p.diff.push_back("  annotations that differ:");
        pair_lines(sorted_exp[i].annotations, g.annotations);
      }
      continue;
    }
    ++missing;
    p.diff.push_back("- " + AlertLine(sorted_exp[i]));
  }
  for (size_t j = 0; j < got.size(); ++j) {
    if (got_used[j]) continue;
    ++unexpected;
    p.diff.push_back("+ " + AlertLine(got[j]));
  }
  p.position =
      first_bad ? PositionIn(path, test.exp_alerts[*first_bad].mark) : PositionIn(path, test.mark);
  std::string why;
  auto add = [&](size_t n, std::string_view what) {
    if (n == 0) return;
    if (!why.empty()) why += ", ";
    why += std::to_string(n) + " " + std::string(what);
  };
  add(missing, "missing");
  add(unexpected, "unexpected");
  add(label_diffs, "with different labels");
  add(annotation_diffs, "with different annotations");
  p.summary = "alert " + GoQuote(test.alertname) + " at " + ModelDuration(test.eval_time_ms) +
              ": expected " + Plural(sorted_exp.size(), "firing alert") + ", got " +
              std::to_string(got.size()) + (why.empty() ? "" : "; " + why);
  return p;
}

std::optional<Problem> CompareSamples(const ExprTest& test, std::vector<ExpectedSample> exp,
                                      std::vector<SampleItem> got, bool fuzzy,
                                      const std::string& path) {
  std::stable_sort(exp.begin(), exp.end(), [](const ExpectedSample& a, const ExpectedSample& b) {
    return a.sample.labels < b.sample.labels;
  });
  std::stable_sort(got.begin(), got.end(),
                   [](const SampleItem& a, const SampleItem& b) { return a.labels < b.labels; });
  bool equal = exp.size() == got.size();
  for (size_t i = 0; equal && i < exp.size(); ++i) {
    equal = exp[i].sample.labels == got[i].labels &&
            ValuesEqual(got[i].value, exp[i].sample.value, fuzzy) &&
            got[i].histogram == exp[i].sample.histogram;
  }
  if (equal) return std::nullopt;

  std::vector<SampleItem> exp_items;
  for (const ExpectedSample& e : exp) exp_items.push_back(e.sample);
  Problem p;
  p.kind = ProblemKind::kExpr;
  p.text = "    expr: " + GoQuote(test.expr) + ", time: " + ModelDuration(test.eval_time_ms) +
           ",\n        exp: " + SampleListText(exp_items) + "\n        got: " + SampleListText(got);
  std::vector<bool> got_used(got.size(), false);
  std::optional<size_t> first_bad;
  size_t value_diffs = 0, missing = 0, unexpected = 0;
  for (const ExpectedSample& e : exp) {
    std::optional<size_t> match;
    for (size_t j = 0; j < got.size(); ++j) {
      if (!got_used[j] && got[j].labels == e.sample.labels) {
        match = j;
        break;
      }
    }
    std::string exp_text = SampleText(e.sample);
    if (!match) {
      ++missing;
      p.diff.push_back("- " + exp_text);
    } else {
      got_used[*match] = true;
      if (ValuesEqual(got[*match].value, e.sample.value, fuzzy) &&
          got[*match].histogram == e.sample.histogram) {
        p.diff.push_back("  " + exp_text);
        continue;
      }
      ++value_diffs;
      p.diff.push_back("- " + exp_text);
      p.diff.push_back("+ " + SampleText(got[*match]));
    }
    if (!first_bad || e.entry < *first_bad) first_bad = e.entry;
  }
  for (size_t j = 0; j < got.size(); ++j) {
    if (got_used[j]) continue;
    ++unexpected;
    p.diff.push_back("+ " + SampleText(got[j]));
  }
  p.position =
      first_bad ? PositionIn(path, test.exp_samples[*first_bad].mark) : PositionIn(path, test.mark);
  std::string why;
  auto add = [&](size_t n, std::string_view what) {
    if (n == 0) return;
    if (!why.empty()) why += ", ";
    why += std::to_string(n) + " " + std::string(what);
  };
  add(missing, "missing");
  add(unexpected, "unexpected");
  add(value_diffs, value_diffs == 1 ? "value differs" : "values differ");
  p.summary = "expr " + GoQuote(test.expr) + " at " + ModelDuration(test.eval_time_ms) +
              ": expected " + Plural(exp.size(), "sample") + ", got " + std::to_string(got.size()) +
              (why.empty() ? "" : "; " + why);
  return p;
}

}  // namespace ttam::ruletest
