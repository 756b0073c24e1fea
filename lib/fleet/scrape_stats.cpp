#include "fleet/scrape_stats.h"

#include <utility>

namespace ttam::fleet {

void ScrapeStatsConsumer::OnSample(const expfmt::SampleEvent& event) {
  ScrapeStats& stats = stats_;
  ++stats.samples;
  uint64_t n = event.labels.size() + 1;  // and __name__
  if (n > stats.max_labels_per_series) {
    stats.max_labels_per_series = n;
    std::string text(event.name);
    text += '{';
    for (size_t i = 0; i < event.labels.size(); ++i) {
      if (i > 0) text += ',';
      text += event.labels[i].name;
      text += "=\"";
      text += event.labels[i].value;
      text += '"';
    }
    text += '}';
    stats.widest_series = std::move(text);
  }
  if (stats.longest_label_name < 8) {
    stats.longest_label_name = 8;
    stats.longest_label_name_example = "__name__";
  }
  if (event.name.size() > stats.longest_label_value) {
    stats.longest_label_value = event.name.size();
    stats.longest_label_value_example = "__name__=\"" + std::string(event.name) + "\"";
  }
  for (const expfmt::Label& label : event.labels) {
    if (label.name.size() > stats.longest_label_name) {
      stats.longest_label_name = label.name.size();
      stats.longest_label_name_example = std::string(label.name);
    }
    if (label.value.size() > stats.longest_label_value) {
      stats.longest_label_value = label.value.size();
      stats.longest_label_value_example =
          std::string(label.name) + "=\"" + std::string(label.value) + "\"";
    }
  }
}

void CheckScrapeLimits(const ScrapeStats& stats, const config::ScrapeLimits& limits,
                       std::string_view target, std::string_view job, std::string_view id_prefix,
                       diag::Sink& sink) {
  std::string who = "target " + std::string(target) + " (job \"" + std::string(job) + "\")";
  auto report = [&](std::string message) {
    diag::Diagnostic d;
    d.path = std::string(target);
    d.severity = diag::Severity::kError;
    d.check = std::string(id_prefix) + "/target-limit";
    d.message = std::move(message);
    sink.Report(std::move(d));
  };
  if (limits.sample_limit != 0 && stats.samples > limits.sample_limit) {
    report(who + " exposes " + std::to_string(stats.samples) + " samples, over sample_limit " +
           std::to_string(limits.sample_limit) +
           ": Prometheus fails the whole scrape (up is 0) and keeps none of them; raise "
           "sample_limit or drop series with metric_relabel_configs");
  }
  if (limits.label_limit != 0 && stats.max_labels_per_series > limits.label_limit) {
    report(who + " has a series with " + std::to_string(stats.max_labels_per_series) +
           " labels (with __name__, before target labels), over label_limit " +
           std::to_string(limits.label_limit) + ": " + stats.widest_series +
           "; Prometheus fails the whole scrape; raise label_limit or drop labels with "
           "metric_relabel_configs (labeldrop)");
  }
  if (limits.label_name_length_limit != 0 &&
      stats.longest_label_name > limits.label_name_length_limit) {
    report(who + " has a label name of " + std::to_string(stats.longest_label_name) +
           " bytes, over label_name_length_limit " +
           std::to_string(limits.label_name_length_limit) + ": " +
           stats.longest_label_name_example +
           "; Prometheus fails the whole scrape; raise the limit or rename the label");
  }
  if (limits.label_value_length_limit != 0 &&
      stats.longest_label_value > limits.label_value_length_limit) {
    report(who + " has a label value of " + std::to_string(stats.longest_label_value) +
           " bytes, over label_value_length_limit " +
           std::to_string(limits.label_value_length_limit) + ": " +
           stats.longest_label_value_example +
           "; Prometheus fails the whole scrape; raise the limit or shorten the value");
  }
}

}  // namespace ttam::fleet
