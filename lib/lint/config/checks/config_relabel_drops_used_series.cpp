// The guide drops primitive_duration_seconds_bucket in metric_relabel_configs
// ("high-cardinality") and computes its p95 latency from that very metric in
// a recording rule: the rule silently returns nothing. Only rules that match
// on __name__ alone are evaluated, and only up to the first rule that could
// rename a series, so every finding is certain.
#include <map>
#include <set>

#include "lint/config/helpers.h"

namespace ttam::lint::checks {
namespace {

struct Use {
  const LoadedRuleFile* file;
  const rules::Rule* rule;
};

std::string RuleName(const rules::Rule& rule) {
  if (!rule.record.empty()) return "recording rule " + Quote(rule.record);
  return "alerting rule " + Quote(rule.alert);
}

const yaml::Node* RuleNode(const rules::Rule& rule) {
  return rule.expr_node != nullptr ? rule.expr_node : rule.node;
}

std::string RuleWhere(const Use& use) {
  const yaml::Node* node = RuleNode(*use.rule);
  std::string where = use.file->path;
  if (node != nullptr) where += ":" + std::to_string(node->mark.line);
  return where;
}

class RelabelDropsUsedSeries : public ConfigCheck {
 public:
  void Run(const ConfigLintInput& input, ConfigReporter& out) override {
    // Metrics each rule reads, leaving out what recording rules produce (not scraped).
    std::set<std::string> recorded;
    for (const LoadedRuleFile& file : input.rule_files) {
      for (const rules::Group& group : file.file.groups) {
        for (const rules::Rule& rule : group.rules) {
          if (!rule.record.empty()) recorded.emplace(rule.record);
        }
      }
    }
    std::map<std::string, std::vector<Use>> uses;
    for (const LoadedRuleFile& file : input.rule_files) {
      for (const rules::Group& group : file.file.groups) {
        for (const rules::Rule& rule : group.rules) {
          std::set<std::string> seen;
          for (const std::string& metric : rules::SelectedMetrics(file.file, rule)) {
            if (recorded.count(metric) != 0 || IsGeneratedSeries(metric) ||
                !seen.insert(metric).second) {
              continue;
            }
            uses[metric].push_back({&file, &rule});
          }
        }
      }
    }
    if (uses.empty()) return;

    for (const config::ScrapeConfig& job : input.config.config.scrape_configs) {
      std::set<std::string> dropped;  // by an earlier rule of this job
      MetricNameFilters filters(job);
      for (const MetricNameFilters::Filter& filter : filters.filters()) {
        const config::RelabelConfig& rule = *filter.rule;
        bool drop = filter.drop;
        if (rule.origin.doc == nullptr || rule.origin.node == nullptr) continue;
        const yaml::Node* at = FindValue(rule.origin.node, "regex");
        if (at == nullptr) at = rule.origin.node;
        for (const auto& [metric, users] : uses) {
          if (!filter.Removes(metric) || !dropped.insert(metric).second) continue;
          const Use& first = users.front();
          std::vector<diag::Note> notes;
          for (const Use& use : users) {
            const yaml::Node* node = RuleNode(*use.rule);
            if (node == nullptr || use.file->file.doc == nullptr) continue;
            notes.push_back(NoteAt(*use.file->file.doc, *node,
                                   RuleName(*use.rule) + " selects " + Quote(metric) + " here"));
          }
          std::string others;
          if (users.size() > 1) others = " (and " + std::to_string(users.size() - 1) + " more)";
          out.Report(
              *rule.origin.doc, *at,
              rule.origin.path + ": job " + Quote(job.job_name) + " " +
                  (drop ? "drops"
                        : "keeps only series that match " + Quote(rule.regex) + ", which drops") +
                  " every " + Quote(metric) + " series, but " + RuleName(*first.rule) + " at " +
                  RuleWhere(first) + others +
                  " selects it and gets no data from this job; stop dropping " + Quote(metric) +
                  " or compute the rule from a metric you keep",
              std::move(notes));
        }
      }
    }
  }
};

}  // namespace

ConfigCheckPtr MakeConfigRelabelDropsUsedSeries() {
  return std::make_unique<RelabelDropsUsedSeries>();
}

}  // namespace ttam::lint::checks
