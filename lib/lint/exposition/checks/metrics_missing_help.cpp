#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

constexpr uint64_t kHelpSeed = 0x68656c70;  // "help"

// promlint: "no help text". A family split in two groups
// (exposition/split-family) needs its HELP only once, so names that had one are
// remembered by their 64-bit hash. A family declared "# TYPE x untyped" without
// HELP is what a Prometheus /federate writes for every name (federation carries
// no HELP), and what a Pushgateway writes for groups pushed without metadata:
// nothing the reader can add there, so it is not reported.
class MissingHelp final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kFamilyEnd; }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& event, Reporter& out) override {
    uint64_t key = HashBytes(event.family.name, kHelpSeed);
    if (event.has_help) {
      if (event.samples == 0 && event.family.typed) {
        previous_metadata_only_.assign(event.family.name);
      } else {
        previous_metadata_only_.clear();
      }
      bool inserted = false;
      helped_.Insert(key, 0, &inserted);
      return;
    }
    bool after_mismatch = !previous_metadata_only_.empty() && !event.family.typed &&
                          IsMetadataOnlyNameFor(previous_metadata_only_, event.family.name);
    previous_metadata_only_.clear();
    if (event.samples == 0 && event.family.typed) {
      previous_metadata_only_.assign(event.family.name);
    }
    // exposition/type-name-mismatch says where the HELP line went.
    if (after_mismatch) return;
    if (event.family.typed && event.family.type == expfmt::MetricType::kUntyped) return;
    if (helped_.Find(key) != nullptr) return;
    std::string name(event.family.name);
    ReportAtFamily(event, out,
                   Subject(event.family) + " has no help text; add a \"# HELP " + name +
                       " <what it measures>\" line before its samples");
  }

 private:
  KeyMap helped_;
  std::string previous_metadata_only_;  ///< the previous family: metadata without samples
};

}  // namespace

CheckPtr MakeMetricsMissingHelp(const ExpositionOptions& /*options*/) {
  return std::make_unique<MissingHelp>();
}

}  // namespace ttam::lint::checks
