#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

// A second HELP, TYPE or UNIT line for the family. (A repeat in a later,
// split-off group of the family is reported by exposition/split-family.)
class DuplicateMetadata final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kMetadata | kFamilyEnd; }

  void OnMetadata(const expfmt::MetadataEvent& event, Reporter& out) override {
    if (event.name != name_) {
      name_.assign(event.name);
      for (uint64_t& line : first_line_) line = 0;
    }
    uint64_t& first = first_line_[static_cast<int>(event.kind)];
    if (first == 0) {
      first = event.line;
      return;
    }
    std::string kind(MetadataKindName(event.kind));
    out.Report(event.line, event.name_column, event.line_text,
               "metric " + Quote(event.name) + " already has a " + kind + " line (line " +
                   std::to_string(first) + "); keep one " + kind +
                   " line per metric and remove this one",
               event.name_column + static_cast<uint32_t>(event.name.size()));
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& /*event*/, Reporter& /*out*/) override {
    name_.clear();
    for (uint64_t& line : first_line_) line = 0;
  }

 private:
  std::string name_;
  uint64_t first_line_[3] = {0, 0, 0};
};

}  // namespace

CheckPtr MakeExpositionDuplicateMetadata(const ExpositionOptions& /*options*/) {
  return std::make_unique<DuplicateMetadata>();
}

}  // namespace ttam::lint::checks
