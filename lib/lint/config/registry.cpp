#include "config/schema.h"
#include "diag/check_info.h"
#include "lint/config/check.h"
#include "lint/config/helpers.h"

namespace ttam::lint::checks {
// Each check's factory, defined in its file checks/config_<name>.cpp.
std::unique_ptr<ConfigCheck> MakeConfigScrapeIntervalRange();
std::unique_ptr<ConfigCheck> MakeConfigTimeoutNearInterval();
std::unique_ptr<ConfigCheck> MakeConfigUselessGzipParam();
std::unique_ptr<ConfigCheck> MakeConfigRetentionAdvice();
std::unique_ptr<ConfigCheck> MakeConfigRelabelDropsUsedSeries();
std::unique_ptr<ConfigCheck> MakeConfigRuleFilesNoMatch();
std::unique_ptr<ConfigCheck> MakeConfigDuplicateTarget();
std::unique_ptr<ConfigCheck> MakeConfigDuplicateRelabel();
std::unique_ptr<ConfigCheck> MakeConfigRelabelPlainRegex();
std::unique_ptr<ConfigCheck> MakeConfigHonorLabels();
std::unique_ptr<ConfigCheck> MakeConfigDropsJobOrInstance();
std::unique_ptr<ConfigCheck> MakeConfigPlaintextSecret();
std::unique_ptr<ConfigCheck> MakeConfigNoSampleLimit();
}  // namespace ttam::lint::checks

namespace ttam::lint {
namespace {

using diag::Severity;
constexpr diag::Enablement kOff = diag::Enablement::kOffByDefault;
namespace c = checks;

// Every config check, one row each. Ids are a public contract: never rename
// one; document each in man/ttam-checks.7.
const ConfigCheckInfo kChecks[] = {
    // Opinions: off unless --enable names them.
    {"config/scrape-interval-range", Severity::kInfo,
     "an extreme scrape interval: under 5s, or over 2m (past the 5m staleness window)",
     c::MakeConfigScrapeIntervalRange, kOff},
    {"config/timeout-near-interval", Severity::kWarning,
     "a scrape_timeout written to more than 80% of scrape_interval",
     c::MakeConfigTimeoutNearInterval, kOff},
    {"config/useless-gzip-param", Severity::kWarning,
     "params: {compression: [gzip]}, which does nothing: Prometheus negotiates gzip itself",
     c::MakeConfigUselessGzipParam},
    {"config/retention-advice", Severity::kInfo,
     "storage.tsdb.retention bounds time or size but not both", c::MakeConfigRetentionAdvice},
    // Across the config and its rule files.
    {"config/relabel-drops-used-series", Severity::kWarning,
     "metric_relabel_configs drop series that a configured rule selects",
     c::MakeConfigRelabelDropsUsedSeries},
    {"config/rule-files-no-match", Severity::kWarning, "a rule_files glob matches no file",
     c::MakeConfigRuleFilesNoMatch},
    // Jobs and relabelling.
    {"config/duplicate-target", Severity::kWarning,
     "the same target address is scraped by two jobs", c::MakeConfigDuplicateTarget},
    {"config/duplicate-relabel", Severity::kWarning,
     "a relabel rule repeats or is overwritten by a later one", c::MakeConfigDuplicateRelabel},
    {"config/relabel-plain-regex", Severity::kInfo,
     "a relabel regex with redundant anchors, an unescaped dot in a literal, or that can never "
     "match",
     c::MakeConfigRelabelPlainRegex},
    {"config/honor-labels", Severity::kInfo,
     "honor_labels: true lets targets overwrite job, instance and other target labels",
     c::MakeConfigHonorLabels},
    {"config/drops-job-or-instance", Severity::kWarning,
     "labeldrop or labelkeep removes the job or instance label", c::MakeConfigDropsJobOrInstance},
    {"config/plaintext-secret", Severity::kWarning,
     "a password, token or secret written inline instead of in a *_file",
     c::MakeConfigPlaintextSecret},
    {"config/no-sample-limit", Severity::kWarning,
     "a job with service discovery has no sample_limit", c::MakeConfigNoSampleLimit, kOff},
};

const diag::CheckInfo kValidation[] = {
    {"yaml/syntax", Severity::kError, "the file is not valid YAML"},
    {"yaml/duplicate-key", Severity::kError, "a mapping has the same key twice"},
    {config::kUnknownField, Severity::kError, "a field Prometheus does not know"},
    {config::kType, Severity::kError, "a field has the wrong YAML type"},
    {config::kValue, Severity::kError, "a field's value is invalid"},
    {config::kRequired, Severity::kError, "a required field is missing or empty"},
    {config::kConflict, Severity::kError, "fields that exclude each other are both set"},
    {config::kDuplicate, Severity::kError, "a job name or other unique name repeats"},
    {config::kRegex, Severity::kError, "a regex RE2 cannot compile"},
    {config::kMissingFile, Severity::kError, "a file the config names does not exist"},
    {config::kFile, Severity::kError, "a file the config includes is invalid"},
};

}  // namespace

std::span<const ConfigCheckInfo> ConfigChecks() { return kChecks; }

std::span<const diag::CheckInfo> ConfigValidationChecks() { return kValidation; }

}  // namespace ttam::lint
