#include "fleet/metric_relabel.h"

#include <map>
#include <string>

#include "expfmt/series_key.h"

namespace ttam::fleet {

MetricRelabelConsumer::MetricRelabelConsumer(const std::vector<config::RelabelConfig>& rules,
                                             expfmt::Consumer& next)
    : relabeler_(rules), next_(next) {}

void MetricRelabelConsumer::OnSample(const expfmt::SampleEvent& event) {
  // The label set Prometheus relabels: the name as __name__ plus the
  // sample's labels (an empty value is no label).
  std::map<std::string, std::string> labels;
  labels.emplace("__name__", std::string(event.name));
  for (const expfmt::Label& l : event.labels) {
    if (!l.value.empty()) labels.emplace(std::string(l.name), std::string(l.value));
  }
  const std::map<std::string, std::string> before = labels;
  if (!relabeler_.Apply(&labels)) return;  // dropped
  if (labels == before) {
    next_.OnSample(event);
    return;
  }
  // Rewritten: a new event over the new name and labels, hashes recomputed.
  std::string name = labels["__name__"];
  labels.erase("__name__");
  std::vector<expfmt::Label> rewritten;
  rewritten.reserve(labels.size());
  uint64_t le_hash = 0;
  for (const auto& [k, v] : labels) {
    if (v.empty()) continue;
    expfmt::Label l;
    l.name = k;
    l.value = v;
    if (k == "le") le_hash = expfmt::LabelHash(l);
    rewritten.push_back(l);
  }
  expfmt::SampleEvent copy = event;
  copy.name = name;
  copy.labels = rewritten;
  copy.labels_hash = expfmt::LabelSetHash(rewritten);
  copy.le_hash = le_hash;
  copy.series_hash = expfmt::SeriesHash(name, copy.labels_hash);
  if (name != event.name) {
    // A renamed sample is its own family, of a type the rename hides.
    copy.family.name = name;
    copy.family.type = expfmt::MetricType::kUntyped;
    copy.family.typed = false;
    copy.suffix = expfmt::Suffix::kNone;
  }
  next_.OnSample(copy);
}

}  // namespace ttam::fleet
