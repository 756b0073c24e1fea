#include "yaml/document.h"

#include <doctest/doctest.h>

#include <string>

using ttam::diag::CollectingSink;
using ttam::yaml::Kind;
using ttam::yaml::Parse;
using ttam::yaml::ScalarStyle;

namespace {

std::string Render(const CollectingSink& sink) {
  std::string out;
  for (const auto& d : sink.diagnostics) {
    out += std::to_string(d.line) + ":" + std::to_string(d.column) + " " + d.check + ": " +
           d.message + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("yaml: nodes carry 1-based positions and scalar styles") {
  CollectingSink sink;
  auto doc = Parse("p.yml",
                   "global:\n  scrape_interval: 15s\nrule_files:\n  - \"a.yml\"\n  - 'b.yml'\n"
                   "expr: |\n  sum(x)\nfolded: >\n  a\n  b\nempty:\nnull_value: ~\n",
                   sink);
  REQUIRE(doc != nullptr);
  CHECK(sink.diagnostics.empty());
  const auto& root = doc->root;
  REQUIRE(root.IsMap());
  const auto* global = root.Find("global");
  REQUIRE(global != nullptr);
  CHECK(global->mark.line == 2);
  const auto* interval = global->Find("scrape_interval");
  REQUIRE(interval != nullptr);
  CHECK(interval->scalar == "15s");
  CHECK(interval->mark.line == 2);
  CHECK(interval->mark.column == 20);
  CHECK(root.entries[0].key.mark.column == 1);
  const auto* files = root.Find("rule_files");
  REQUIRE(files->IsSequence());
  CHECK(files->items[0].style == ScalarStyle::kDoubleQuoted);
  CHECK(files->items[0].mark.column == 5);
  CHECK(files->items[1].style == ScalarStyle::kSingleQuoted);
  CHECK(root.Find("expr")->style == ScalarStyle::kLiteral);
  CHECK(root.Find("expr")->scalar == "sum(x)\n");
  CHECK(root.Find("folded")->style == ScalarStyle::kFolded);
  CHECK(root.Find("empty")->kind == Kind::kNull);
  CHECK(root.Find("null_value")->kind == Kind::kNull);
  CHECK(doc->Line(2) == "  scrape_interval: 15s");
}

TEST_CASE("yaml: duplicate keys are errors, merge keys and aliases resolve") {
  CollectingSink sink;
  auto doc = Parse("d.yml",
                   "base: &b\n  a: 1\n  b: 2\nuse:\n  <<: *b\n  b: 3\nref: *b\nx: 1\nx: 2\n", sink);
  REQUIRE(doc != nullptr);
  CHECK(Render(sink) ==
        "9:1 yaml/duplicate-key: key \"x\" is already set at line 8; Prometheus rejects "
        "duplicate keys: keep one of them\n");
  const auto* use = doc->root.Find("use");
  REQUIRE(use != nullptr);
  CHECK(use->Find("a")->scalar == "1");
  CHECK(use->Find("b")->scalar == "3");  // the map's own value wins over the merge
  CHECK(use->entries.size() == 2);
  CHECK(doc->root.Find("ref")->Find("b")->scalar == "2");
  CHECK(doc->root.Find("ref")->mark.line == 7);
}

TEST_CASE("yaml: syntax errors are positioned diagnostics; empty input is an empty document") {
  CollectingSink sink;
  CHECK(Parse("bad.yml", "a: [1, 2\nb: c\n", sink) == nullptr);
  REQUIRE(sink.diagnostics.size() == 1);
  CHECK(sink.diagnostics[0].check == "yaml/syntax");
  CHECK(sink.diagnostics[0].line >= 1);
  CHECK(sink.diagnostics[0].message.rfind("YAML syntax error: ", 0) == 0);

  CollectingSink quiet;
  auto empty = Parse("e.yml", "# only a comment\n", quiet);
  REQUIRE(empty != nullptr);
  CHECK(empty->empty);
  CHECK(quiet.diagnostics.empty());
}

TEST_CASE("yaml: an alias bomb is refused, not expanded") {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'k'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", " : "") + "*" + prev;
    bomb += "]\n";
    prev = c;
  }
  CollectingSink sink;
  CHECK(Parse("bomb.yml", bomb, sink) == nullptr);
  REQUIRE(sink.diagnostics.size() == 1);
  CHECK(sink.diagnostics[0].message.find("aliases are expanded") != std::string::npos);
}

TEST_CASE("yaml: an unclosed quote is an error (yaml-cpp alone would accept it)") {
  struct Case {
    const char* text;
    uint32_t column;
  };
  for (const Case& c :
       {Case{"job_name: 'app\n", 11}, Case{"job_name: \"app\n", 11}, Case{"a: 'it''s\n", 4}}) {
    CAPTURE(std::string(c.text));
    CollectingSink sink;
    CHECK(Parse("q.yml", c.text, sink) == nullptr);
    REQUIRE(sink.diagnostics.size() == 1);
    CHECK(sink.diagnostics[0].line == 1);
    CHECK(sink.diagnostics[0].column == c.column);
  }
  CollectingSink ok;
  CHECK(Parse("q.yml", "a: 'it''s'\nb: \"say \\\"hi\\\"\"\n", ok) != nullptr);
  CHECK(ok.diagnostics.empty());
}

TEST_CASE("yaml: a large document without aliases is fine") {
  std::string big = "items:\n";
  for (int i = 0; i < 1200000; ++i) big += "- x\n";
  CollectingSink sink;
  auto doc = Parse("big.yml", big, sink);
  REQUIRE(doc != nullptr);
  CHECK(doc->root.Find("items")->items.size() == 1200000);
}
