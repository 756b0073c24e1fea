#include "slo/slo_rules.h"

namespace ttam::slo {

// TODO(helper h-gen): the rules and their tests.
std::string GenerateRules(const SpecFile&) { return ""; }
std::string GenerateTests(const SpecFile&, const std::string&) { return ""; }

}  // namespace ttam::slo
