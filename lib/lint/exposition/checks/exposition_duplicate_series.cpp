#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

// The same sample name and label set twice (label order and empty values do
// not matter). Samples with different explicit timestamps are not duplicates:
// backfill files list one series at many times. Keys are 64-bit hashes, kept
// for the current family only, so memory is bounded by the largest family.
// One finding per family, at the first repeat, with the number of others: an
// exporter that registers a collector twice repeats every series.
class DuplicateSeries final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kSamples | kSeriesIndex | kFamilyEnd; }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& facts,
                Reporter& /*out*/) override {
    // Without a timestamp the linter's series index answers; with one, the
    // key is the series at that time, kept here.
    uint64_t first_line = facts.series_seen_line;
    if (event.has_timestamp) {
      uint64_t key = Mix64(facts.series_key ^ static_cast<uint64_t>(event.timestamp_ms));
      bool inserted = false;
      first_line = *seen_.Insert(key, event.line, &inserted);
      if (inserted) first_line = 0;
    }
    if (first_line == 0) return;
    if (repeats_++ > 0) return;
    line_ = event.line;
    column_ = event.column;
    end_column_ = event.column + static_cast<uint32_t>(event.name.size());
    line_text_.assign(event.line_text);
    message_ = "metric " + Quote(event.name) + " repeats the series " + RenderLabels(event.labels) +
               " from line " + std::to_string(first_line);
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& /*event*/, Reporter& out) override {
    if (repeats_ > 0) {
      std::string more = repeats_ > 1 ? " (and " + std::to_string(repeats_ - 1) +
                                            " more repeated samples in this family)"
                                      : "";
      out.Report(
          line_, column_, line_text_,
          message_ + more + "; Prometheus drops the repeated sample, so expose each series once",
          end_column_);
    }
    seen_.Clear();
    repeats_ = 0;
  }

 private:
  KeyMap seen_;
  uint64_t repeats_ = 0;
  uint64_t line_ = 0;
  uint32_t column_ = 0;
  uint32_t end_column_ = 0;
  std::string line_text_;
  std::string message_;
};

}  // namespace

CheckPtr MakeExpositionDuplicateSeries(const ExpositionOptions& /*options*/) {
  return std::make_unique<DuplicateSeries>();
}

}  // namespace ttam::lint::checks
