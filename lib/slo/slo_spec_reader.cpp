#include "slo/slo_spec_reader.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "model/names.h"
#include "promql/ast.h"
#include "promql/check.h"
#include "promql/parser.h"
#include "slo/burn_plan.h"
#include "support/number.h"
#include "support/text.h"
#include "support/units.h"
#include "yaml/scalar_position.h"

namespace ttam::slo::spec_internal {
namespace {

// One rewritten stretch of a template: `from_len` bytes at `from` became
// `to_len` bytes.
struct SpecRewrite {
  size_t from = 0;
  size_t from_len = 0;
  size_t to_len = 0;
};

bool IsSpecSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The length of a `{{ .window }}` placeholder at `at` (any spaces inside the
// braces, as Go's text/template allows), or 0.
size_t WindowPlaceholderAt(std::string_view text, size_t at) {
  if (text.substr(at, 2) != "{{") return 0;
  size_t i = at + 2;
  while (i < text.size() && IsSpecSpace(text[i])) ++i;
  if (text.substr(i, 7) != ".window") return 0;
  i += 7;
  while (i < text.size() && IsSpecSpace(text[i])) ++i;
  if (text.substr(i, 2) != "}}") return 0;
  return i + 2 - at;
}

// The offset of a window placeholder glued to a letter or digit, or npos:
// `[{{.window}}s]` reads as [5ms] for a 5m window but [1hs], not PromQL, for
// 1h, so a template must hold for every window and not only for 5m.
size_t GluedWindowAt(std::string_view text) {
  auto joins = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  };
  for (size_t i = 0; i < text.size(); ++i) {
    size_t n = WindowPlaceholderAt(text, i);
    if (n == 0) continue;
    if ((i > 0 && joins(text[i - 1])) || (i + n < text.size() && joins(text[i + n]))) return i;
    i += n - 1;
  }
  return std::string_view::npos;
}

constexpr std::string_view kGluedWindowAdvice =
    "{{.window}} stands for a whole duration (5m, 1h, 3d): keep letters and digits off it, "
    "e.g. [{{.window}}] or [{{.window}}:1m]";

// `text` with every window placeholder replaced by `with`; the rewrites
// are recorded so that offsets can be mapped back.
std::string ReplaceWindow(std::string_view text, std::string_view with,
                          std::vector<SpecRewrite>* rewrites) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t n = WindowPlaceholderAt(text, i);
    if (n == 0) {
      out += text[i++];
      continue;
    }
    if (rewrites != nullptr) rewrites->push_back({i, n, with.size()});
    out += with;
    i += n;
  }
  return out;
}

// An offset in the rewritten text, mapped back to the original (a position
// inside a replacement maps to the placeholder's start).
size_t MapBack(const std::vector<SpecRewrite>& rewrites, size_t offset) {
  ptrdiff_t shift = 0;
  for (const SpecRewrite& r : rewrites) {
    size_t new_begin = r.from + shift;
    if (offset < new_begin) break;
    if (offset < new_begin + r.to_len) return r.from;
    shift += static_cast<ptrdiff_t>(r.to_len) - static_cast<ptrdiff_t>(r.from_len);
  }
  return static_cast<size_t>(static_cast<ptrdiff_t>(offset) - shift);
}

// [begin, end) of `text` without surrounding white space.
std::pair<size_t, size_t> TrimmedRange(std::string_view text) {
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && IsSpecSpace(text[begin])) ++begin;
  while (end > begin && IsSpecSpace(text[end - 1])) --end;
  return {begin, end};
}

// The offset of a PromQL comment (`#` outside a string literal), or npos.
size_t SpecQueryCommentAt(std::string_view query) {
  char quote = 0;
  for (size_t i = 0; i < query.size(); ++i) {
    char c = query[i];
    if (quote != 0) {
      if (c == '\\' && quote != '`') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
    } else if (c == '"' || c == '\'' || c == '`') {
      quote = c;
    } else if (c == '#') {
      return i;
    }
  }
  return std::string_view::npos;
}

// Parses and type-checks `query` (the template with the window replaced);
// reports through `report(begin, end, message)` with offsets in `query`.
template <typename Report>
bool CheckExpandedQuery(std::string_view query, std::string_view what, Report report) {
  promql::ParseResult parsed = promql::Parse(query);
  if (!parsed.ok()) {
    for (const promql::ParseError& e : parsed.errors) {
      report(e.begin, e.end,
             "invalid PromQL in " + std::string(what) + " (with {{.window}} as 5m): " + e.message);
    }
    if (parsed.errors.empty()) report(0, query.size(), std::string(what) + " is empty");
    return false;
  }
  // The query is put inside other expressions (ratios, rules), where a
  // comment would swallow whatever follows it on the line.
  if (size_t at = SpecQueryCommentAt(query); at != std::string_view::npos) {
    report(at, at + 1,
           std::string(what) +
               " has a PromQL comment (#...): remove it; ttam puts the query "
               "inside other expressions, where the comment would hide the rest");
    return false;
  }
  promql::CheckOptions options;
  options.source = query;
  std::vector<promql::CheckError> problems = promql::Check(*parsed.expr, options);
  for (const promql::CheckError& e : problems) {
    std::string message = "invalid PromQL in " + std::string(what) + ": " + e.message;
    if (!e.hint.empty()) message += " (" + e.hint + ")";
    report(e.span.begin, e.span.end, std::move(message));
  }
  if (!problems.empty()) return false;
  std::optional<promql::ValueType> type = promql::TypeOf(*parsed.expr);
  if (type && *type != promql::ValueType::kVector) {
    std::string message = std::string(what) + " must return an instant vector, not a " +
                          std::string(promql::ValueTypeName(*type));
    if (*type == promql::ValueType::kScalar) message += "; wrap it in vector(...)";
    if (*type == promql::ValueType::kMatrix) {
      message += "; wrap the range selector in rate(...) or another function";
    }
    report(0, query.size(), std::move(message));
    return false;
  }
  return true;
}

// Labels the generated rules set themselves.
constexpr std::string_view kSpecReservedLabels[] = {"sloth_id", "sloth_service", "sloth_slo",
                                                    "sloth_window", "sloth_severity"};

}  // namespace

SpecPosition PositionOf(const yaml::Node& node) { return {node.mark.line, node.mark.column}; }

void ReportInScalar(yaml::Context& ctx, const yaml::Node& scalar, size_t begin, size_t end,
                    std::string_view path, std::string message) {
  yaml::ScalarSpan span = yaml::SpanInScalar(ctx.doc(), scalar, begin, end);
  std::string text = path.empty() ? std::move(message) : std::string(path) + ": " + message;
  diag::Diagnostic d =
      yaml::MakeDiagnostic(ctx.doc(), span.at, diag::Severity::kError, kSpecCheck, std::move(text));
  d.end_column = span.end_column;
  ctx.sink().Report(std::move(d));
}

std::optional<std::string> CheckTemplateScalar(yaml::Context& ctx, const yaml::Node& node,
                                               std::string_view path, std::string_view what) {
  if (!node.IsScalar()) {
    ctx.Error(node, path, kSpecCheck,
              std::string(what) + " must be a PromQL query, not " + std::string(node.KindName()));
    return std::nullopt;
  }
  const auto [begin, end] = TrimmedRange(node.scalar);
  const size_t lead = begin;  // clang cannot capture a structured binding in a lambda
  std::string_view text = std::string_view(node.scalar).substr(begin, end - begin);
  if (text.empty()) {
    ctx.Error(node, path, kSpecCheck, std::string(what) + " must not be empty");
    return std::nullopt;
  }
  if (size_t at = GluedWindowAt(text); at != std::string_view::npos) {
    ReportInScalar(ctx, node, lead + at, lead + at + WindowPlaceholderAt(text, at), path,
                   std::string(kGluedWindowAdvice));
    return std::nullopt;
  }
  std::vector<SpecRewrite> rewrites;
  std::string expanded = ReplaceWindow(text, "5m", &rewrites);
  if (rewrites.empty()) {
    ctx.Error(node, path, kSpecCheck,
              std::string(what) +
                  " has no {{.window}}: write every range as [{{.window}}], e.g. "
                  "sum(rate(http_requests_total{code=~\"5..\"}[{{.window}}]))");
    return std::nullopt;
  }
  bool ok = CheckExpandedQuery(expanded, what, [&](size_t b, size_t e, std::string message) {
    size_t from = lead + MapBack(rewrites, b);
    size_t to = lead + MapBack(rewrites, e > b ? e - 1 : b) + 1;
    ReportInScalar(ctx, node, from, to, path, std::move(message));
  });
  if (!ok) return std::nullopt;
  return ReplaceWindow(text, kWindowPlaceholder, nullptr);
}

bool CheckBuiltTemplate(yaml::Context& ctx, const yaml::Node& at, std::string_view path,
                        std::string_view what, std::string_view query_template) {
  if (GluedWindowAt(query_template) != std::string_view::npos) {
    ctx.Error(at, path, kSpecCheck,
              std::string(what) + ": " + std::string(kGluedWindowAdvice) + " in `" +
                  std::string(query_template) + "`");
    return false;
  }
  std::string expanded = ExpandWindow(query_template, "5m");
  return CheckExpandedQuery(expanded, what, [&](size_t, size_t, std::string message) {
    ctx.Error(at, path, kSpecCheck, message + " in `" + std::string(query_template) + "`");
  });
}

std::optional<std::string> PlainSelector(yaml::Context& ctx, const yaml::Node& node,
                                         std::string_view path, std::string_view hint) {
  if (!node.IsScalar()) {
    ctx.Error(node, path, kSpecCheck,
              "expected a series selector, not " + std::string(node.KindName()));
    return std::nullopt;
  }
  auto [begin, end] = TrimmedRange(node.scalar);
  std::string_view text = std::string_view(node.scalar).substr(begin, end - begin);
  if (text.empty()) {
    ctx.Error(node, path, kSpecCheck, "expected a series selector such as x_total{code=~\"5..\"}");
    return std::nullopt;
  }
  promql::ParseResult parsed = promql::Parse(text);
  if (!parsed.ok()) {
    for (const promql::ParseError& e : parsed.errors) {
      ReportInScalar(ctx, node, begin + e.begin, begin + std::max(e.end, e.begin + 1), path,
                     "invalid series selector: " + e.message);
    }
    if (parsed.errors.empty()) ctx.Error(node, path, kSpecCheck, "invalid series selector");
    return std::nullopt;
  }
  const auto* selector = std::get_if<promql::VectorSelector>(&parsed.expr->node);
  std::string why;
  if (std::holds_alternative<promql::MatrixSelector>(parsed.expr->node)) {
    why = "a selector without a range (ttam adds [{{.window}}] itself)";
  } else if (selector == nullptr) {
    why = "a plain series selector such as x_total{code=~\"5..\"}";
  } else if (selector->offset_ms != 0 || selector->offset_expr != nullptr || selector->at ||
             selector->anchored || selector->smoothed) {
    why = "a plain series selector, without offset, @ or modifiers";
  }
  if (!why.empty()) {
    ctx.Error(node, path, kSpecCheck,
              "expected " + why + ", got " + Quote(text) + "; " + std::string(hint));
    return std::nullopt;
  }
  if (size_t at = SpecQueryCommentAt(text); at != std::string_view::npos) {
    ReportInScalar(ctx, node, begin + at, begin + at + 1, path,
                   "a PromQL comment (#...) in a selector: remove it; ttam puts the selector "
                   "inside rate(...), where the comment would hide the rest");
    return std::nullopt;
  }
  return std::string(text);
}

std::string SumRate(const std::vector<std::string>& by, std::string_view selector) {
  std::string rate = "rate(" + std::string(selector) + "[" + std::string(kWindowPlaceholder) + "])";
  if (by.empty()) return "sum(" + rate + ")";
  return "sum by (" + Join(by, ", ") + ") (" + rate + ")";
}

std::string Operand(std::string_view query_template) {
  promql::ParseResult parsed = promql::Parse(ExpandWindow(query_template, "5m"));
  if (parsed.expr != nullptr && std::holds_alternative<promql::BinaryExpr>(parsed.expr->node)) {
    return "(" + std::string(query_template) + ")";
  }
  return std::string(query_template);
}

std::string LeLabelValue(double threshold) {
  std::string s = FormatGoG(threshold);
  if (std::isfinite(threshold) && s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

std::string DefaultAlertName(std::string_view slo_name) {
  std::string out;
  bool start = true;
  for (char c : slo_name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      start = true;
      continue;
    }
    out += start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    start = false;
  }
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "Slo" + out;
  return out + "BurnRate";
}

std::optional<double> ObjectiveFromPercent(yaml::Object& obj, std::string_view field,
                                           double percent) {
  if (!(percent > 0 && percent < 100)) {
    std::string why = percent >= 100 ? "100% leaves no error budget to burn"
                                     : "it is a percentage of good events";
    obj.Error(
        field, kSpecCheck,
        "the objective must be a percentage between 0 and 100 (exclusive), e.g. 99.9; " + why);
    return std::nullopt;
  }
  // 99.9 -> 0.999 as the division gives it: the same double sloth's
  // objective/100 gives, so generated rules agree with sloth's.
  return percent / 100;
}

std::map<std::string, std::string> LabelMap(yaml::Object& obj, std::string_view field,
                                            bool is_annotations) {
  std::optional<std::map<std::string, std::string>> map = obj.StringMap(field);
  if (!map) return {};
  const yaml::Node* node = obj.node() != nullptr ? obj.node()->Find(field) : nullptr;
  std::string_view kind = is_annotations ? "annotation" : "label";
  for (auto it = map->begin(); it != map->end();) {
    const std::string& name = it->first;
    std::string problem;
    if (!model::IsValidLegacyLabelName(name)) {
      problem = "invalid " + std::string(kind) + " name " + Quote(name) +
                ": use letters, digits and underscores, not starting with a digit";
    } else if (name.rfind("__", 0) == 0) {
      problem = std::string(kind) + " names starting with \"__\" are reserved for Prometheus";
    } else if (!is_annotations &&
               std::find(std::begin(kSpecReservedLabels), std::end(kSpecReservedLabels), name) !=
                   std::end(kSpecReservedLabels)) {
      problem = "label " + Quote(name) + " is set by the generated rules; remove it";
    }
    if (problem.empty()) {
      ++it;
      continue;
    }
    const yaml::Node* at = node;
    if (node != nullptr && node->IsMap()) {
      for (const yaml::Entry& e : node->entries) {
        if (e.key.IsScalar() && e.key.scalar == name) at = &e.key;
      }
    }
    if (at != nullptr) obj.ctx().Error(*at, obj.PathOf(field), kSpecCheck, problem);
    it = map->erase(it);
  }
  return *map;
}

void ReadTier(yaml::Object& obj, AlertTier& tier, bool with_factors) {
  if (auto disable = obj.Bool("disable")) tier.disable = *disable;
  tier.labels = LabelMap(obj, "labels", false);
  tier.annotations = LabelMap(obj, "annotations", true);
  if (!with_factors) return;
  const yaml::Node* factors = obj.Field("factors");
  if (factors == nullptr || factors->IsNull()) return;
  std::string path = obj.PathOf("factors");
  constexpr std::string_view kShape =
      "factors must be a list of two burn-rate factors [long pair, short pair], e.g. [14.4, 6]";
  if (!factors->IsSequence() || factors->items.size() != 2) {
    obj.ctx().Error(*factors, path, kSpecCheck, std::string(kShape));
    return;
  }
  for (size_t i = 0; i < 2; ++i) {
    const yaml::Node& item = factors->items[i];
    double value = 0;
    if (!item.IsScalar() || item.style != yaml::ScalarStyle::kPlain ||
        !ParseFloat(item.scalar, &value) || !std::isfinite(value) || !(value > 0)) {
      obj.ctx().Error(item, path + "[" + std::to_string(i) + "]", kSpecCheck,
                      "a burn-rate factor must be a positive number, e.g. 14.4");
      continue;
    }
    tier.factors[i] = value;
  }
}

void WarnUnreachableTiers(yaml::Context& ctx, const yaml::Node& at, std::string_view path,
                          const SloSpec& spec, std::string_view factors_hint) {
  if (!(spec.objective > 0 && spec.objective < 1)) return;
  struct TierView {
    std::string_view name;
    const AlertTier& tier;
    const double* defaults;
  };
  const TierView tiers[] = {{"page", spec.page, kDefaultPageFactors},
                            {"ticket", spec.ticket, kDefaultTicketFactors}};
  for (const TierView& t : tiers) {
    if (t.tier.disable) continue;
    for (int i = 0; i < 2; ++i) {
      double factor = t.tier.factors[i] > 0 ? t.tier.factors[i] : t.defaults[i];
      double needed = factor * (1 - spec.objective);
      if (needed < 1) continue;
      char needed_text[32];
      std::snprintf(needed_text, sizeof needed_text, "%.4g", needed);
      ctx.Report(at, path, kSpecCheck, diag::Severity::kWarning,
                 "with this objective the " + std::string(t.name) + " alert's burn-rate factor " +
                     FormatNumber(factor) + " needs an error ratio above " + needed_text +
                     ", so it can never fire; " + std::string(factors_hint));
      break;
    }
  }
}

std::optional<int64_t> PositivePeriod(yaml::Object& obj, std::string_view field) {
  std::optional<int64_t> ms = obj.Duration(field);
  if (!ms) return std::nullopt;
  if (*ms <= 0) {
    obj.Error(field, kSpecCheck, "the period must be longer than 0, e.g. 30d or 28d");
    return std::nullopt;
  }
  return ms;
}

}  // namespace ttam::slo::spec_internal
