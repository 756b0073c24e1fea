// rules/plain-regex-matcher: PromQL anchors regex matchers at both ends, so
// `job=~"api"` matches exactly what `job="api"` matches. The regex form
// suggests a pattern where there is none, and later edits (a host name with
// dots) silently become patterns.
#include <optional>
#include <string>

#include "lint/config/helpers.h"
#include "lint/rules/helpers.h"
#include "promql/printer.h"
#include "promql/walk.h"

namespace ttam::lint::checks {
namespace {

// The literal text `regex` matches when it has no metacharacters (escaped
// punctuation such as `\.` counts as literal); nullopt otherwise.
std::optional<std::string> Literal(std::string_view regex) {
  static constexpr std::string_view kMeta = ".+*?()|[]{}^$";
  std::string out;
  for (size_t i = 0; i < regex.size(); ++i) {
    char c = regex[i];
    if (c == '\\') {
      if (i + 1 >= regex.size()) return std::nullopt;
      char next = regex[++i];
      bool punct = (next >= '!' && next <= '/') || (next >= ':' && next <= '@') ||
                   (next >= '[' && next <= '`') || (next >= '{' && next <= '~');
      if (!punct) return std::nullopt;  // \d, \w, \b, \Q, ...: classes and assertions
      out += next;
      continue;
    }
    if (kMeta.find(c) != std::string_view::npos) return std::nullopt;
    out += c;
  }
  return out;
}

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The span of the matcher `name op "..."` in `text` at or after `from`.
std::optional<promql::Span> FindMatcher(std::string_view text, size_t from, std::string_view name,
                                        std::string_view op) {
  for (size_t at = text.find(name, from); at != std::string_view::npos;
       at = text.find(name, at + 1)) {
    if (at > 0 && IsNameChar(text[at - 1])) continue;
    size_t i = at + name.size();
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t')) ++i;
    if (text.substr(i, op.size()) != op) continue;
    i += op.size();
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\t')) ++i;
    if (i >= text.size()) return std::nullopt;
    char quote = text[i];
    if (quote != '"' && quote != '\'' && quote != '`') return std::nullopt;
    for (size_t j = i + 1; j < text.size(); ++j) {
      if (text[j] == '\\' && quote != '`') {
        ++j;
        continue;
      }
      if (text[j] == quote) return promql::Span{at, j + 1};
    }
    return std::nullopt;
  }
  return std::nullopt;
}

class RulesPlainRegexMatcher : public RulesCheck {
 public:
  void OnRule(const RuleVisit& v, RulesReporter& out) override {
    if (v.ast == nullptr) return;
    const rules::Rule& rule = v.rule;
    promql::Walk(*v.ast, [&](const promql::Expr& e, std::span<const promql::Expr* const>) {
      const auto* vs = std::get_if<promql::VectorSelector>(&e.node);
      if (vs == nullptr) return true;
      size_t cursor = e.span.begin;
      std::string_view text(rule.expr);
      for (const promql::LabelMatcher& m : vs->matchers) {
        bool regex = m.op == promql::MatchOp::kRegexMatch;
        if (!regex && m.op != promql::MatchOp::kRegexNoMatch) continue;
        std::string_view op = regex ? "=~" : "!~";
        promql::Span span = e.span;
        if (e.span.end <= text.size()) {
          std::optional<promql::Span> found =
              FindMatcher(text.substr(0, e.span.end), cursor, m.name, op);
          if (found) {
            span = *found;
            cursor = found->end;
          }
        }
        std::optional<std::string> literal = Literal(m.value);
        // l=~"" and l!~"" are the idioms for "l is absent" and "l is set"
        // (kube-prometheus writes them): nothing there invites pattern edits.
        if (!literal || literal->empty()) continue;
        std::string plain = m.name + (regex ? "=" : "!=") + promql::QuoteString(*literal);
        out.ReportInExpr(v, span,
                         "the regex matcher " + m.name + std::string(op) +
                             promql::QuoteString(m.value) +
                             " has no regex metacharacters, and PromQL "
                             "anchors regexes, so it is an exact match in disguise that "
                             "invites pattern edits (an unescaped '.' matches any character); "
                             "write " +
                             plain);
      }
      return true;
    });
  }
};

}  // namespace

std::unique_ptr<RulesCheck> MakeRulesPlainRegexMatcher() {
  return std::make_unique<RulesPlainRegexMatcher>();
}

}  // namespace ttam::lint::checks
