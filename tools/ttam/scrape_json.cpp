#include "scrape_json.h"

namespace ttam::cli {

void JsonDumpConsumer::OnSample(const expfmt::SampleEvent& event) {
  nlohmann::json sample;
  sample["name"] = std::string(event.name);
  nlohmann::json labels = nlohmann::json::object();
  for (const auto& label : event.labels) labels[std::string(label.name)] = std::string(label.value);
  sample["labels"] = std::move(labels);
  sample["value"] = std::string(event.value_text);
  if (event.has_timestamp) sample["timestamp_ms"] = event.timestamp_ms;
  if (event.exemplar != nullptr) {
    nlohmann::json ex;
    nlohmann::json ex_labels = nlohmann::json::object();
    for (const auto& label : event.exemplar->labels) {
      ex_labels[std::string(label.name)] = std::string(label.value);
    }
    ex["labels"] = std::move(ex_labels);
    ex["value"] = event.exemplar->value;
    if (event.exemplar->has_timestamp) ex["timestamp"] = event.exemplar->timestamp_seconds;
    sample["exemplar"] = std::move(ex);
  }
  samples_.push_back(std::move(sample));
}

void JsonDumpConsumer::OnFamilyEnd(const expfmt::FamilyEndEvent& event) {
  nlohmann::json family;
  family["name"] = std::string(event.family.name);
  family["type"] = std::string(expfmt::MetricTypeName(event.family.type));
  if (event.has_help) family["help"] = std::string(event.help);
  if (event.has_unit) family["unit"] = std::string(event.unit);
  family["samples"] = std::move(samples_);
  samples_ = nlohmann::json::array();
  families_.push_back(std::move(family));
}

nlohmann::json ScrapeSummaryJson(const scrape::ReadSummary& summary,
                                 const expfmt::StatsConsumer& stats, JsonDumpConsumer* dump) {
  nlohmann::json out;
  out["target"] = summary.target;
  out["format"] = std::string(expfmt::FormatName(summary.format));
  if (!summary.content_type.empty()) out["content_type"] = summary.content_type;
  out["bytes"] = summary.bytes;
  out["wire_bytes"] = summary.wire_bytes;
  out["elapsed_ms"] = summary.elapsed.count();
  out["lines"] = summary.lines;
  out["families"] = stats.families();
  out["series"] = stats.series();
  out["samples"] = stats.samples();
  if (dump != nullptr) out["metric_families"] = std::move(dump->families());
  return out;
}

}  // namespace ttam::cli
