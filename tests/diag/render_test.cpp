#include "diag/render.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace ttam::diag {
namespace {

using nlohmann::json;

Summary SummaryOf(const std::vector<Diagnostic>& diagnostics, uint64_t suppressed = 0) {
  Summary summary;
  for (const auto& d : diagnostics) summary.Add(d.severity);
  summary.suppressed = suppressed;
  return summary;
}

std::string Render(Format format, const std::vector<Diagnostic>& diagnostics,
                   RenderOptions options = {}, const std::vector<JsonExtra>& extras = {},
                   uint64_t suppressed = 0) {
  std::ostringstream out;
  auto renderer = MakeRenderer(format, out, std::move(options));
  for (const auto& d : diagnostics) renderer->Report(d);
  renderer->Finish(SummaryOf(diagnostics, suppressed), extras);
  return out.str();
}

Diagnostic Make(std::string path, uint32_t line, uint32_t column, Severity severity,
                std::string check, std::string message) {
  Diagnostic d;
  d.path = std::move(path);
  d.line = line;
  d.column = column;
  d.severity = severity;
  d.check = std::move(check);
  d.message = std::move(message);
  return d;
}

// A finding with the fields most cases share; cases override the rest.
Diagnostic Finding(Severity severity = Severity::kError) {
  return Make("app.prom", 3, 5, severity, "metrics/counter-suffix", "counter should end in _total");
}

Diagnostic With(Diagnostic d, auto edit) {
  edit(d);
  return d;
}

struct Case {
  std::string_view name;
  std::vector<Diagnostic> input;
  std::string_view want;
};

void RunCases(Format format, const std::vector<Case>& cases, const RenderOptions& options = {}) {
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(Render(format, c.input, options) == c.want);
  }
}

TEST_CASE("ParseFormat and MakeRenderer") {
  struct FormatCase {
    std::string_view text;
    Format want;
  };
  for (const FormatCase& c :
       {FormatCase{"text", Format::kText}, FormatCase{"json", Format::kJson},
        FormatCase{"github", Format::kGithub}, FormatCase{"sarif", Format::kSarif}}) {
    CAPTURE(c.text);
    Format got = Format::kText;
    CHECK(ParseFormat(c.text, &got));
    CHECK(got == c.want);
    CHECK_FALSE(Render(c.want, {Finding()}).empty());
  }
  Format unchanged = Format::kGithub;
  CHECK_FALSE(ParseFormat("JSON", &unchanged));
  CHECK_FALSE(ParseFormat("", &unchanged));
  CHECK_FALSE(ParseFormat("xml", &unchanged));
  CHECK(unchanged == Format::kGithub);
}

TEST_CASE("SummaryLine") {
  struct SummaryCase {
    std::string_view name;
    Summary summary;
    std::string_view want;
  };
  const SummaryCase cases[] = {
      {"nothing", {}, "no problems found"},
      {"plurals", {3, 1, 0, 0, {}, false}, "3 errors, 1 warning, 0 infos"},
      {"singulars", {1, 1, 1, 0, {}, false}, "1 error, 1 warning, 1 info"},
      {"only infos", {0, 0, 2, 0, {}, false}, "0 errors, 0 warnings, 2 infos"},
      {"suppressed",
       {2, 0, 0, 7, {}, false},
       "2 errors, 0 warnings, 0 infos, 7 more not shown (--max-findings)"},
      {"nothing checked", {0, 0, 0, 0, {}, true}, "nothing checked"},
      {"findings win over nothing checked", {1, 0, 0, 0, {}, true}, "1 error, 0 warnings, 0 infos"},
  };
  for (const SummaryCase& c : cases) {
    CAPTURE(c.name);
    CHECK(SummaryLine(c.summary) == c.want);
  }
}

TEST_CASE("text format") {
  RunCases(
      Format::kText,
      {
          {"no findings", {}, "no problems found\n"},
          {"location, severity, message, check",
           {Finding()},
           "app.prom:3:5: error: counter should end in _total [metrics/counter-suffix]\n"
           "1 error, 0 warnings, 0 infos\n"},
          {"column unknown",
           {With(Finding(Severity::kWarning), [](Diagnostic& d) { d.column = 0; })},
           "app.prom:3: warning: counter should end in _total [metrics/counter-suffix]\n"
           "0 errors, 1 warning, 0 infos\n"},
          {"line unknown: the column is meaningless",
           {Make("http://app:5000/metrics", 0, 7, Severity::kInfo, "scrape/slow", "took 9s")},
           "http://app:5000/metrics: info: took 9s [scrape/slow]\n0 errors, 0 warnings, 1 info\n"},
          {"no path, no check",
           {Make("", 0, 0, Severity::kError, "", "out of memory")},
           "error: out of memory\n1 error, 0 warnings, 0 infos\n"},
          {"caret under one character",
           {With(Finding(),
                 [](Diagnostic& d) {
                   d.source_line = R"(foo{a="b" 1)";
                   d.column = 10;
                 })},
           "app.prom:3:10: error: counter should end in _total [metrics/counter-suffix]\n"
           "foo{a=\"b\" 1\n"
           "         ^\n"
           "1 error, 0 warnings, 0 infos\n"},
          {"caret with a span",
           {With(Finding(),
                 [](Diagnostic& d) {
                   d.source_line = "http_requests 1";
                   d.column = 1;
                   d.end_column = 14;
                 })},
           "app.prom:3:1: error: counter should end in _total [metrics/counter-suffix]\n"
           "http_requests 1\n"
           "^~~~~~~~~~~~~\n"
           "1 error, 0 warnings, 0 infos\n"},
          {"tabs are copied into the padding",
           {With(Finding(),
                 [](Diagnostic& d) {
                   d.source_line = "\tfoo\t 1";
                   d.column = 7;
                   d.end_column = 8;
                 })},
           "app.prom:3:7: error: counter should end in _total [metrics/counter-suffix]\n"
           "\tfoo\t 1\n"
           "\t   \t ^\n"
           "1 error, 0 warnings, 0 infos\n"},
          {"multi-byte characters take one cell",
           {With(Finding(),
                 [](Diagnostic& d) {
                   d.source_line = "x{a=\"\xC3\xA9\"} 1";  // é is two bytes
                   d.column = 11;
                 })},
           "app.prom:3:11: error: counter should end in _total [metrics/counter-suffix]\n"
           "x{a=\"\xC3\xA9\"} 1\n"
           "         ^\n"
           "1 error, 0 warnings, 0 infos\n"},
          {"span over multi-byte characters",
           {With(Finding(),
                 [](Diagnostic& d) {
                   d.source_line = "a=\"\xC3\xA9\xC3\xA9\"";
                   d.column = 3;
                   d.end_column = 9;
                 })},
           "app.prom:3:3: error: counter should end in _total [metrics/counter-suffix]\n"
           "a=\"\xC3\xA9\xC3\xA9\"\n"
           "  ^~~~\n"
           "1 error, 0 warnings, 0 infos\n"},
          {"column just past the end of the line",
           {With(Finding(),
                 [](Diagnostic& d) {
                   d.source_line = "foo";
                   d.column = 4;
                   d.end_column = 6;
                 })},
           "app.prom:3:4: error: counter should end in _total [metrics/counter-suffix]\n"
           "foo\n"
           "   ^~\n"
           "1 error, 0 warnings, 0 infos\n"},
          {"end column not after column",
           {With(Finding(),
                 [](Diagnostic& d) {
                   d.source_line = "foo 1";
                   d.column = 3;
                   d.end_column = 3;
                 })},
           "app.prom:3:3: error: counter should end in _total [metrics/counter-suffix]\n"
           "foo 1\n"
           "  ^\n"
           "1 error, 0 warnings, 0 infos\n"},
          {"source without a column: no caret",
           {With(Finding(),
                 [](Diagnostic& d) {
                   d.source_line = "foo 1\r\n";
                   d.column = 0;
                 })},
           "app.prom:3: error: counter should end in _total [metrics/counter-suffix]\n"
           "foo 1\n"
           "1 error, 0 warnings, 0 infos\n"},
          {"notes follow the caret",
           {With(Finding(),
                 [](Diagnostic& d) {
                   d.check = "metrics/duplicate-series";
                   d.message = "duplicate series up{job=\"a\"}";
                   d.line = 7;
                   d.column = 1;
                   d.end_column = 3;
                   d.source_line = "up{job=\"a\"} 1";
                   d.notes = {Note{"app.prom", 2, 1, "first seen here"},
                              Note{"other.prom", 0, 0, "also here"}};
                 })},
           "app.prom:7:1: error: duplicate series up{job=\"a\"} [metrics/duplicate-series]\n"
           "up{job=\"a\"} 1\n"
           "^~\n"
           "app.prom:2:1: note: first seen here\n"
           "other.prom: note: also here\n"
           "1 error, 0 warnings, 0 infos\n"},
          {"several findings",
           {Finding(), Finding(Severity::kWarning), Finding(Severity::kError)},
           "app.prom:3:5: error: counter should end in _total [metrics/counter-suffix]\n"
           "app.prom:3:5: warning: counter should end in _total [metrics/counter-suffix]\n"
           "app.prom:3:5: error: counter should end in _total [metrics/counter-suffix]\n"
           "2 errors, 1 warning, 0 infos\n"},
      });
}

TEST_CASE("text format: --max-findings in the summary") {
  CHECK(Render(Format::kText, {Finding()}, {}, {}, 4) ==
        "app.prom:3:5: error: counter should end in _total [metrics/counter-suffix]\n"
        "1 error, 0 warnings, 0 infos, 4 more not shown (--max-findings)\n");
}

TEST_CASE("text format: a per-check tally before the summary, most frequent first") {
  std::ostringstream out;
  auto renderer = MakeRenderer(Format::kText, out, {});
  Summary summary;
  std::vector<Diagnostic> findings = {
      Make("a.yml", 1, 1, Severity::kWarning, "rules/b", "m1"),
      Make("a.yml", 2, 1, Severity::kWarning, "rules/a", "m2"),
      Make("a.yml", 3, 1, Severity::kWarning, "rules/a", "m3"),
  };
  for (const Diagnostic& d : findings) {
    summary.Add(d.severity, d.check);
    renderer->Report(d);
  }
  renderer->Finish(summary);
  CHECK(out.str() ==
        "a.yml:1:1: warning: m1 [rules/b]\n"
        "a.yml:2:1: warning: m2 [rules/a]\n"
        "a.yml:3:1: warning: m3 [rules/a]\n"
        "2 \u00d7 rules/a (disable: --disable rules/a)\n"
        "1 \u00d7 rules/b (disable: --disable rules/b)\n"
        "0 errors, 3 warnings, 0 infos\n");
}

TEST_CASE("text format: findings of one check in one file beyond group_after are counted") {
  RenderOptions options;
  options.group_after = 2;
  std::vector<Diagnostic> findings;
  for (uint32_t line = 1; line <= 5; ++line) {
    findings.push_back(Make("a.yml", line, 1, Severity::kWarning, "rules/a", "m"));
  }
  findings.push_back(Make("a.yml", 6, 1, Severity::kError, "rules/b", "other check"));
  findings.push_back(Make("b.yml", 1, 1, Severity::kWarning, "rules/a", "next file"));
  CHECK(Render(Format::kText, findings, options) ==
        "a.yml:1:1: warning: m [rules/a]\n"
        "a.yml:2:1: warning: m [rules/a]\n"
        "a.yml:6:1: error: other check [rules/b]\n"
        "a.yml: note: \u2026 and 3 more like this [rules/a] (--group-after 0 shows them)\n"
        "b.yml:1:1: warning: next file [rules/a]\n"
        "1 error, 6 warnings, 0 infos\n");
  options.group_after = 0;
  CHECK(Render(Format::kText, findings, options).find("more like this") == std::string::npos);
  // Machine formats always carry every finding.
  options.group_after = 2;
  CHECK(json::parse(Render(Format::kJson, findings, options))["diagnostics"].size() == 7);
}

TEST_CASE("text format with colour") {
  RenderOptions color;
  color.color = true;
  RunCases(
      Format::kText,
      {
          {"error, caret and note",
           {With(Finding(),
                 [](Diagnostic& d) {
                   d.source_line = "\tab 1";
                   d.column = 2;
                   d.end_column = 4;
                   d.notes = {Note{"app.prom", 1, 1, "first"}};
                 })},
           "\x1b[1mapp.prom:3:2:\x1b[0m \x1b[1;31merror:\x1b[0m counter should end in _total "
           "[metrics/counter-suffix]\n"
           "\tab 1\n"
           "\t\x1b[1;32m^~\x1b[0m\n"
           "\x1b[1mapp.prom:1:1:\x1b[0m \x1b[1mnote:\x1b[0m first\n"
           "1 error, 0 warnings, 0 infos\n"},
          {"warning is yellow",
           {Finding(Severity::kWarning)},
           "\x1b[1mapp.prom:3:5:\x1b[0m \x1b[1;33mwarning:\x1b[0m counter should end in _total "
           "[metrics/counter-suffix]\n"
           "0 errors, 1 warning, 0 infos\n"},
          {"info is cyan, no location",
           {Make("", 0, 0, Severity::kInfo, "a/b", "m")},
           "\x1b[1;36minfo:\x1b[0m m [a/b]\n0 errors, 0 warnings, 1 info\n"},
      },
      color);

  // Without colour there is not a single escape sequence.
  Diagnostic d = Finding();
  d.source_line = "foo 1";
  d.notes = {Note{"a", 1, 1, "n"}};
  CHECK(Render(Format::kText, {d, Finding(Severity::kInfo)}).find('\x1b') == std::string::npos);
}

TEST_CASE("renderers stream: a finding is written before Finish") {
  for (Format format : {Format::kText, Format::kJson, Format::kGithub, Format::kSarif}) {
    std::ostringstream out;
    auto renderer = MakeRenderer(format, out, {});
    renderer->Report(Finding());
    CAPTURE(out.str());
    CHECK(out.str().find("counter should end in _total") != std::string::npos);
    renderer->Finish(SummaryOf({Finding()}));
  }
}

TEST_CASE("json format: exact output") {
  RunCases(
      Format::kJson,
      {
          {"no findings",
           {},
           R"({"diagnostics":[],"summary":{"errors":0,"warnings":0,"infos":0,"suppressed":0}})"
           "\n"},
          {"one finding",
           {Finding()},
           R"({"diagnostics":[{"file":"app.prom","line":3,"column":5,"severity":"error",)"
           R"("check":"metrics/counter-suffix","message":"counter should end in _total"}],)"
           R"("summary":{"errors":1,"warnings":0,"infos":0,"suppressed":0}})"
           "\n"},
          {"unknown line and column are 0, info, no source line in the output",
           {With(Make("-", 0, 0, Severity::kInfo, "a/b", "m"),
                 [](Diagnostic& d) { d.source_line = "x"; }),
            Finding(Severity::kWarning)},
           R"({"diagnostics":[{"file":"-","line":0,"column":0,"severity":"info","check":"a/b",)"
           R"("message":"m"},{"file":"app.prom","line":3,"column":5,"severity":"warning",)"
           R"("check":"metrics/counter-suffix","message":"counter should end in _total"}],)"
           R"("summary":{"errors":0,"warnings":1,"infos":1,"suppressed":0}})"
           "\n"},
          {"end_column and notes",
           {With(Finding(),
                 [](Diagnostic& d) {
                   d.end_column = 9;
                   d.notes = {Note{"b.prom", 1, 2, "first here"}};
                 })},
           R"({"diagnostics":[{"file":"app.prom","line":3,"column":5,"end_column":9,)"
           R"("severity":"error","check":"metrics/counter-suffix",)"
           R"("message":"counter should end in _total",)"
           R"("notes":[{"file":"b.prom","line":1,"column":2,"message":"first here"}]}],)"
           R"("summary":{"errors":1,"warnings":0,"infos":0,"suppressed":0}})"
           "\n"},
          {"escaping: quotes, backslash, control characters, unicode",
           {Make("dir \"q\"/a.prom", 0, 0, Severity::kError, "a/b",
                 "say \"hi\"\nthen\ttab \\ \xC3\xA9 \xE2\x9C\x93 \x01")},
           R"({"diagnostics":[{"file":"dir \"q\"/a.prom","line":0,"column":0,"severity":"error",)"
           R"("check":"a/b","message":"say \"hi\"\nthen\ttab \\ )"
           "\xC3\xA9 \xE2\x9C\x93 "
           R"(\u0001"}],"summary":{"errors":1,"warnings":0,"infos":0,"suppressed":0}})"
           "\n"},
          {"invalid UTF-8 is replaced, not thrown",
           {Make("a\xFF", 0, 0, Severity::kError, "a/b", "bad \xC3 byte")},
           R"({"diagnostics":[{"file":"a)"
           "\xEF\xBF\xBD"
           R"(","line":0,"column":0,"severity":"error","check":"a/b","message":"bad )"
           "\xEF\xBF\xBD"
           R"( byte"}],"summary":{"errors":1,"warnings":0,"infos":0,"suppressed":0}})"
           "\n"},
      });
}

TEST_CASE("json format: extras and suppressed") {
  std::vector<JsonExtra> extras = {
      {"scrape", R"({"target":"http://app:5000/metrics","samples":2})"}, {"odd \"key\"", "[1,2]"}};
  CHECK(Render(Format::kJson, {}, {}, extras, 3) ==
        R"({"diagnostics":[],"summary":{"errors":0,"warnings":0,"infos":0,"suppressed":3},)"
        R"("scrape":{"target":"http://app:5000/metrics","samples":2},"odd \"key\"":[1,2]})"
        "\n");
}

TEST_CASE("json format: the public contract, parsed back") {
  std::vector<Diagnostic> input = {
      With(Finding(),
           [](Diagnostic& d) {
             d.end_column = 8;
             d.notes = {Note{"b.prom", 1, 1, "x"}};
           }),
      Finding(Severity::kWarning),
      Make("http://app:5000/metrics", 0, 0, Severity::kInfo, "scrape/slow",
           "line1\nline2 \"q\" \xFF"),
  };
  std::string out = Render(Format::kJson, input, {}, {{"scrape", R"({"families":1})"}}, 2);
  REQUIRE(out.ends_with("}\n"));
  CHECK(std::count(out.begin(), out.end(), '\n') == 1);  // one document, one line
  json doc = json::parse(out);
  REQUIRE(doc.is_object());
  REQUIRE(doc["diagnostics"].is_array());
  REQUIRE(doc["diagnostics"].size() == input.size());
  for (size_t i = 0; i < input.size(); ++i) {
    CAPTURE(i);
    const json& d = doc["diagnostics"][i];
    CHECK(d["file"] == input[i].path);
    CHECK(d["line"].is_number_unsigned());
    CHECK(d["line"] == input[i].line);
    CHECK(d["column"] == input[i].column);
    CHECK(d["severity"] == std::string(SeverityName(input[i].severity)));
    CHECK(d["check"] == input[i].check);
    CHECK(d["message"].is_string());
    CHECK(d.contains("end_column") == (input[i].end_column != 0));
    CHECK(d.contains("notes") == !input[i].notes.empty());
  }
  CHECK(doc["diagnostics"][0]["end_column"] == 8);
  CHECK(doc["diagnostics"][0]["notes"][0]["file"] == "b.prom");
  CHECK(doc["diagnostics"][2]["message"] == "line1\nline2 \"q\" \xEF\xBF\xBD");
  CHECK(doc["summary"] == json({{"errors", 1}, {"warnings", 1}, {"infos", 1}, {"suppressed", 2}}));
  CHECK(doc["scrape"]["families"] == 1);
}

TEST_CASE("github format") {
  RunCases(
      Format::kGithub,
      {
          {"no findings", {}, "no problems found\n"},
          {"error",
           {Finding()},
           "::error file=app.prom,line=3,col=5,title=metrics/counter-suffix::counter should end "
           "in _total\n"
           "1 error, 0 warnings, 0 infos\n"},
          {"warning and info",
           {Finding(Severity::kWarning), Finding(Severity::kInfo)},
           "::warning file=app.prom,line=3,col=5,title=metrics/counter-suffix::counter should "
           "end in _total\n"
           "::notice file=app.prom,line=3,col=5,title=metrics/counter-suffix::counter should end "
           "in _total\n"
           "0 errors, 1 warning, 1 info\n"},
          {"zero column and line are left out; properties escape ':' and ','",
           {With(Finding(), [](Diagnostic& d) { d.column = 0; }),
            Make("http://app:5000/metrics", 0, 3, Severity::kError, "scrape/fetch",
                 "connection refused")},
           "::error file=app.prom,line=3,title=metrics/counter-suffix::counter should end in "
           "_total\n"
           "::error file=http%3A//app%3A5000/metrics,title=scrape/fetch::connection refused\n"
           "2 errors, 0 warnings, 0 infos\n"},
          {"no properties at all",
           {Make("", 0, 0, Severity::kError, "", "out of memory")},
           "::error::out of memory\n1 error, 0 warnings, 0 infos\n"},
          {"message escaping: %, CR, LF; ':' and ',' stay",
           {With(Finding(),
                 [](Diagnostic& d) {
                   d.message = "100% of series: a, b\r\nnext \"line\" \xC3\xA9";
                 })},
           "::error file=app.prom,line=3,col=5,title=metrics/counter-suffix::100%25 of series: "
           "a, b%0D%0Anext \"line\" \xC3\xA9\n"
           "1 error, 0 warnings, 0 infos\n"},
          {"property escaping",
           {Make("dir,1/a:b%.prom", 1, 0, Severity::kError, "odd,id:x", "m")},
           "::error file=dir%2C1/a%3Ab%25.prom,line=1,title=odd%2Cid%3Ax::m\n"
           "1 error, 0 warnings, 0 infos\n"},
          {"notes become lines of the message",
           {With(
               Finding(),
               [](Diagnostic& d) {
                 d.notes = {Note{"app.prom", 1, 2, "first seen here"}, Note{"", 0, 0, "50% done"}};
               })},
           "::error file=app.prom,line=3,col=5,title=metrics/counter-suffix::counter should end "
           "in _total%0Aapp.prom:1:2: note: first seen here%0Anote: 50%25 done\n"
           "1 error, 0 warnings, 0 infos\n"},
      });
  CHECK(Render(Format::kGithub, {Finding()}, {}, {}, 5)
            .ends_with("1 error, 0 warnings, 0 infos, 5 more not shown (--max-findings)\n"));
}

TEST_CASE("sarif format: exact output for a small log") {
  RenderOptions options;
  options.tool_version = "0.1.0";
  options.information_uri = "https://example.com/ttam";
  options.checks = {{"metrics/counter-suffix", Severity::kWarning, "Counters end in _total."}};
  CHECK(Render(Format::kSarif, {Finding()}, options) ==
        R"({"$schema":"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/)"
        R"(sarif-schema-2.1.0.json","version":"2.1.0","runs":[{"results":[)"
        R"({"ruleId":"metrics/counter-suffix","ruleIndex":0,"level":"error",)"
        R"("message":{"text":"counter should end in _total"},)"
        R"("locations":[{"physicalLocation":{"artifactLocation":{"uri":"app.prom"},)"
        R"("region":{"startLine":3,"startColumn":5}}}]}],)"
        R"("tool":{"driver":{"name":"ttam","version":"0.1.0",)"
        R"("informationUri":"https://example.com/ttam","rules":[{"id":"metrics/counter-suffix",)"
        R"("shortDescription":{"text":"Counters end in _total."},)"
        R"("defaultConfiguration":{"level":"warning"}}]}},)"
        R"("properties":{"summary":{"errors":1,"warnings":0,"infos":0,"suppressed":0}}}]})"
        "\n");
}

TEST_CASE("sarif format: parsed back") {
  RenderOptions options;
  options.tool_version = "1.2.3";
  options.information_uri = "https://example.com/ttam";
  options.checks = {
      {"metrics/counter-suffix", Severity::kWarning, "Counters end in _total."},
      {"never/fires", Severity::kError, "Not in the output."},
  };
  std::vector<Diagnostic> input = {
      Finding(),  // 0: known rule
      Make("http://app:5000/metrics", 0, 0, Severity::kInfo, "scrape/slow",
           "took \"9s\"\nreally \xFF"),  // 1: unknown rule, no region
      With(Finding(Severity::kWarning),
           [](Diagnostic& d) {
             d.path = "dir with space/a#1.prom";
             d.column = 0;
             d.end_column = 4;
           }),  // 2: known rule again, no column
      With(Make("/abs/b.prom", 2, 1, Severity::kWarning, "parse/syntax", "m"),
           [](Diagnostic& d) {
             d.end_column = 5;
             d.notes = {Note{"/abs/c.prom", 4, 0, "see here"}};
           }),  // 3
  };
  std::string out = Render(Format::kSarif, input, options);
  REQUIRE(out.ends_with("}\n"));
  json log = json::parse(out);
  CHECK(log["version"] == "2.1.0");
  CHECK(log["$schema"].get<std::string>().ends_with("sarif-schema-2.1.0.json"));
  REQUIRE(log["runs"].size() == 1);
  const json& run = log["runs"][0];
  const json& driver = run["tool"]["driver"];
  CHECK(driver["name"] == "ttam");
  CHECK(driver["version"] == "1.2.3");
  CHECK(driver["informationUri"] == "https://example.com/ttam");

  // One rule per check that fired, in order of first appearance.
  const json& rules = driver["rules"];
  REQUIRE(rules.size() == 3);
  CHECK(rules[0]["id"] == "metrics/counter-suffix");
  CHECK(rules[0]["shortDescription"]["text"] == "Counters end in _total.");
  CHECK(rules[0]["defaultConfiguration"]["level"] == "warning");
  CHECK(rules[1]["id"] == "scrape/slow");
  CHECK_FALSE(rules[1].contains("shortDescription"));
  CHECK(rules[1]["defaultConfiguration"]["level"] == "note");
  CHECK(rules[2]["id"] == "parse/syntax");
  CHECK(rules[2]["defaultConfiguration"]["level"] == "warning");

  const json& results = run["results"];
  REQUIRE(results.size() == input.size());
  const char* want_levels[] = {"error", "note", "warning", "warning"};
  for (size_t i = 0; i < input.size(); ++i) {
    CAPTURE(i);
    const json& r = results[i];
    CHECK(r["ruleId"] == input[i].check);
    CHECK(rules[r["ruleIndex"].get<size_t>()]["id"] == input[i].check);
    CHECK(r["level"] == want_levels[i]);
    REQUIRE(r["locations"].size() == 1);
  }
  CHECK(results[1]["message"]["text"] == "took \"9s\"\nreally \xEF\xBF\xBD");

  auto physical = [&](size_t i) { return results[i]["locations"][0]["physicalLocation"]; };
  CHECK(physical(0)["artifactLocation"]["uri"] == "app.prom");
  CHECK(physical(0)["region"] == json({{"startLine", 3}, {"startColumn", 5}}));
  CHECK(physical(1)["artifactLocation"]["uri"] == "http://app:5000/metrics");
  CHECK_FALSE(physical(1).contains("region"));
  CHECK(physical(2)["artifactLocation"]["uri"] == "dir%20with%20space/a%231.prom");
  CHECK(physical(2)["region"] == json({{"startLine", 3}}));
  CHECK(physical(3)["artifactLocation"]["uri"] == "file:///abs/b.prom");
  CHECK(physical(3)["region"] == json({{"startLine", 2}, {"startColumn", 1}, {"endColumn", 5}}));

  REQUIRE(results[3]["relatedLocations"].size() == 1);
  const json& related = results[3]["relatedLocations"][0];
  CHECK(related["message"]["text"] == "see here");
  CHECK(related["physicalLocation"]["artifactLocation"]["uri"] == "file:///abs/c.prom");
  CHECK(related["physicalLocation"]["region"] == json({{"startLine", 4}}));
  CHECK_FALSE(results[0].contains("relatedLocations"));

  CHECK(run["properties"]["summary"]["warnings"] == 2);
}

TEST_CASE("sarif format: no findings, no options") {
  json log = json::parse(Render(Format::kSarif, {}));
  const json& run = log["runs"][0];
  CHECK(run["results"] == json::array());
  CHECK(run["tool"]["driver"]["rules"] == json::array());
  CHECK(run["tool"]["driver"]["name"] == "ttam");
  CHECK_FALSE(run["tool"]["driver"].contains("version"));
  CHECK_FALSE(run["tool"]["driver"].contains("informationUri"));
}

}  // namespace
}  // namespace ttam::diag
