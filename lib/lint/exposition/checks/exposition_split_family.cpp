#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

constexpr uint64_t kSplitSeed = 0x73706c6974;  // "split"

// Without a TYPE line, each of a histogram's sample names is an untyped family
// of its own ("x_bucket", "x_sum", "x_count", "x_created"), and they
// legitimately take turns; so families without a TYPE line are grouped by the
// name without those suffixes. A family with its own TYPE line (even
// "untyped", as /federate writes for every name) is a family of its own:
// federation sorts names, so "x_created" falls between "x_count" and "x_sum".
std::string_view GroupName(const expfmt::FamilyRef& family) {
  std::string_view name = family.name;
  if (family.typed || !IsUntyped(family.type)) return name;
  for (std::string_view suffix : {"_bucket", "_count", "_sum", "_created", "_gcount", "_gsum"}) {
    if (name.size() > suffix.size() && name.ends_with(suffix)) {
      return name.substr(0, name.size() - suffix.size());
    }
  }
  return name;
}

// A family whose lines start again after another family: all lines of a family
// must be together. Remembers the 64-bit hash of every ended family's name.
class SplitFamily final : public ExpositionCheck {
 public:
  uint32_t Interests() const override { return kFamilyEnd; }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& event, Reporter& out) override {
    uint64_t group = HashBytes(GroupName(event.family), kSplitSeed);
    if (has_current_ && group == current_) {
      previous_.assign(event.family.name);
      return;
    }
    if (has_current_) {
      bool inserted = false;
      ended_.Insert(current_, current_line_, &inserted);
    }
    if (const uint64_t* first_line = ended_.Find(group)) {
      ReportAtFamily(event, out,
                     "metric " + Quote(event.family.name) + " started on line " +
                         std::to_string(*first_line) + " and continues here after " +
                         Quote(previous_) + "; keep all lines of a metric family together");
    }
    has_current_ = true;
    current_ = group;
    current_line_ = event.first_line;
    previous_.assign(event.family.name);
  }

 private:
  KeyMap ended_;  ///< group name hash -> the line where that group started
  bool has_current_ = false;
  uint64_t current_ = 0;
  uint64_t current_line_ = 0;
  std::string previous_;
};

}  // namespace

CheckPtr MakeExpositionSplitFamily(const ExpositionOptions& /*options*/) {
  return std::make_unique<SplitFamily>();
}

}  // namespace ttam::lint::checks
