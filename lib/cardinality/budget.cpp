#include "cardinality/budget.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <utility>

#include "diag/diagnostic.h"
#include "support/text.h"
#include "yaml/document.h"
#include "yaml/schema.h"

namespace ttam::cardinality {
namespace {

diag::Diagnostic Finding(std::string_view source, diag::Severity severity, std::string_view check,
                         std::string message) {
  diag::Diagnostic d;
  d.path = std::string(source);
  d.severity = severity;
  d.check = std::string(check);
  d.message = std::move(message);
  return d;
}

// "user_id (2500 values), path (50 values)".
std::string Drivers(const std::vector<LabelDistinct>& labels) {
  std::string out;
  for (const LabelDistinct& label : labels) {
    if (!out.empty()) out += ", ";
    out += label.name + " (" + std::to_string(label.distinct_values) + " values)";
  }
  return out;
}

// `"a" (12 series), "b" (3 series)` for the first `n` top values.
std::string TopValues(const LabelReport& label, size_t n) {
  std::string out;
  for (size_t i = 0; i < label.top_values.size() && i < n; ++i) {
    if (!out.empty()) out += ", ";
    out += Quote(label.top_values[i].value) + " (" + std::to_string(label.top_values[i].series) +
           " series)";
  }
  return out;
}

bool MatchBracket(std::string_view pattern, size_t& p, char c, bool& matched) {
  // pattern[p] == '['; on success p is past the closing ']'.
  size_t i = p + 1;
  bool negate = i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^');
  if (negate) ++i;
  bool hit = false;
  bool first = true;
  while (i < pattern.size() && (pattern[i] != ']' || first)) {
    first = false;
    char lo = pattern[i];
    char hi = lo;
    if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
      hi = pattern[i + 2];
      i += 2;
    }
    if (c >= lo && c <= hi) hit = true;
    ++i;
  }
  if (i >= pattern.size()) return false;  // no closing bracket
  p = i + 1;
  matched = hit != negate;
  return true;
}

std::string FormatPercent(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", value);
  return buf;
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view name) {
  size_t p = 0;
  size_t n = 0;
  size_t star_p = std::string_view::npos;
  size_t star_n = 0;
  while (n < name.size()) {
    if (p < pattern.size()) {
      char pc = pattern[p];
      if (pc == '*') {
        star_p = ++p;
        star_n = n;
        continue;
      }
      if (pc == '?') {
        ++p;
        ++n;
        continue;
      }
      if (pc == '[') {
        size_t next = p;
        bool matched = false;
        if (MatchBracket(pattern, next, name[n], matched)) {
          if (matched) {
            p = next;
            ++n;
            continue;
          }
        } else if (name[n] == '[') {
          ++p;
          ++n;
          continue;
        }
      } else if (pc == name[n]) {
        ++p;
        ++n;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p;
    n = ++star_n;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool LoadLimitsFile(const std::string& path, std::string text, Limits& limits, diag::Sink& sink) {
  diag::ErrorCountingSink counting(sink);
  std::unique_ptr<yaml::Document> doc = yaml::Parse(path, std::move(text), counting);
  if (doc == nullptr) return false;
  if (doc->empty || doc->root.IsNull()) return counting.errors == 0;
  constexpr std::string_view kCheck = "cardinality/limits-file";
  yaml::Context ctx(*doc, counting, yaml::SchemaIds::Single(kCheck));
  // The shapes are checked here rather than by the reader, so that the
  // message can show what the file should look like.
  auto fail = [&](const yaml::Node& node, std::string message) {
    ctx.Error(node, "", kCheck, std::move(message));
  };
  // Reads `field` of `obj` when present (null included: it is not a count).
  auto count = [&](yaml::Object& obj, std::string_view field, uint64_t* out) {
    const yaml::Node* node = obj.Field(field);
    if (node == nullptr) return false;
    uint64_t value = 0;
    std::string_view s = node->scalar;
    bool ok = node->IsScalar() && !s.empty() && s.size() <= 19 &&
              std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (ok) ok = std::from_chars(s.data(), s.data() + s.size(), value).ec == std::errc();
    if (!ok) {
      fail(*node, std::string(field) + " must be a non-negative whole number of series, not " +
                      (node->IsScalar() ? Quote(s) : std::string(node->KindName())));
      return false;
    }
    *out = value;
    return true;
  };
  const yaml::Node& root = doc->root;
  if (!root.IsMap()) {
    fail(root,
         "a limits file is a mapping (max_series_per_metric, max_label_values, "
         "max_total_series, metrics), not " +
             std::string(root.KindName()));
    return false;
  }
  yaml::Object top(ctx, &root, "");
  uint64_t value = 0;
  if (count(top, "max_series_per_metric", &value)) limits.max_series_per_metric = value;
  if (count(top, "max_label_values", &value)) limits.max_label_values = value;
  if (count(top, "max_total_series", &value)) limits.max_total_series = value;
  const yaml::Node* metrics = top.Field("metrics");
  if (metrics != nullptr && !metrics->IsNull() && !metrics->IsSequence()) {
    fail(*metrics, "metrics must be a list of {match: GLOB, max_series: N}, not " +
                       std::string(metrics->KindName()));
  } else if (metrics != nullptr && metrics->IsSequence()) {
    for (size_t i = 0; i < metrics->items.size(); ++i) {
      const yaml::Node& item = metrics->items[i];
      if (!item.IsMap()) {
        fail(item, "each entry of metrics is a mapping {match: GLOB, max_series: N}, not " +
                       std::string(item.KindName()));
        continue;
      }
      yaml::Object entry(ctx, &item, "metrics[" + std::to_string(i) + "]");
      MetricLimit limit;
      limit.file = path;
      limit.line = item.mark.line;
      limit.column = item.mark.column;
      bool good = true;
      const yaml::Node* match = entry.Field("match");
      if (match != nullptr && (!match->IsScalar() || match->scalar.empty())) {
        fail(*match, "match must be a non-empty glob on metric names (*, ?, [a-z])");
        good = false;
      } else if (match != nullptr) {
        limit.pattern = match->scalar;
      }
      bool has_max = entry.Field("max_series") != nullptr;
      if (has_max) good = count(entry, "max_series", &limit.max_series) && good;
      uint64_t errors_before = counting.errors;
      entry.Finish(yaml::Object::Unknown::kListKnown);
      if (counting.errors != errors_before) good = false;
      if (match == nullptr) {
        fail(item, "this metrics entry has no match (a glob on metric names)");
        good = false;
      }
      if (!has_max) {
        fail(item, "this metrics entry has no max_series");
        good = false;
      }
      if (good) limits.per_metric.push_back(std::move(limit));
    }
  }
  top.Finish(yaml::Object::Unknown::kListKnown);
  return counting.errors == 0;
}

void CheckBudgets(const Measurement& m, const Limits& limits, std::string_view source,
                  diag::Sink& sink) {
  std::map<std::string_view, const LabelReport*> labels;
  for (const LabelReport& label : m.labels) labels.emplace(label.name, &label);
  for (const MetricReport& metric : m.metrics) {
    const MetricLimit* match = nullptr;
    for (const MetricLimit& limit : limits.per_metric) {
      if (GlobMatch(limit.pattern, metric.name)) {
        match = &limit;
        break;
      }
    }
    uint64_t max = match != nullptr ? match->max_series : limits.max_series_per_metric;
    if (max == 0 || metric.series <= max) continue;
    std::string message = "metric " + Quote(metric.name) + " (" + metric.type + ") has " +
                          std::to_string(metric.series) + " series, over its limit of " +
                          std::to_string(max);
    message += match != nullptr ? " (limits file: " + Quote(match->pattern) + ")"
                                : " (--max-series-per-metric)";
    if (!metric.labels.empty()) {
      message += "; driven by " + Drivers(metric.labels);
      auto it = labels.find(metric.labels.front().name);
      if (it != labels.end() && !it->second->top_values.empty()) {
        message +=
            "; top values of " + metric.labels.front().name + ": " + TopValues(*it->second, 3);
      }
      message += ". Drop or bucket " + metric.labels.front().name +
                 " (ids belong in logs, traces or exemplars), or raise the limit for this metric "
                 "in a limits file";
    } else {
      message +=
          ". Drop or bucket its highest-cardinality label, or raise the limit for this "
          "metric in a limits file";
    }
    diag::Diagnostic d =
        Finding(source, diag::Severity::kError, "cardinality/series-per-metric", message);
    if (match != nullptr && !match->file.empty()) {
      d.notes.push_back({match->file, match->line, match->column,
                         "limit " + std::to_string(match->max_series) + " for " +
                             Quote(match->pattern) + " set here"});
    }
    sink.Report(std::move(d));
  }
  if (limits.max_label_values) {
    uint64_t max = *limits.max_label_values;
    for (const LabelReport& label : m.labels) {
      if (label.distinct_values <= max) continue;
      std::string message =
          "label " + Quote(label.name) + " has " + std::to_string(label.distinct_values) +
          " distinct values, over the limit of " + std::to_string(max) + " (--max-label-values)";
      if (!label.top_values.empty()) message += "; top values: " + TopValues(label, 3);
      message +=
          ". Every value is a series of every metric that carries it: drop the label or "
          "map its values to a small fixed set";
      sink.Report(Finding(source, diag::Severity::kError, "cardinality/label-values", message));
    }
  }
  if (limits.max_total_series && m.total_series > *limits.max_total_series) {
    std::string message = std::to_string(m.total_series) + " series in total, over the limit of " +
                          std::to_string(*limits.max_total_series) + " (--max-total-series)";
    std::string biggest;
    for (size_t i = 0; i < m.metrics.size() && i < 3; ++i) {
      if (!biggest.empty()) biggest += ", ";
      biggest += m.metrics[i].name + " (" + std::to_string(m.metrics[i].series) + ")";
    }
    if (!biggest.empty()) message += "; the largest metrics: " + biggest;
    message +=
        ". Reduce the largest metrics' labels or drop unused metrics (metric_relabel_configs)";
    sink.Report(Finding(source, diag::Severity::kError, "cardinality/total-series", message));
  }
}

void CheckSuspects(const Measurement& m, std::string_view source, diag::Sink& sink) {
  for (const Suspect& suspect : m.suspects) {
    std::string message = "label " + Quote(suspect.label) + " looks unbounded: ";
    if (suspect.matching_values != 0) {
      message += std::to_string(suspect.matching_values) + " of its " +
                 std::to_string(suspect.distinct_values) + " distinct values";
    } else {
      message += "its " + std::to_string(suspect.distinct_values) + " distinct values";
    }
    bool vowel = !suspect.kind.empty() && (suspect.kind[0] == 'e' || suspect.kind[0] == 'I');
    message += (vowel ? " look like an " : " look like a ") + suspect.kind;
    if (!suspect.example.empty()) message += " (e.g. " + Quote(suspect.example) + ")";
    if (!suspect.metrics.empty()) {
      message += ", in ";
      for (size_t i = 0; i < suspect.metrics.size() && i < 3; ++i) {
        if (i > 0) message += ", ";
        message += suspect.metrics[i];
      }
      if (suspect.metrics.size() > 3) {
        message += " and " + std::to_string(suspect.metrics.size() - 3) + " more";
      }
    }
    message +=
        "; every new value creates a new series (the guide: no user or request ids in "
        "labels): drop it, or put the id in logs, traces or exemplars";
    sink.Report(Finding(source, diag::Severity::kWarning, "cardinality/unbounded-label", message));
  }
}

Result<Growth> ParseGrowth(std::string_view text) {
  auto bad = [&] {
    return Error{"bad --max-growth " + Quote(text) +
                 ": want a percentage like \"10%\" or a number of series like \"500\""};
  };
  if (text.empty()) return bad();
  Growth growth;
  if (text.back() == '%') {
    std::string_view number = text.substr(0, text.size() - 1);
    if (number.empty() || number.front() == '-' || number.front() == '+') return bad();
    double value = 0;
    auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (ec != std::errc() || ptr != number.data() + number.size() || !std::isfinite(value)) {
      return bad();
    }
    growth.percent = value;
    return growth;
  }
  uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return bad();
  growth.absolute = value;
  return growth;
}

void CompareBaseline(const Measurement& now, const Measurement& base, const Growth& max,
                     std::string_view source, diag::Sink& sink) {
  std::map<std::string_view, uint64_t> before;
  for (const MetricReport& metric : base.metrics) before[metric.name] = metric.series;
  // Over either limit given; a new metric is over any percentage.
  auto over = [&](uint64_t was, uint64_t is) {
    if (is <= was) return false;
    uint64_t grown = is - was;
    if (max.absolute && grown > *max.absolute) return true;
    if (max.percent) {
      if (was == 0) return true;
      return static_cast<double>(grown) * 100.0 / static_cast<double>(was) > *max.percent;
    }
    return false;
  };
  auto allowed = [&] {
    std::string out;
    if (max.percent) out = FormatPercent(*max.percent);
    if (max.absolute)
      out += (out.empty() ? "" : " or ") + std::to_string(*max.absolute) + " series";
    return out;
  };
  auto growth_text = [&](uint64_t was, uint64_t is) {
    std::string out = "+" + std::to_string(is - was);
    if (was != 0) {
      out += ", " + FormatPercent(static_cast<double>(is - was) * 100.0 / static_cast<double>(was));
    }
    return out;
  };
  for (const MetricReport& metric : now.metrics) {
    auto it = before.find(metric.name);
    uint64_t was = it == before.end() ? 0 : it->second;
    if (!over(was, metric.series)) continue;
    std::string message;
    if (it == before.end()) {
      message = "new metric " + Quote(metric.name) + " has " + std::to_string(metric.series) +
                " series (not in the baseline; allowed growth " + allowed() + ")";
    } else {
      message = "metric " + Quote(metric.name) + " grew from " + std::to_string(was) + " to " +
                std::to_string(metric.series) + " series (" + growth_text(was, metric.series) +
                "), more than the allowed " + allowed();
    }
    if (!metric.labels.empty()) message += "; driven by " + Drivers(metric.labels);
    message += ". If the growth is intended, save a new baseline with --save";
    sink.Report(Finding(source, diag::Severity::kError, "cardinality/growth", message));
  }
  if (over(base.total_series, now.total_series)) {
    sink.Report(Finding(source, diag::Severity::kError, "cardinality/growth",
                        "total series grew from " + std::to_string(base.total_series) + " to " +
                            std::to_string(now.total_series) + " (" +
                            growth_text(base.total_series, now.total_series) +
                            "), more than the allowed " + allowed() +
                            ". If the growth is intended, save a new baseline with --save"));
  }
}

}  // namespace ttam::cardinality
