#include "record/scrape_buffer.h"

namespace ttam::record {

void ScrapeBuffer::OnSample(const expfmt::SampleEvent& event) {
  if (format_ == expfmt::Format::kOpenMetrics && event.suffix == expfmt::Suffix::kCreated) return;
  BufferedSample s;
  s.name = std::string(event.name);
  s.labels.reserve(event.labels.size());
  for (const expfmt::Label& l : event.labels) {
    if (!l.value.empty()) s.labels.emplace_back(std::string(l.name), std::string(l.value));
  }
  s.value = event.value;
  s.has_timestamp = event.has_timestamp;
  s.timestamp_ms = event.timestamp_ms;
  s.family = std::string(event.family.name);
  s.type = event.family.type;
  s.suffix = event.suffix;
  samples_.push_back(std::move(s));
}

void ScrapeBuffer::OnFamilyEnd(const expfmt::FamilyEndEvent& event) {
  BufferedMetadata& m = metadata_[std::string(event.family.name)];
  if (event.has_help && !m.has_help) {
    m.help = std::string(event.help);
    m.has_help = true;
  }
  if (event.has_unit && !m.has_unit) {
    m.unit = std::string(event.unit);
    m.has_unit = true;
  }
}

}  // namespace ttam::record
