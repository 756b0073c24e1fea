// --format gitlab: GitLab's Code Quality report, checked against the fields
// GitLab documents as required (description, check_name, fingerprint,
// severity, location.path, location.lines.begin).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "diag/render.h"

namespace ttam::diag {
namespace {

std::string GitlabRender(const std::vector<Diagnostic>& diagnostics) {
  std::ostringstream out;
  auto renderer = MakeRenderer(Format::kGitlab, out, {});
  Summary summary;
  for (const auto& d : diagnostics) {
    summary.Add(d.severity);
    renderer->Report(d);
  }
  renderer->Finish(summary, {{"ignored", "{}"}});
  return out.str();
}

Diagnostic GitlabFinding(std::string path, uint32_t line, Severity severity, std::string check,
                         std::string message, std::string source_line = "") {
  Diagnostic d;
  d.path = std::move(path);
  d.line = line;
  d.column = 3;
  d.severity = severity;
  d.check = std::move(check);
  d.message = std::move(message);
  d.source_line = std::move(source_line);
  return d;
}

TEST_CASE("gitlab format: ParseFormat") {
  Format got = Format::kText;
  CHECK(ParseFormat("gitlab", &got));
  CHECK(got == Format::kGitlab);
}

TEST_CASE("gitlab format: no findings is an empty array") { CHECK(GitlabRender({}) == "[]\n"); }

TEST_CASE("gitlab format: exact output") {
  Diagnostic d = GitlabFinding("rules/a.yml", 7, Severity::kWarning, "rules/alert-without-for",
                               "alert fires at once; add for:", "  - alert: Down");
  d.notes.push_back({"rules/a.yml", 2, 1, "group defined here"});
  CHECK(GitlabRender({d}) ==
        "[\n"
        R"({"type":"issue","description":"alert fires at once; add for:\nnote: rules/a.yml:2: )"
        R"(group defined here","check_name":"rules/alert-without-for","fingerprint":")" +
            nlohmann::json::parse(GitlabRender({d}))[0]["fingerprint"].get<std::string>() +
            R"(","severity":"minor","location":{"path":"rules/a.yml","lines":{"begin":7}}})"
            "\n]\n");
}

TEST_CASE("gitlab format: GitLab's required fields, parsed back") {
  std::vector<Diagnostic> findings = {
      GitlabFinding("rules/a.yml", 3, Severity::kError, "promql/syntax", "unclosed (", "expr: x("),
      GitlabFinding("rules/a.yml", 9, Severity::kWarning, "rules/alert-without-for", "no for"),
      GitlabFinding("prometheus.yml", 1, Severity::kInfo, "config/x", "info"),
      // A finding without a line (a URL that could not be fetched).
      GitlabFinding("http://app:5000/metrics", 0, Severity::kError, "scrape/fetch", "refused"),
      // The same finding twice in one file (e.g. two identical lines).
      GitlabFinding("rules/b.yml", 4, Severity::kWarning, "rules/x", "same", "expr: up"),
      GitlabFinding("rules/b.yml", 8, Severity::kWarning, "rules/x", "same", "expr: up"),
  };
  nlohmann::json report = nlohmann::json::parse(GitlabRender(findings));
  REQUIRE(report.is_array());
  REQUIRE(report.size() == findings.size());
  const std::set<std::string> severities = {"info", "minor", "major", "critical", "blocker"};
  std::set<std::string> fingerprints;
  for (size_t i = 0; i < report.size(); ++i) {
    const nlohmann::json& issue = report[i];
    CAPTURE(i);
    CHECK(issue["description"].is_string());
    CHECK(issue["check_name"] == findings[i].check);
    CHECK(issue["fingerprint"].is_string());
    CHECK(!issue["fingerprint"].get<std::string>().empty());
    fingerprints.insert(issue["fingerprint"].get<std::string>());
    CHECK(severities.count(issue["severity"].get<std::string>()) == 1);
    CHECK(issue["location"]["path"] == findings[i].path);
    CHECK(issue["location"]["lines"]["begin"].is_number_integer());
    CHECK(issue["location"]["lines"]["begin"].get<int>() >= 1);
  }
  CHECK(fingerprints.size() == findings.size());  // unique within a report
  CHECK(report[0]["severity"] == "major");
  CHECK(report[1]["severity"] == "minor");
  CHECK(report[2]["severity"] == "info");
  CHECK(report[3]["location"]["lines"]["begin"] == 1);
}

TEST_CASE("gitlab format: a finding keeps its fingerprint when lines above it move") {
  auto fingerprint = [](uint32_t line, std::string message) {
    return nlohmann::json::parse(
        GitlabRender({GitlabFinding("rules/a.yml", line, Severity::kError, "promql/syntax",
                                    std::move(message), "expr: x(")}))[0]["fingerprint"];
  };
  CHECK(fingerprint(3, "unclosed (") == fingerprint(12, "unclosed ("));
  CHECK(fingerprint(3, "unclosed (") != fingerprint(3, "something else"));
}

}  // namespace
}  // namespace ttam::diag
