#include "lint/config/helpers.h"

#include <re2/re2.h>

#include <chrono>
#include <mutex>
#include <string>

#include "config/relabel.h"
#include "support/text.h"
#include "support/units.h"

namespace ttam::lint::checks {

const yaml::Node* FindKey(const yaml::Node* map, std::string_view key) {
  if (map == nullptr || !map->IsMap()) return nullptr;
  for (const yaml::Entry& e : map->entries) {
    if (e.key.IsScalar() && e.key.scalar == key) return &e.key;
  }
  return nullptr;
}

const yaml::Node* FindValue(const yaml::Node* map, std::string_view key) {
  if (map == nullptr || !map->IsMap()) return nullptr;
  return map->Find(key);
}

std::string Where(const yaml::Document& doc, const yaml::Node& node) {
  return doc.path + ":" + std::to_string(node.mark.line);
}

diag::Note NoteAt(const yaml::Document& doc, const yaml::Node& node, std::string message) {
  diag::Note note;
  note.path = doc.path;
  note.line = node.mark.line;
  note.column = node.mark.column;
  note.message = std::move(message);
  return note;
}

struct AnchoredRegex::Lazy {
  std::string regex;
  std::once_flag once;
  std::shared_ptr<const RE2> re;
};

AnchoredRegex::AnchoredRegex(std::string_view regex) : lazy_(std::make_unique<Lazy>()) {
  lazy_->regex = std::string(regex);
}
AnchoredRegex::~AnchoredRegex() = default;
AnchoredRegex::AnchoredRegex(AnchoredRegex&&) noexcept = default;
AnchoredRegex& AnchoredRegex::operator=(AnchoredRegex&&) noexcept = default;

const RE2* AnchoredRegex::Compiled() const {
  if (lazy_ == nullptr) return nullptr;
  std::call_once(lazy_->once, [this] { lazy_->re = config::CompiledRegex(lazy_->regex); });
  return lazy_->re.get();
}

bool AnchoredRegex::ok() const {
  const RE2* re = Compiled();
  return re != nullptr && re->ok();
}

bool RegexCompiles(std::string_view regex) {
  // config::RegexError remembers its verdicts, and config::Load asked it
  // about every relabel regex already. It also refuses `\C`, which RE2
  // compiles: only then is the regex compiled here.
  std::optional<std::string> why = config::RegexError(regex);
  if (!why) return true;
  if (regex.find("\\C") == std::string_view::npos) return false;
  return AnchoredRegex(regex).ok();
}

bool AnchoredRegex::Matches(std::string_view text) const {
  const RE2* re = Compiled();
  return re != nullptr && re->ok() &&
         RE2::FullMatch(re2::StringPiece(text.data(), text.size()), *re);
}

bool AlwaysMatches(const config::RelabelConfig& rule) {
  return rule.regex == "(.*)" || rule.regex == ".*";
}

std::vector<RelabelList> RelabelLists(const config::Config& config) {
  std::vector<RelabelList> lists;
  for (const config::ScrapeConfig& job : config.scrape_configs) {
    lists.push_back({&job.relabel_configs, "relabel_configs", &job});
    lists.push_back({&job.metric_relabel_configs, "metric_relabel_configs", &job});
  }
  for (const auto& list : config.write_relabel_configs) {
    lists.push_back({&list, "write_relabel_configs", nullptr});
  }
  lists.push_back({&config.alert_relabel_configs, "alert_relabel_configs", nullptr});
  return lists;
}

bool IsGeneratedSeries(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "up",
      "scrape_duration_seconds",
      "scrape_samples_scraped",
      "scrape_samples_post_metric_relabeling",
      "scrape_series_added",
      "scrape_timeout_seconds",
      "scrape_sample_limit",
      "scrape_body_size_bytes",
      "ALERTS",
      "ALERTS_FOR_STATE",
  };
  for (std::string_view n : kNames) {
    if (n == name) return true;
  }
  return false;
}

bool MayRename(const config::RelabelConfig& rule) {
  if (rule.action == "labelmap") return true;
  if (rule.action == "replace" || rule.action == "lowercase" || rule.action == "uppercase" ||
      rule.action == "hashmod") {
    return rule.target_label == "__name__" || rule.target_label.find('$') != std::string::npos;
  }
  return false;
}

MetricNameFilters::MetricNameFilters(const config::ScrapeConfig& job) {
  for (const config::RelabelConfig& rule : job.metric_relabel_configs) {
    if (MayRename(rule)) break;
    bool drop = rule.action == "drop";
    if (!drop && rule.action != "keep") continue;
    if (rule.source_labels.size() != 1 || rule.source_labels[0] != "__name__") continue;
    if (!RegexCompiles(rule.regex)) continue;  // compiled when first matched
    filters_.push_back({&rule, AnchoredRegex(rule.regex), drop});
  }
}

const config::RelabelConfig* MetricNameFilters::FirstRemoving(std::string_view metric) const {
  for (const Filter& f : filters_) {
    if (f.Removes(metric)) return f.rule;
  }
  return nullptr;
}

}  // namespace ttam::lint::checks
