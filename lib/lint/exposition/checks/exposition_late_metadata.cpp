#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

// HELP, TYPE or UNIT after the family's samples. Parsers read metadata before
// samples (OpenMetrics and promtool reject a late TYPE; Prometheus scrapes the
// earlier samples as untyped). A repeated kind is exposition/duplicate-metadata.
class LateMetadata final : public ExpositionCheck {
 public:
  // The parser says where the family's samples started (no OnSample needed).
  uint32_t Interests() const override { return kMetadata | kFamilyEnd; }

  void OnMetadata(const expfmt::MetadataEvent& event, Reporter& out) override {
    uint32_t bit = 1u << static_cast<int>(event.kind);
    bool repeated = (seen_ & bit) != 0;
    seen_ |= bit;
    if (event.first_sample_line == 0 || repeated) return;
    std::string kind(MetadataKindName(event.kind));
    out.Report(event.line, event.name_column, event.line_text,
               kind + " line for metric " + Quote(event.name) +
                   " comes after its samples (first on line " +
                   std::to_string(event.first_sample_line) + "); move it above them",
               event.name_column + static_cast<uint32_t>(event.name.size()));
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& /*event*/, Reporter& /*out*/) override {
    seen_ = 0;
  }

 private:
  uint32_t seen_ = 0;
};

}  // namespace

CheckPtr MakeExpositionLateMetadata(const ExpositionOptions& /*options*/) {
  return std::make_unique<LateMetadata>();
}

}  // namespace ttam::lint::checks
