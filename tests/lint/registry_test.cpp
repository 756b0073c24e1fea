// The registry: ids, coverage by the check tables, and documentation.

#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>

#include "check_cases.h"
#include "expfmt/parser.h"
#include "lint/exposition_check.h"
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
