#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

// Text format only: `# TYPE foo counter` followed by `foo_total` (or
// `foo_created`) samples is OpenMetrics naming. In the text format the TYPE and
// HELP lines name the samples exactly; Go-based consumers (promtool,
// client_golang, the Pushgateway) see an empty counter "foo" and an untyped
// "foo_total" without help. Once per family.
// Both formats: metadata lines without samples followed by samples of a name
// that the metadata's name extends by a suffix (`# TYPE x_total_total counter`
// then `x_total` samples): the metadata names another family than the samples.
}  // namespace

bool IsMetadataOnlyNameFor(std::string_view metadata, std::string_view samples) {
  if (metadata.size() <= samples.size() || !metadata.starts_with(samples)) return false;
  std::string_view rest = metadata.substr(samples.size());
  for (std::string_view s : {"_total", "_count", "_sum", "_bucket", "_created", "_info"}) {
    if (rest == s) return true;
  }
  return false;
}

namespace {

class TypeNameMismatch final : public ExpositionCheck {
 public:
  explicit TypeNameMismatch(bool text) : text_(text) {}

  // Registered for samples even when the format is not known yet: it may be
  // set later (OnFormat), and the interests are read once.
  uint32_t Interests() const override { return kTotalOrCreatedSamples | kFamilyEnd; }

  void OnFormat(expfmt::Format format) override { text_ = format == expfmt::Format::kText; }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& /*facts*/,
                Reporter& out) override {
    if (!text_ || reported_ || !event.family.typed) return;
    if (event.suffix != expfmt::Suffix::kTotal && event.suffix != expfmt::Suffix::kCreated) {
      return;
    }
    reported_ = true;
    ReportAtSample(event, out,
                   Subject(event.family) + " is declared without \"" +
                       std::string(expfmt::SuffixText(event.suffix)) +
                       "\" but its sample is named " + Quote(event.name) +
                       "; in the text format TYPE and HELP name the samples exactly (\"# TYPE " +
                       std::string(event.name) + " " +
                       std::string(expfmt::MetricTypeName(event.family.type)) +
                       "\"), only OpenMetrics leaves the suffix out");
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& event, Reporter& out) override {
    reported_ = false;
    if (!metadata_only_.empty() && !event.family.typed && !event.has_help &&
        IsMetadataOnlyNameFor(metadata_only_, event.family.name)) {
      ReportAtFamily(event, out,
                     "the samples " + Quote(event.family.name) + " follow TYPE/HELP lines for " +
                         Quote(metadata_only_) +
                         ", which has no samples; the metadata names another family, so "
                         "name it " +
                         Quote(event.family.name) + " in the TYPE and HELP lines");
    }
    if (event.samples == 0 && event.family.typed) {
      metadata_only_.assign(event.family.name);
    } else {
      metadata_only_.clear();
    }
  }

 private:
  bool text_;
  std::string metadata_only_;  ///< the previous family when it had metadata but no samples
  bool reported_ = false;
};

}  // namespace

CheckPtr MakeExpositionTypeNameMismatch(const ExpositionOptions& options) {
  return std::make_unique<TypeNameMismatch>(options.format == expfmt::Format::kText);
}

}  // namespace ttam::lint::checks
