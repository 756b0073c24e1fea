#pragma once

// Private to ttam_lint_config: the helpers the config checks share (finding fields in the YAML,
// Prometheus-anchored regexes, durations and quoting for messages).

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "diag/diagnostic.h"
#include "lint/config/check.h"
#include "support/text.h"
#include "yaml/document.h"

namespace re2 {
class RE2;
}

namespace ttam::lint::checks {

using ConfigCheckPtr = std::unique_ptr<ConfigCheck>;

/// The key node of `key` in mapping `map` (for a caret under the field
/// name); nullptr when `map` is null, not a mapping, or lacks the key.
const yaml::Node* FindKey(const yaml::Node* map, std::string_view key);
/// The value node of `key` in mapping `map`; nullptr when absent.
const yaml::Node* FindValue(const yaml::Node* map, std::string_view key);

/// "file:line" of `node` in `doc`, for messages that point elsewhere.
std::string Where(const yaml::Document& doc, const yaml::Node& node);

/// A secondary location.
diag::Note NoteAt(const yaml::Document& doc, const yaml::Node& node, std::string message);

/// A relabel regex compiled the way Prometheus compiles it: `^(?s:re)$`.
class AnchoredRegex {
 public:
  explicit AnchoredRegex(std::string_view regex);
  ~AnchoredRegex();
  AnchoredRegex(AnchoredRegex&&) noexcept;
  AnchoredRegex& operator=(AnchoredRegex&&) noexcept;

  /// False when RE2 rejects it (config::Load reports that as config/regex).
  bool ok() const;
  /// True when the whole of `text` matches (false when !ok()).
  bool Matches(std::string_view text) const;

 private:
  /// The regex, compiled on first use (shared with every other holder of
  /// the same regex): most filters of a large config never match anything.
  struct Lazy;
  const re2::RE2* Compiled() const;
  std::unique_ptr<Lazy> lazy_;
};

/// AnchoredRegex(regex).ok(), without compiling a regex that config::Load
/// has already judged.
bool RegexCompiles(std::string_view regex);

/// True when the relabel rule always matches whatever its source labels hold:
/// its regex is the default `(.*)` or `.*`.
bool AlwaysMatches(const config::RelabelConfig& rule);

/// Every relabel list of the config with a name for messages: each scrape
/// config's relabel_configs and metric_relabel_configs, each remote_write's
/// write_relabel_configs and alerting's alert_relabel_configs.
struct RelabelList {
  const std::vector<config::RelabelConfig>* rules;
  std::string name;                           ///< "relabel_configs", "metric_relabel_configs", ...
  const config::ScrapeConfig* job = nullptr;  ///< for scrape configs
};
std::vector<RelabelList> RelabelLists(const config::Config& config);

/// Series Prometheus writes itself: a target's synthetic series (up,
/// scrape_*), added after metric relabelling, and the rule manager's ALERTS;
/// no metric_relabel_configs rule drops them.
bool IsGeneratedSeries(std::string_view name);

/// True when the relabel rule can change a series' name, after which the
/// names later rules see are unknown.
bool MayRename(const config::RelabelConfig& rule);

/// The rules of a job's metric_relabel_configs that drop or keep by metric name
/// alone (source_labels exactly [__name__], regex anchored as Prometheus
/// does), up to the first rule that could rename series: what they remove
/// is certain. Shared by config/relabel-drops-used-series and
/// rules/dropped-series.
class MetricNameFilters {
 public:
  struct Filter {
    const config::RelabelConfig* rule;  ///< the relabel rule, in the job's list
    AnchoredRegex regex;                ///< its regex, anchored
    bool drop;                          ///< action drop (else keep)

    /// True when this rule removes every series named `metric`.
    bool Removes(std::string_view metric) const { return regex.Matches(metric) == drop; }
  };

  /// The filters of `job`'s metric_relabel_configs.
  explicit MetricNameFilters(const config::ScrapeConfig& job);

  /// The filters, in the job's order.
  const std::vector<Filter>& filters() const { return filters_; }
  /// The first rule that removes every series named `metric`; null when none does.
  const config::RelabelConfig* FirstRemoving(std::string_view metric) const;

 private:
  std::vector<Filter> filters_;
};

}  // namespace ttam::lint::checks
