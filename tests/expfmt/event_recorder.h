#pragma once

#include <string>

#include "diag/diagnostic.h"
#include "expfmt/events.h"
#include "expfmt/parser.h"

namespace ttam::test {

/// Records parse events and diagnostics as one line each, for exact asserts.
class EventRecorder : public expfmt::Consumer, public diag::Sink {
 public:
  void OnMetadata(const expfmt::MetadataEvent& e) override {
    static const char* kKinds[] = {"HELP", "TYPE", "UNIT"};
    out += std::to_string(e.line) + " " + kKinds[static_cast<int>(e.kind)] + " " +
           std::string(e.name) + " [" + std::string(e.text) + "]\n";
  }
  void OnSample(const expfmt::SampleEvent& e) override {
    out += std::to_string(e.line) + " " + std::string(e.name) + "{";
    for (size_t i = 0; i < e.labels.size(); ++i) {
      if (i > 0) out += ",";
      out.append(e.labels[i].name).append("=[").append(e.labels[i].value).append("]");
    }
    out += "} " + std::string(e.value_text);
    if (e.has_timestamp) out += " @" + std::to_string(e.timestamp_ms);
    if (e.exemplar != nullptr) out += " ex=" + std::to_string(e.exemplar->labels.size());
    out += " <" + std::string(e.family.name) + ":" +
           std::string(expfmt::MetricTypeName(e.family.type)) +
           std::string(expfmt::SuffixText(e.suffix)) + ">\n";
  }
  void OnFamilyEnd(const expfmt::FamilyEndEvent& e) override {
    out += "end " + std::string(e.family.name) + " " +
           std::string(expfmt::MetricTypeName(e.family.type)) + " n=" + std::to_string(e.samples) +
           "\n";
  }
  void Report(diag::Diagnostic d) override {
    out += std::to_string(d.line) + ":" + std::to_string(d.column) + " " + d.check + ": " +
           d.message + "\n";
  }
  std::string out;
};

/// Parses `input` whole and returns the recording.
inline std::string Record(expfmt::Format format, std::string_view input) {
  EventRecorder recorder;
  expfmt::ParseString(format, "in.prom", input, recorder, recorder);
  return recorder.out;
}

/// Parses `input` fed one byte at a time (to exercise line carry-over).
inline std::string RecordBytewise(expfmt::Format format, std::string_view input) {
  EventRecorder recorder;
  expfmt::Parser parser(format, "in.prom", recorder, recorder);
  for (char c : input) parser.Feed(std::string_view(&c, 1));
  parser.Finish();
  return recorder.out;
}

}  // namespace ttam::test
