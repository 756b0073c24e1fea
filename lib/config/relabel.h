#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "config/schema.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace ttam::config {

/// Reads the relabel rules at `field` of `parent` (relabel_configs,
/// metric_relabel_configs, write_relabel_configs, alert_relabel_configs) and
/// validates each one exactly as Prometheus's relabel.Config does: the
/// action, the fields each action requires or forbids, target_label and
/// labelmap replacement validity under `scheme`, the modulus of hashmod, and
/// the regex compiled with RE2 anchored as Prometheus anchors it.
std::vector<RelabelConfig> ReadRelabelConfigs(Object& parent, std::string_view field,
                                              NameValidation scheme = NameValidation::kUtf8);

/// `regex` compiled as CompileGoRegexp compiles it; while a result is held,
/// asking again for the same regex returns it rather than compiling anew
/// (check ok() on the result).
std::shared_ptr<const re2::RE2> CompiledRegex(std::string_view regex);

/// Compiles `regex` as Prometheus compiles a relabel regex (`^(?s:regex)$`,
/// RE2 syntax). Returns nullopt when it compiles, else the reason in Go's
/// words ("missing closing )").
std::optional<std::string> RegexError(std::string_view regex);

}  // namespace ttam::config

namespace ttam::config {

/// Applies relabel rules to label sets as Prometheus does (every action,
/// Go's `$1` / `${name}` template expansion, md5-based hashmod). The rules
/// must be valid (as ReadRelabelConfigs left them without errors); their
/// regexes are compiled once.
class Relabeler {
 public:
  explicit Relabeler(const std::vector<RelabelConfig>& rules);
  ~Relabeler();
  Relabeler(const Relabeler&) = delete;
  Relabeler& operator=(const Relabeler&) = delete;

  /// Rewrites `labels`; false when a rule drops the set (keep, drop,
  /// keepequal, dropequal).
  bool Apply(std::map<std::string, std::string>* labels) const;

 private:
  struct Rule;
  std::vector<Rule> rules_;
};

}  // namespace ttam::config
