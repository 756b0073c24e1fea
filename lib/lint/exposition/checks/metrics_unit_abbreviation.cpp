#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

// promlint: "metric names should not contain abbreviated units", with its list.
class UnitAbbreviation final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kFamilyEnd; }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& event, Reporter& out) override {
    struct Abbreviation {
      std::string_view text;
      std::string_view spelled;
    };
    static constexpr Abbreviation kAbbreviations[] = {
        {"s", "\"seconds\""},  {"ms", "\"seconds\""},  {"us", "\"seconds\""},
        {"ns", "\"seconds\""}, {"sec", "\"seconds\""}, {"b", "\"bytes\""},
        {"kb", "\"bytes\""},   {"mb", "\"bytes\""},    {"gb", "\"bytes\""},
        {"tb", "\"bytes\""},   {"pb", "\"bytes\""},    {"m", "\"meters\" or \"seconds\""},
        {"h", "\"seconds\""},  {"d", "\"seconds\""},
    };
    std::string found;
    std::string_view spelled;
    for (const Abbreviation& a : kAbbreviations) {
      if (!HasWordIgnoringCase(event.family.name, a.text)) continue;
      if (found.empty()) spelled = a.spelled;
      if (!found.empty()) found += ", ";
      found += Quote(a.text);
    }
    if (found.empty()) return;
    ReportAtFamily(event, out,
                   Subject(event.family) + " uses an abbreviated unit (" + found +
                       "); spell the unit out as a base unit (" + std::string(spelled) + ")");
  }
};

}  // namespace

CheckPtr MakeMetricsUnitAbbreviation(const ExpositionOptions& /*options*/) {
  return std::make_unique<UnitAbbreviation>();
}

}  // namespace ttam::lint::checks
