#include "lint/rules/helpers.h"

#include <algorithm>
#include <type_traits>
#include <variant>

#include "promql/check.h"
#include "promql/functions.h"
#include "promql/parser.h"
#include "promql/printer.h"
#include "promql/walk.h"

namespace ttam::lint::checks {

using promql::Expr;

std::string CanonicalExpr(const rules::RuleFile& file, const rules::Rule& rule,
                          const promql::Expr* ast) {
  if (ast != nullptr) return promql::Print(*ast);
  if (rule.expr_valid) {
    promql::ParseResult parsed = promql::Parse(rule.expr, file.options.syntax);
    if (parsed.ok()) return promql::Print(*parsed.expr);
  }
  return std::string(rule.expr);
}

namespace {

bool EndsWith(std::string_view s, std::string_view suffix) { return s.ends_with(suffix); }

// Base units (Prometheus naming practice) that histograms and summaries carry
// before their _count and _sum.
constexpr std::string_view kBaseUnits[] = {"_seconds", "_bytes",  "_meters",  "_grams", "_volts",
                                           "_amperes", "_joules", "_celsius", "_ratio", "_bits"};

}  // namespace

bool HasCounterSuffix(std::string_view name) {
  return EndsWith(name, "_total") || EndsWith(name, "_bucket") || EndsWith(name, "_count") ||
         EndsWith(name, "_sum");
}

bool IsCounterName(std::string_view name) {
  if (EndsWith(name, "_total") || EndsWith(name, "_bucket")) return true;
  std::string_view base;
  if (EndsWith(name, "_count")) {
    base = name.substr(0, name.size() - 6);
  } else if (EndsWith(name, "_sum")) {
    base = name.substr(0, name.size() - 4);
  } else {
    return false;
  }
  for (std::string_view unit : kBaseUnits) {
    if (EndsWith(base, unit)) return true;
  }
  return false;
}

std::optional<std::string> NotCounterReason(std::string_view name, bool native_histograms) {
  if (name.empty() || HasCounterSuffix(name)) return std::nullopt;
  if (EndsWith(name, "_created")) {
    return "its _created suffix marks a creation timestamp, not a counter";
  }
  size_t colon = name.rfind(':');
  if (colon != std::string_view::npos) {
    // A recording rule's output, level:metric:operations: a rate, ratio,
    // average or quantile computed already.
    std::string_view ops = name.substr(colon + 1);
    std::string_view rest = name.substr(0, colon);
    size_t prev = rest.rfind(':');
    std::string_view metric = prev == std::string_view::npos ? rest : rest.substr(prev + 1);
    for (std::string_view word : {"rate", "ratio", "avg", "mean", "quantile", "percent"}) {
      if (ops.find(word) != std::string_view::npos || EndsWith(metric, "_" + std::string(word))) {
        return "it is a recording rule's output that holds a " + std::string(word) +
               " already, not a counter";
      }
    }
    if (ops.size() >= 2 && ops[0] == 'p' &&
        std::all_of(ops.begin() + 1, ops.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return "it is a recording rule's output that holds a quantile already, not a counter";
    }
    return std::nullopt;
  }
  struct Suffix {
    std::string_view suffix;
    bool unit;  // may be a native histogram's name
  };
  static constexpr Suffix kGaugeSuffixes[] = {
      {"_bytes", true},    {"_seconds", true},   {"_ratio", false},     {"_percent", false},
      {"_celsius", false}, {"_info", false},     {"_timestamp", false}, {"_active", false},
      {"_current", false}, {"_inflight", false}, {"_in_flight", false}, {"_in_progress", false},
  };
  for (const Suffix& s : kGaugeSuffixes) {
    if (!EndsWith(name, s.suffix) || (s.unit && native_histograms)) continue;
    return "its " + std::string(s.suffix) + " suffix without _total marks a gauge";
  }
  return std::nullopt;
}

std::string Excerpt(const rules::Rule& rule, promql::Span span) {
  if (span.begin >= rule.expr.size() || span.end <= span.begin) return {};
  std::string_view text = std::string_view(rule.expr).substr(span.begin, span.end - span.begin);
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\t' || c == ' ') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  if (out.size() > 60) out = out.substr(0, 57) + "...";
  return out;
}

}  // namespace ttam::lint::checks
