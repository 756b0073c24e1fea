#include "lint/exposition/helpers.h"
#include "model/conventions.h"

namespace ttam::lint::checks {
namespace {

// promlint: `use base unit "seconds" instead of "milliseconds"`. Matches whole
// name parts only, so "thermometers" is not "meters" but "kilometers" is.
class NonBaseUnit final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kFamilyEnd; }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& event, Reporter& out) override {
    std::string_view name = event.family.name;
    model::UnitMatch found;
    bool have = false;
    ForEachPart(name, [&](std::string_view part) {
      model::UnitMatch m;
      if (have || !model::MatchUnit(part, &m) || m.unit == m.base) return;
      found = m;
      have = true;
    });
    if (!have) return;
    size_t at = static_cast<size_t>(found.unit.data() - name.data());
    std::string renamed(name.substr(0, at));
    renamed.append(found.base);
    renamed.append(name.substr(at + found.unit.size()));
    ReportAtFamily(event, out,
                   Subject(event.family) + " uses the unit \"" + std::string(found.unit) +
                       "\"; use the base unit \"" + std::string(found.base) + "\" instead (" +
                       Quote(renamed) + ", with the values converted)");
  }
};

}  // namespace

CheckPtr MakeMetricsNonBaseUnit(const ExpositionOptions& /*options*/) {
  return std::make_unique<NonBaseUnit>();
}

}  // namespace ttam::lint::checks
