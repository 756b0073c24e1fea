// The guide bounds retention both by time and by size (30d, 100GB): a time
// limit alone lets a cardinality spike fill the disk, a size limit alone keeps
// data for as long as it fits. Only configs that set storage.tsdb.retention
// are checked: the command-line flags the guide uses are not visible here.
#include "lint/config/helpers.h"

namespace ttam::lint::checks {
namespace {

class RetentionAdvice : public ConfigCheck {
 public:
  void Run(const ConfigLintInput& input, ConfigReporter& out) override {
    if (input.config.documents.empty() || input.config.documents.front() == nullptr) return;
    const yaml::Document& doc = *input.config.documents.front();
    const yaml::Node* retention =
        FindValue(FindValue(FindValue(&doc.root, "storage"), "tsdb"), "retention");
    if (retention == nullptr || !retention->IsMap()) return;
    const yaml::Node* time = FindKey(retention, "time");
    const yaml::Node* size = FindKey(retention, "size");
    const config::Config& cfg = input.config.config;
    // The values as written: Prometheus would print 30d as "4w2d".
    auto written = [&](std::string_view key) { return std::string(retention->Find(key)->scalar); };
    if (time != nullptr && size == nullptr && cfg.tsdb_retention_time_ms > 0) {
      out.Report(doc, *time,
                 "storage.tsdb.retention sets time (" + written("time") +
                     ") but no size limit, so a cardinality spike can fill the disk before old "
                     "blocks expire; add retention.size (the setup guide uses 100GB)");
    } else if (size != nullptr && time == nullptr && cfg.tsdb_retention_size > 0) {
      out.Report(doc, *size,
                 "storage.tsdb.retention sets size (" + written("size") +
                     ") but no time limit, so data is kept for as long as it fits; add "
                     "retention.time (the setup guide uses 30d)");
    }
  }
};

}  // namespace

ConfigCheckPtr MakeConfigRetentionAdvice() { return std::make_unique<RetentionAdvice>(); }

}  // namespace ttam::lint::checks
