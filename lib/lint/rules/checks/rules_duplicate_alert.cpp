// rules/duplicate-alert: Prometheus allows several alerting rules with one
// name, and tiers such as a warning at >1s and a page at >2s are a common
// pattern; those differ in their labels (severity) and are not reported.
// Two rules with the same name and the same labels but different expressions
// produce alerts that Alertmanager cannot tell apart when their result labels
// meet: they overwrite each other's annotations and resolve each other. An
// identical copy in another file fires everything twice. (pint, too, leaves
// same-name alerts alone and only reports duplicate recording rules.)
// Alerts whose results can never carry the same labels (each selects another
// component="..." that survives into the result, = against != on a kept
// label, by (verb) against no labels) never meet and are not reported.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "lint/config/helpers.h"
#include "lint/rules/helpers.h"
#include "lint/rules/result_shape.h"
#include "promql/printer.h"
#include "support/hash.h"

namespace ttam::lint::checks {
namespace {

// What the comparisons read of an alert whose file has been freed: its
// name, expression and labels as written.
struct KeptAlert {
  std::string name;
  std::string expr;
  bool expr_valid = false;
  promql::ParseOptions syntax;
  std::vector<std::pair<std::string, std::string>> labels;  // in the order written
};

// An alert seen earlier and where its name is. While its file is being
// visited, the rule itself (`live`); once the file is done (and about to be
// freed), a copy (`kept`).
struct Seen {
  uint64_t file = 0;  // which visited file (a multi-document file gives several)
  uint32_t path = 0;  // index into RulesDuplicateAlert::paths_
  uint32_t line = 0;
  uint32_t column = 0;
  const rules::Rule* live = nullptr;
  promql::ParseOptions syntax;  // of the live rule's file
  std::unique_ptr<KeptAlert> kept;
};

std::map<std::string_view, std::string_view> Labels(const rules::Rule& rule) {
  std::map<std::string_view, std::string_view> out;
  for (const rules::KeyValue& kv : rule.labels) out[kv.key] = kv.value;
  return out;
}

class RulesDuplicateAlert : public RulesCheck {
 public:
  // Keyed by name only; labels and expressions are compared when a name
  // repeats, which is rare: nothing per alert is printed up front.
  void OnRule(const RuleVisit& v, RulesReporter& out) override {
    const rules::Rule& rule = v.rule;
    if (!rule.IsAlert() || rule.name_node == nullptr || v.file.doc == nullptr) return;
    // Keyed by a hash of the name (no copy of it per alert); names are
    // compared below, in case two share a hash.
    std::vector<Seen>& earlier = by_name_[HashBytes(rule.alert)];
    if (!earlier.empty()) {
      auto labels = Labels(rule);
      std::string expr = CanonicalExpr(v.file, rule, v.ast);
      std::optional<ResultShape> shape = ShapeOfRule(v.file, rule, v.ast);
      for (const Seen& other : earlier) {
        rules::Rule kept;
        const rules::Rule& other_rule = other.live != nullptr ? *other.live : AsRule(other, kept);
        if (other_rule.alert != rule.alert || Labels(other_rule) != labels) continue;
        const promql::ParseOptions& syntax =
            other.live != nullptr ? other.syntax : other.kept->syntax;
        bool same_expr = CanonicalExpr(syntax, other_rule, nullptr) == expr;
        if (same_expr && other.file == file_count_) continue;  // rules/duplicate-rule
        if (!same_expr && shape) {
          std::optional<ResultShape> other_shape = ShapeOfRule(syntax, other_rule, nullptr);
          if (other_shape && ShapesDisjoint(*shape, *other_shape)) continue;
        }
        const std::string& other_path = paths_[other.path];
        out.Report(v, *rule.name_node,
                   "alert " + Quote(rule.alert) + " is also defined at " + other_path + ":" +
                       std::to_string(other.line) +
                       (same_expr ? " with the same expression: it fires twice"
                                  : " with the same labels, and both expressions can return "
                                    "series with the same labels: Alertmanager cannot tell "
                                    "their alerts apart, so they overwrite and resolve each "
                                    "other") +
                       "; rename one, or give them distinct labels (e.g. severity)",
                   {diag::Note{other_path, other.line, other.column, "the other definition"}});
        break;
      }
    }
    if (paths_.empty() || paths_.back() != v.file.doc->path) paths_.push_back(v.file.doc->path);
    Seen seen;
    seen.file = file_count_;
    seen.path = static_cast<uint32_t>(paths_.size() - 1);
    seen.line = rule.name_node->mark.line;
    seen.column = rule.name_node->mark.column;
    seen.live = &rule;
    seen.syntax = v.file.options.syntax;
    earlier.push_back(std::move(seen));
    live_.emplace_back(&earlier, earlier.size() - 1);
  }

  // The file is about to be freed: keep copies of its alerts for the files
  // that follow (none after the last: nothing would read them).
  void EndFile(bool more_files) override {
    if (more_files) {
      for (const auto& [list, index] : live_) Keep((*list)[index]);
    }
    live_.clear();
    ++file_count_;
  }

 private:
  static void Keep(Seen& seen) {
    const rules::Rule& rule = *seen.live;
    auto kept = std::make_unique<KeptAlert>();
    kept->name = std::string(rule.alert);
    kept->expr = std::string(rule.expr);
    kept->expr_valid = rule.expr_valid;
    kept->syntax = seen.syntax;
    for (const rules::KeyValue& kv : rule.labels) {
      kept->labels.emplace_back(std::string(kv.key), std::string(kv.value));
    }
    seen.kept = std::move(kept);
    seen.live = nullptr;
  }

  // What the comparisons read of a kept alert (views into `seen`).
  static const rules::Rule& AsRule(const Seen& seen, rules::Rule& rule) {
    const KeptAlert& kept = *seen.kept;
    rule.alert = kept.name;
    rule.expr = kept.expr;
    rule.expr_valid = kept.expr_valid;
    for (const auto& [key, value] : kept.labels) rule.labels.push_back({key, value});
    return rule;
  }

  std::unordered_map<uint64_t, std::vector<Seen>> by_name_;
  // The alerts of the file being visited: (list, index) in by_name_, whose
  // lists do not move (node-based map).
  std::vector<std::pair<std::vector<Seen>*, size_t>> live_;
  std::vector<std::string> paths_;
  uint64_t file_count_ = 0;
};

}  // namespace

std::unique_ptr<RulesCheck> MakeRulesDuplicateAlert() {
  return std::make_unique<RulesDuplicateAlert>();
}

}  // namespace ttam::lint::checks
