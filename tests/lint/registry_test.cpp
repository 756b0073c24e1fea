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

namespace {

// `<group>/<name>`, both kebab-case: [a-z0-9]+ words joined by single '-'.
bool IsKebab(std::string_view s) {
  if (s.empty() || s.front() == '-' || s.back() == '-') return false;
  char prev = 0;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && prev == '-')) return false;
    prev = c;
  }
  return true;
}

bool IsCheckId(std::string_view id) {
  size_t slash = id.find('/');
  if (slash == std::string_view::npos) return false;
  return IsKebab(id.substr(0, slash)) && IsKebab(id.substr(slash + 1));
}

std::string ReadManPage() {
  std::ifstream in(std::string(TTAM_SOURCE_DIR) + "/man/ttam-checks.7");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("registry: ids are unique, <group>/<name> and kebab-case; rows are complete") {
  std::set<std::string_view> seen;
  for (const ttam::lint::ExpositionCheckInfo& info : ttam::lint::ExpositionChecks()) {
    CAPTURE(info.id);
    CHECK(IsCheckId(info.id));
    CHECK(seen.insert(info.id).second);
    CHECK(!info.summary.empty());
    CHECK((info.make != nullptr));
  }
  for (const ttam::diag::CheckInfo& info : ttam::expfmt::ParserChecks()) {
    CAPTURE(info.id);
    CHECK(IsCheckId(info.id));
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
  std::string page = ReadManPage();
  REQUIRE_MESSAGE(!page.empty(), "cannot read man/ttam-checks.7");
  for (const ttam::lint::ExpositionCheckInfo& info : ttam::lint::ExpositionChecks()) {
    CAPTURE(info.id);
    CHECK(page.find("\n.SS " + std::string(info.id) + "\n") != std::string::npos);
  }
  for (const ttam::diag::CheckInfo& info : ttam::expfmt::ParserChecks()) {
    CAPTURE(info.id);
    CHECK(page.find("\n.SS " + std::string(info.id) + "\n") != std::string::npos);
  }
}

TEST_CASE("registry: the man page states each check's default severity") {
  std::string page = ReadManPage();
  for (const ttam::lint::ExpositionCheckInfo& info : ttam::lint::ExpositionChecks()) {
    CAPTURE(info.id);
    std::string want = "\n.SS " + std::string(info.id) + "\nDefault severity: \\fB" +
                       std::string(ttam::diag::SeverityName(info.severity)) + "\\fR.\n";
    CHECK(page.find(want) != std::string::npos);
  }
}
