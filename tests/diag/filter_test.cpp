#include "diag/filter.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace ttam::diag {
namespace {

Diagnostic Finding(std::string check, Severity severity = Severity::kError) {
  Diagnostic d;
  d.path = "a.prom";
  d.line = 1;
  d.column = 1;
  d.severity = severity;
  d.check = std::move(check);
  d.message = "m";
  return d;
}

std::vector<std::string> Checks(const CollectingSink& sink) {
  std::vector<std::string> out;
  for (const auto& d : sink.diagnostics) out.push_back(d.check);
  return out;
}

TEST_CASE("CheckMatches") {
  struct Case {
    std::string_view pattern, check;
    bool want;
  };
  const Case cases[] = {
      {"metrics/counter-suffix", "metrics/counter-suffix", true},
      {"metrics/counter-suffix", "metrics/counter-suffix-x", false},
      {"metrics/counter-suffix", "metrics/counter", false},
      {"metrics/*", "metrics/counter-suffix", true},
      {"metrics/*", "metrics/", true},
      {"metrics/*", "metricsx/counter-suffix", false},
      {"metrics/*", "parse/syntax", false},
      {"metrics/*", "metrics", false},
      {"*", "metrics/counter-suffix", true},
      {"*", "anything", true},
      {"", "metrics/counter-suffix", false},
      {"metrics", "metrics/counter-suffix", false},
      {"/*", "metrics/x", false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.pattern);
    CAPTURE(c.check);
    CHECK(CheckMatches(c.pattern, c.check) == c.want);
  }
}

TEST_CASE("CheckMatches: a renamed check answers to its old id") {
  struct Case {
    std::string_view pattern, check;
    bool want;
  };
  const Case cases[] = {
      {"rules/unknown-field", "rules/unknown-field", true},
      {"config/unknown-field", "rules/unknown-field", true},
      {"config/*", "rules/unknown-field", true},
      {"config/type", "rules/type", true},
      {"config/value", "rules/value", true},
      {"rules/*", "rules/value", true},
      {"config/type", "rules/value", false},
      {"config/required", "rules/unknown-field", false},
      // Only the new id answers to the old one, not the reverse.
      {"rules/unknown-field", "config/unknown-field", false},
      {"rules/*", "config/type", false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.pattern);
    CAPTURE(c.check);
    CHECK(CheckMatches(c.pattern, c.check) == c.want);
  }
  for (const RenamedCheck& renamed : RenamedChecks()) {
    CAPTURE(renamed.id);
    CHECK(renamed.id != renamed.old_id);
    CHECK(CheckMatches(renamed.old_id, renamed.id));
  }
  CollectingSink out;
  FilterSink filter(out, {"config/unknown-field"}, 0);
  CHECK(filter.IsDisabled("rules/unknown-field"));
  CHECK_FALSE(filter.IsDisabled("rules/type"));
}

TEST_CASE("FilterSink drops disabled checks") {
  struct Case {
    std::string_view name;
    std::vector<std::string> disabled;
    std::vector<std::string> want;
  };
  const std::vector<std::string> all = {"metrics/counter-suffix", "metrics/help-missing",
                                        "parse/syntax", "scrape/timeout"};
  const Case cases[] = {
      {"nothing disabled", {}, all},
      {"by id",
       {"metrics/help-missing"},
       {"metrics/counter-suffix", "parse/syntax", "scrape/timeout"}},
      {"by group", {"metrics/*"}, {"parse/syntax", "scrape/timeout"}},
      {"several", {"metrics/*", "scrape/timeout"}, {"parse/syntax"}},
      {"everything", {"*"}, {}},
      {"unknown id", {"nope/nope"}, all},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CollectingSink collected;
    FilterSink filter(collected, c.disabled, 0);
    for (const auto& id : all) filter.Report(Finding(id));
    CHECK(Checks(collected) == c.want);
    CHECK(filter.summary().errors == c.want.size());
    CHECK(filter.summary().suppressed == 0);
    for (const auto& id : all) {
      bool forwarded = std::find(c.want.begin(), c.want.end(), id) != c.want.end();
      CHECK(filter.IsDisabled(id) == !forwarded);
    }
  }
}

TEST_CASE("FilterSink counts by severity") {
  CollectingSink collected;
  FilterSink filter(collected, {"parse/*"}, 0);
  filter.Report(Finding("a/x", Severity::kError));
  filter.Report(Finding("a/x", Severity::kWarning));
  filter.Report(Finding("a/y", Severity::kWarning));
  filter.Report(Finding("a/z", Severity::kInfo));
  filter.Report(Finding("parse/syntax", Severity::kError));  // disabled: not counted
  const Summary& s = filter.summary();
  CHECK(s.errors == 1);
  CHECK(s.warnings == 2);
  CHECK(s.infos == 1);
  CHECK(s.suppressed == 0);
  CHECK(collected.diagnostics.size() == 4);
}

TEST_CASE("FilterSink max_findings") {
  struct Case {
    std::string_view name;
    uint64_t max_findings;
    size_t want_forwarded;
    uint64_t want_suppressed;
  };
  const Case cases[] = {
      {"no limit", 0, 5, 0},           {"limit below count", 2, 2, 3},
      {"limit equals count", 5, 5, 0}, {"limit above count", 9, 5, 0},
      {"limit one", 1, 1, 4},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CollectingSink collected;
    FilterSink filter(collected, {"off/*"}, c.max_findings);
    for (int i = 0; i < 5; ++i) {
      filter.Report(Finding("on/x", i % 2 == 0 ? Severity::kError : Severity::kWarning));
      filter.Report(Finding("off/x"));  // disabled findings are neither shown nor "suppressed"
    }
    filter.Flush();
    CHECK(collected.diagnostics.size() == c.want_forwarded);
    CHECK(filter.summary().suppressed == c.want_suppressed);
    // Hidden findings still count, so the exit code does not depend on order.
    CHECK(filter.summary().errors == 3);
    CHECK(filter.summary().warnings == 2);
  }
}

TEST_CASE("FilterSink: an error hidden by max_findings still fails the run") {
  CollectingSink collected;
  FilterSink filter(collected, {}, 1);
  filter.Report(Finding("a/warn", Severity::kWarning));
  filter.Report(Finding("a/err", Severity::kError));
  filter.Flush();
  REQUIRE(collected.diagnostics.size() == 1);
  CHECK(filter.summary().AtOrAbove(Severity::kError) == 1);
  // The one finding shown is the error, not the warning that came first.
  CHECK(collected.diagnostics[0].check == "a/err");
}

TEST_CASE("FilterSink max_findings keeps the most severe, then file order") {
  CollectingSink collected;
  FilterSink filter(collected, {}, 3);
  auto at = [](std::string path, uint32_t line, Severity severity) {
    Diagnostic d = Finding(path + ":" + std::to_string(line), severity);
    d.path = std::move(path);
    d.line = line;
    return d;
  };
  // Many more findings than the limit, so that trimming happens on the way.
  for (uint32_t line = 1; line <= 20; ++line) filter.Report(at("a", line, Severity::kInfo));
  filter.Report(at("b", 9, Severity::kWarning));
  filter.Report(at("b", 2, Severity::kError));
  for (uint32_t line = 20; line >= 1; --line) filter.Report(at("c", line, Severity::kWarning));
  filter.Report(at("a", 30, Severity::kError));
  CHECK(collected.diagnostics.empty());  // held until Flush
  filter.Flush();
  std::vector<std::string> want = {"a:30", "b:2", "b:9"};
  CHECK(Checks(collected) == want);
  CHECK(filter.summary().suppressed == 40);
  CHECK(filter.summary().errors == 2);
  CHECK(filter.summary().per_check.size() == 43);
}

TEST_CASE("FilterSink counts per check and knows when everything is disabled") {
  CollectingSink collected;
  FilterSink filter(collected, {"off/*"}, 0);
  filter.Report(Finding("on/x"));
  filter.Report(Finding("on/x"));
  filter.Report(Finding("off/x"));
  CHECK(filter.summary().per_check.at("on/x") == 2);
  CHECK(filter.summary().per_check.count("off/x") == 0);
  CHECK_FALSE(filter.AllDisabled());
  FilterSink none(collected, {"*"}, 0);
  CHECK(none.AllDisabled());
}

TEST_CASE("FilterSink forwards diagnostics unchanged and in order") {
  CollectingSink collected;
  FilterSink filter(collected, {}, 0);
  Diagnostic d = Finding("metrics/counter-suffix", Severity::kWarning);
  d.end_column = 7;
  d.source_line = "x 1";
  d.notes.push_back(Note{"b.prom", 2, 3, "here"});
  filter.Report(d);
  filter.Report(Finding("second"));
  REQUIRE(collected.diagnostics.size() == 2);
  const Diagnostic& got = collected.diagnostics[0];
  CHECK(got.path == "a.prom");
  CHECK(got.end_column == 7);
  CHECK(got.severity == Severity::kWarning);
  CHECK(got.source_line == "x 1");
  REQUIRE(got.notes.size() == 1);
  CHECK(got.notes[0].message == "here");
  CHECK(collected.diagnostics[1].check == "second");
}

TEST_CASE("Summary::AtOrAbove") {
  Summary s;
  s.Add(Severity::kError);
  s.Add(Severity::kWarning);
  s.Add(Severity::kWarning);
  s.Add(Severity::kInfo);
  s.Add(Severity::kInfo);
  s.Add(Severity::kInfo);
  s.suppressed = 10;  // not shown, so not part of the exit decision
  CHECK(s.AtOrAbove(Severity::kError) == 1);
  CHECK(s.AtOrAbove(Severity::kWarning) == 3);
  CHECK(s.AtOrAbove(Severity::kInfo) == 6);

  Summary only_info;
  only_info.Add(Severity::kInfo);
  CHECK(only_info.AtOrAbove(Severity::kError) == 0);
  CHECK(only_info.AtOrAbove(Severity::kWarning) == 0);
  CHECK(only_info.AtOrAbove(Severity::kInfo) == 1);

  CHECK(Summary{}.AtOrAbove(Severity::kInfo) == 0);
}

TEST_CASE("Severity names round-trip") {
  for (Severity s : {Severity::kInfo, Severity::kWarning, Severity::kError}) {
    Severity parsed = Severity::kInfo;
    CHECK(ParseSeverity(SeverityName(s), &parsed));
    CHECK(parsed == s);
  }
  Severity unchanged = Severity::kWarning;
  CHECK_FALSE(ParseSeverity("Error", &unchanged));
  CHECK_FALSE(ParseSeverity("", &unchanged));
  CHECK(unchanged == Severity::kWarning);
}

}  // namespace
}  // namespace ttam::diag
