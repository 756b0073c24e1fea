#include <utility>

#include "lint/exposition/helpers.h"

namespace ttam::lint::checks {
namespace {

// The setup guide: "Use `primitive_` prefix". Off unless a prefix is configured.
class RequirePrefix final : public ExpositionCheck {
 public:
  explicit RequirePrefix(std::string prefix) : prefix_(std::move(prefix)) {}

  uint32_t Interests() const override {
    return prefix_.empty() ? 0u : static_cast<uint32_t>(kFamilyEnd);
  }

  void OnFamilyEnd(const expfmt::FamilyEndEvent& event, Reporter& out) override {
    if (prefix_.empty() || event.family.name.starts_with(prefix_)) return;
    ReportAtFamily(event, out,
                   Subject(event.family) + " does not start with the required prefix " +
                       Quote(prefix_) + "; rename it (" +
                       Quote(prefix_ + std::string(event.family.name)) + ")");
  }

 private:
  std::string prefix_;
};

}  // namespace

CheckPtr MakeMetricsRequirePrefix(const ExpositionOptions& options) {
  return std::make_unique<RequirePrefix>(options.require_prefix);
}

}  // namespace ttam::lint::checks
