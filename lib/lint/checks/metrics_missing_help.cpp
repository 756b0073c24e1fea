#include "lint/checks/checks.h"

namespace ttam::lint::checks {
namespace {

// promlint: "no help text".
class MissingHelp final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kFamilyEnd; }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& event, Reporter& out) override {
    if (event.has_help) return;
    std::string name(event.family.name);
    ReportAtFamily(event, out,
                   Subject(event.family) + " has no help text; add a \"# HELP " + name +
                       " <what it measures>\" line before its samples");
  }
};

}  // namespace

CheckPtr MakeMetricsMissingHelp(const ExpositionOptions& /*options*/) {
  return std::make_unique<MissingHelp>();
}

}  // namespace ttam::lint::checks
