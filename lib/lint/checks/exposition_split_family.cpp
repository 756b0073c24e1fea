#include "lint/checks/checks.h"

namespace ttam::lint::checks {
namespace {

constexpr uint64_t kSeed = 0x73706c6974;  // "split"

// A family whose lines start again after another family: all lines of a family
// must be together. Remembers the 64-bit hash of every ended family's name.
class SplitFamily final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kFamilyEnd; }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& event, Reporter& out) override {
    bool inserted = false;
    const uint64_t* first_line =
        ended_.Insert(HashBytes(event.family.name, kSeed), event.first_line, &inserted);
    if (!inserted) {
      ReportAtFamily(event, out,
                     "metric " + Quoted(event.family.name) + " started on line " +
                         std::to_string(*first_line) + " and continues here after " +
                         Quoted(previous_) +
                         "; keep all lines of a metric family together");
    }
    previous_.assign(event.family.name);
  }

 private:
  KeyMap ended_;
  std::string previous_;
};

}  // namespace

CheckPtr MakeExpositionSplitFamily(const ExpositionOptions& /*options*/) {
  return std::make_unique<SplitFamily>();
}

}  // namespace ttam::lint::checks
