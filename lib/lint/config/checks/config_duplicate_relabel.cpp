// Two kinds of dead relabel rules, both reported only when certain:
//  - a rule identical to an earlier one of the same list, with nothing in
//    between that changes what it reads, and idempotent (it does not read its
//    own target): the second copy does nothing;
//  - a rule that writes a label which a later `replace` with the match-all
//    regex overwrites, with nothing in between reading it: the first rule's
//    result is never seen.
#include <algorithm>

#include "lint/config/helpers.h"

namespace ttam::lint::checks {
namespace {

using config::RelabelConfig;

bool Same(const RelabelConfig& a, const RelabelConfig& b) {
  return a.action == b.action && a.source_labels == b.source_labels && a.separator == b.separator &&
         a.regex == b.regex && a.modulus == b.modulus && a.target_label == b.target_label &&
         a.replacement == b.replacement;
}

bool Has(const std::vector<std::string>& labels, const std::string& label) {
  return std::find(labels.begin(), labels.end(), label) != labels.end();
}

// Actions that set `target_label` (a literal name, not a $1 template).
bool WritesTarget(const RelabelConfig& r) {
  return (r.action == "replace" || r.action == "hashmod" || r.action == "lowercase" ||
          r.action == "uppercase") &&
         !r.target_label.empty() && r.target_label.find('$') == std::string::npos;
}

// Actions that look at or change every label name.
bool TouchesAllLabels(const RelabelConfig& r) {
  return r.action == "labelmap" || r.action == "labeldrop" || r.action == "labelkeep";
}

bool Reads(const RelabelConfig& r, const std::string& label) {
  if (TouchesAllLabels(r)) return true;
  if (Has(r.source_labels, label)) return true;
  return (r.action == "keepequal" || r.action == "dropequal") && r.target_label == label;
}

// Applying `r` twice in a row gives what applying it once gives.
bool Idempotent(const RelabelConfig& r) {
  if (r.action == "labelmap") return false;
  if (WritesTarget(r)) return !Has(r.source_labels, r.target_label);
  return r.action == "keep" || r.action == "drop" || r.action == "keepequal" ||
         r.action == "dropequal" || r.action == "labeldrop" || r.action == "labelkeep";
}

// True when `between` may change a label that `r` reads.
bool Interferes(const RelabelConfig& between, const RelabelConfig& r) {
  if (TouchesAllLabels(between)) return true;
  if (!WritesTarget(between)) return false;
  if (TouchesAllLabels(r)) return true;
  return Reads(r, between.target_label) ||
         (WritesTarget(r) && r.target_label == between.target_label);
}

std::string Index(const RelabelConfig& rule) {
  size_t dot = rule.origin.path.rfind('.');
  return dot == std::string::npos ? rule.origin.path : rule.origin.path.substr(dot + 1);
}

class DuplicateRelabel : public ConfigCheck {
 public:
  void Run(const ConfigLintInput& input, ConfigReporter& out) override {
    for (const RelabelList& list : RelabelLists(input.config.config)) {
      const std::vector<RelabelConfig>& rules = *list.rules;
      std::vector<bool> reported(rules.size(), false);
      for (size_t j = 0; j < rules.size(); ++j) {
        const RelabelConfig& rule = rules[j];
        if (rule.origin.doc == nullptr || rule.origin.node == nullptr) continue;
        if (!Idempotent(rule)) continue;
        for (size_t i = j; i-- > 0;) {
          if (!Same(rules[i], rule)) {
            if (Interferes(rules[i], rule)) break;
            continue;
          }
          const RelabelConfig& earlier = rules[i];
          std::vector<diag::Note> notes;
          std::string where;
          if (earlier.origin.doc != nullptr && earlier.origin.node != nullptr) {
            notes.push_back(NoteAt(*earlier.origin.doc, *earlier.origin.node, "first here"));
            where = " (line " + std::to_string(earlier.origin.node->mark.line) + ")";
          }
          out.Report(rule.origin,
                     rule.origin.path + " repeats " + Index(earlier) + where +
                         " exactly and nothing in between changes what it reads, so it does "
                         "nothing; remove it",
                     std::move(notes));
          reported[j] = true;
          break;
        }
      }
      for (size_t i = 0; i < rules.size(); ++i) {
        const RelabelConfig& rule = rules[i];
        if (reported[i] || !WritesTarget(rule) || rule.origin.node == nullptr) continue;
        const std::string& label = rule.target_label;
        for (size_t k = i + 1; k < rules.size(); ++k) {
          const RelabelConfig& later = rules[k];
          if (later.action == "replace" && later.target_label == label && AlwaysMatches(later) &&
              !Has(later.source_labels, label)) {
            std::vector<diag::Note> notes;
            std::string where;
            if (later.origin.doc != nullptr && later.origin.node != nullptr) {
              notes.push_back(NoteAt(*later.origin.doc, *later.origin.node, "overwritten here"));
              where = " (line " + std::to_string(later.origin.node->mark.line) + ")";
            }
            out.Report(rule.origin,
                       rule.origin.path + " sets " + Quote(label) + ", but " + Index(later) +
                           where +
                           " always overwrites it before anything reads it, so this rule has "
                           "no effect; remove one of the two",
                       std::move(notes));
            break;
          }
          if (Reads(later, label) || (WritesTarget(later) && later.target_label == label) ||
              (later.target_label.find('$') != std::string::npos)) {
            break;
          }
        }
      }
    }
  }
};

}  // namespace

ConfigCheckPtr MakeConfigDuplicateRelabel() { return std::make_unique<DuplicateRelabel>(); }

}  // namespace ttam::lint::checks
