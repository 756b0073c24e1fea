// The registry: ids, coverage by the check tables, and documentation.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>

#include "cardinality/checks.h"
#include "check_cases.h"
#include "expfmt/parser.h"
#include "lint/config/check.h"
#include "lint/exposition/check.h"
#include "lint/rules/check.h"
#include "record/checks.h"
#include "support/checks_page.h"

TEST_CASE("registry: ids are unique, <group>/<name> and kebab-case; rows are complete") {
  std::set<std::string_view> seen;
  for (const ttam::lint::ExpositionCheckInfo& info : ttam::lint::ExpositionChecks()) {
    CAPTURE(info.id);
    CHECK(ttam::test::IsCheckId(info.id));
    CHECK(seen.insert(info.id).second);
    CHECK(!info.summary.empty());
    CHECK((info.make != nullptr));
  }
  for (const ttam::diag::CheckInfo& info : ttam::expfmt::ParserChecks()) {
    CAPTURE(info.id);
    CHECK(ttam::test::IsCheckId(info.id));
    CHECK(seen.insert(info.id).second);
  }
}

TEST_CASE("registry: every check has a case that fires and one that does not") {
  std::set<std::string_view> fires;
  std::set<std::string_view> quiet;
  for (auto table :
       {ttam::test::MetricsCases(), ttam::test::MetricsOptionCases(), ttam::test::ExpositionCases(),
        ttam::test::ExpositionOptionCases(), ttam::test::HistogramCases()}) {
    for (const ttam::test::CheckCase& c : table) {
      std::string tag = "[" + std::string(c.check) + "]\n";
      (c.want.find(tag) != std::string_view::npos ? fires : quiet).insert(c.check);
    }
  }
  for (const ttam::lint::ExpositionCheckInfo& info : ttam::lint::ExpositionChecks()) {
    CAPTURE(info.id);
    CHECK(fires.count(info.id) == 1);
    CHECK(quiet.count(info.id) == 1);
  }
}

TEST_CASE("registry: every check, and every parser diagnostic, has a man page section") {
  std::string page = ttam::test::ReadChecksPage();
  REQUIRE_MESSAGE(!page.empty(), "cannot read man/ttam-checks.7");
  for (const ttam::lint::ExpositionCheckInfo& info : ttam::lint::ExpositionChecks()) {
    CAPTURE(info.id);
    CHECK(page.find(ttam::test::ChecksPageSection(info.id)) != std::string::npos);
  }
  for (const ttam::diag::CheckInfo& info : ttam::expfmt::ParserChecks()) {
    CAPTURE(info.id);
    CHECK(page.find(ttam::test::ChecksPageSection(info.id)) != std::string::npos);
  }
}

TEST_CASE("registry: the man page states each check's default severity") {
  std::string page = ttam::test::ReadChecksPage();
  for (const ttam::lint::ExpositionCheckInfo& info : ttam::lint::ExpositionChecks()) {
    CAPTURE(info.id);
    std::string want = ttam::test::ChecksPageSection(std::string(info.id), info.severity);
    CHECK(page.find(want) != std::string::npos);
  }
}

namespace {

/// Every `"group/name"` string literal in the C++ sources below `dir`.
std::set<std::string> IdLiteralsIn(const std::filesystem::path& dir) {
  std::set<std::string> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    std::string ext = entry.path().extension().string();
    if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".h")) continue;
    std::ifstream in(entry.path());
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    for (size_t open = text.find('"'); open != std::string::npos;) {
      size_t close = text.find('"', open + 1);
      if (close == std::string::npos) break;
      std::string literal = text.substr(open + 1, close - open - 1);
      if (ttam::test::IsCheckId(literal)) out.insert(literal);
      open = text.find('"', close + 1);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("registry: every check id the code can emit is in a registry") {
  std::set<std::string> registered;
  auto add = [&](std::string_view id) { registered.insert(std::string(id)); };
  for (const auto& info : ttam::lint::ExpositionChecks()) add(info.id);
  for (const auto& info : ttam::lint::ConfigChecks()) add(info.id);
  for (const auto& info : ttam::lint::RulesChecks()) add(info.id);
  for (auto table : {ttam::expfmt::ParserChecks(), ttam::lint::ConfigValidationChecks(),
                     ttam::lint::RulesValidationChecks(), ttam::cardinality::CardinalityChecks(),
                     ttam::record::RecordChecks()}) {
    for (const auto& info : table) add(info.id);
  }
  std::set<std::string> groups;
  for (const std::string& id : registered) groups.insert(id.substr(0, id.find('/')));
  // A literal of a registered group that no registry lists is an id that
  // --disable, SARIF's rule table and ttam-checks(7) would not know.
  for (std::string_view dir : {"lib", "tools"}) {
    for (const std::string& literal :
         IdLiteralsIn(std::string(TTAM_SOURCE_DIR) + "/" + dir.data())) {
      if (groups.count(literal.substr(0, literal.find('/'))) == 0) continue;
      CAPTURE(literal);
      CHECK(registered.count(literal) == 1);
    }
  }
}
