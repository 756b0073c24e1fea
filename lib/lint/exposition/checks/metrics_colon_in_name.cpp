#include <algorithm>

#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

// promlint: "metric names should not contain ':'".
class ColonInName final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kFamilyEnd; }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& event, Reporter& out) override {
    std::string_view name = event.family.name;
    if (name.find(':') == std::string_view::npos) return;
    std::string renamed(name);
    std::replace(renamed.begin(), renamed.end(), ':', '_');
    ReportAtFamily(event, out,
                   Subject(event.family) +
                       " contains ':', which is reserved for recording rules; exporters "
                       "should use '_' (" +
                       Quote(renamed) + ")");
  }
};

}  // namespace

CheckPtr MakeMetricsColonInName(const ExpositionOptions& /*options*/) {
  return std::make_unique<ColonInName>();
}

}  // namespace ttam::lint::checks
