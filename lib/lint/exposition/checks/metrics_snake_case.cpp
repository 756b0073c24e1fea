#include "lint/exposition/helpers.h"
#include "model/names.h"

namespace ttam::lint::checks {
namespace {

// The guide: "Use snake_case". camelCase (metrics/camel-case), colons
// (metrics/colon-in-name) and "__" label prefixes (exposition/reserved-label-name)
// have their own checks; this one reports every other way to miss snake_case.
// Upper case alone is not reported in metric names that mirror another
// system's field names (`node_memory_Active_anon_bytes` from /proc/meminfo,
// `node_sockstat_TCP_inuse`): exporters keep those on purpose. Names valid only
// with UTF-8 names are exposition/utf8-name's ("0region", "latency-p95").
class SnakeCase final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kFlaggedSamples | kFamilyEnd; }

  void OnSample(const expfmt::SampleEvent& event, const SampleFacts& facts,
                Reporter& out) override {
    if ((facts.label_flags & kLabelNotSnakeCase) == 0) return;
    for (const expfmt::Label& label : event.labels) {
      if (!model::IsValidLegacyLabelName(label.name)) continue;
      std::string problems = SnakeCaseProblems(ShapeOf(label.name), true);
      if (problems.empty() || !reported_.First(label.name)) continue;
      ReportAtLabel(event, label, out,
                    "label " + Quote(label.name) + " of " + Subject(event.family) +
                        " is not snake_case (" + problems +
                        "); use lower-case words joined by single underscores (" +
                        Quote(SnakeCaseSpelling(label.name, false)) + ")");
    }
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& event, Reporter& out) override {
    reported_.Clear();
    if (!model::IsValidLegacyMetricName(event.family.name)) return;
    NameShape shape = ShapeOf(event.family.name);
    if (shape.upper && MirrorsFieldNames(event.family.name)) shape.upper = false;
    std::string problems = SnakeCaseProblems(shape, false);
    if (problems.empty()) return;
    ReportAtFamily(event, out,
                   Subject(event.family) + " is not snake_case (" + problems +
                       "); use lower-case words joined by single underscores (" +
                       Quote(SnakeCaseSpelling(event.family.name, true)) + ")");
  }

 private:
  ReportedNames reported_;
};

}  // namespace

CheckPtr MakeMetricsSnakeCase(const ExpositionOptions& /*options*/) {
  return std::make_unique<SnakeCase>();
}

}  // namespace ttam::lint::checks
