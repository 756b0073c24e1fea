#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

// promlint: `metric name should not include type '<type>'`, for every type of
// the protobuf model but untyped, matched as a whole word, ignoring case.
class TypeInName final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kFamilyEnd; }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& event, Reporter& out) override {
    static constexpr std::string_view kTypes[] = {"counter", "gauge", "summary", "histogram",
                                                  "gauge_histogram"};
    std::string found;
    for (std::string_view type : kTypes) {
      if (!HasWordIgnoringCase(event.family.name, type)) continue;
      if (!found.empty()) found += ", ";
      found += Quote(type);
    }
    if (found.empty()) return;
    ReportAtFamily(event, out,
                   Subject(event.family) + " has a metric type in its name (" + found +
                       "); remove it: the TYPE line already says what it is");
  }
};

}  // namespace

CheckPtr MakeMetricsTypeInName(const ExpositionOptions& /*options*/) {
  return std::make_unique<TypeInName>();
}

}  // namespace ttam::lint::checks
