// Runs tests/promql/testdata/parse.txt: each case is an expression, a line
// "----", then the canonical print or "error: <first message>"; cases are
// separated by a line "====" and lines starting with "##" are comments.
// Every case that parses is also checked for Parse(Print(ast)) == ast.

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "promql/parser.h"
#include "promql/printer.h"

namespace ttam::promql {
namespace {

struct FileCase {
  int line = 0;
  std::string input;
  std::string want;
};

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  size_t i = 0;
  while (i < s.size() && (s[i] == '\n' || s[i] == ' ')) ++i;
  return s.substr(i);
}

std::vector<FileCase> ReadCases(const std::string& path) {
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), "cannot open " << path);
  std::vector<FileCase> cases;
  FileCase cur;
  bool in_want = false;
  std::string line;
  int n = 0;
  auto flush = [&] {
    if (!Trim(cur.input).empty() || !Trim(cur.want).empty()) {
      cur.input = Trim(cur.input);
      cur.want = Trim(cur.want);
      cases.push_back(cur);
    }
    cur = FileCase{};
    in_want = false;
  };
  while (std::getline(in, line)) {
    ++n;
    if (line.rfind("##", 0) == 0) continue;
    if (line == "====") {
      flush();
      continue;
    }
    if (line == "----") {
      in_want = true;
      continue;
    }
    if (cur.line == 0) cur.line = n;
    (in_want ? cur.want : cur.input) += line + "\n";
  }
  flush();
  return cases;
}

TEST_CASE("parse.txt") {
  std::vector<FileCase> cases = ReadCases(std::string(TTAM_SOURCE_DIR) + "/tests/promql/testdata/parse.txt");
  CHECK(cases.size() > 50);
  for (const FileCase& c : cases) {
    CAPTURE(c.line);
    CAPTURE(c.input);
    ParseResult r = Parse(c.input);
    std::string got;
    if (!r.errors.empty()) {
      got = "error: " + r.errors.front().message;
    } else {
      REQUIRE(r.expr != nullptr);
      got = Print(*r.expr);
      ParseResult again = Parse(got);
      CHECK_MESSAGE(again.ok(), "reparse of " << got);
      if (again.ok()) CHECK_MESSAGE(Equal(*r.expr, *again.expr), "round trip of " << got);
    }
    CHECK(got == c.want);
  }
}

TEST_CASE("spans") {
  ParseResult r = Parse("sum(rate(foo[5m])) + 1");
  REQUIRE(r.ok());
  CHECK(r.expr->span.begin == 0);
  CHECK(r.expr->span.end == 22);
  const auto& bin = std::get<BinaryExpr>(r.expr->node);
  CHECK(bin.lhs->span.end == 18);
  CHECK(bin.rhs->span.begin == 21);
  const auto& agg = std::get<AggregateExpr>(bin.lhs->node);
  CHECK(agg.expr->span.begin == 4);
  CHECK(agg.expr->span.end == 17);
  ParseResult bad = Parse("foo{a=}");
  REQUIRE(bad.errors.size() == 1);
  CHECK(bad.errors[0].begin == 6);
  CHECK(bad.errors[0].end == 7);
}

TEST_CASE("deep nesting is an error, not a crash") {
  std::string deep(100000, '(');
  ParseResult r = Parse(deep + "1");
  REQUIRE_FALSE(r.ok());
  CHECK(r.errors[0].message == "expression nesting too deep (more than 500 levels)");
  std::string pow = "1";
  for (int i = 0; i < 20000; ++i) pow += "^1";
  CHECK_FALSE(Parse(pow).ok());
  std::string minus(20000, '-');
  CHECK_FALSE(Parse(minus + "1").ok());
  CHECK(Parse(std::string(400, '(') + "1" + std::string(400, ')')).ok());
  std::string chain = "a";
  for (int i = 0; i < 100000; ++i) chain += "+a";
  ParseResult long_chain = Parse(chain);
  REQUIRE_FALSE(long_chain.ok());
  CHECK(long_chain.errors[0].message == "expression nesting too deep (more than 25000 levels)");
  std::string subqueries = "foo";
  for (int i = 0; i < 100000; ++i) subqueries += "[1m:]";
  CHECK_FALSE(Parse(subqueries).ok());
  chain = "a";
  for (int i = 0; i < 2000; ++i) chain += "+a";
  CHECK(Parse(chain).ok());
}

TEST_CASE("Prometheus's deep tree prints, round-trips and clones") {
  // parse_test.go's 10,000-operator chain under 1,000 subqueries (with foo for {}).
  std::string input = "(";
  for (int i = 0; i < 10000; ++i) input += "-foo-1";
  input += ")";
  for (int i = 0; i < 1000; ++i) input += "[1m:]";
  ParseResult r = Parse(input);
  REQUIRE(r.ok());
  std::string printed = Print(*r.expr);
  CHECK(printed.size() > input.size());
  ParseResult again = Parse(printed);
  REQUIRE(again.ok());
  CHECK(Equal(*r.expr, *again.expr));
  ExprPtr copy = Clone(*r.expr);
  CHECK(Equal(*copy, *r.expr));
}

}  // namespace
}  // namespace ttam::promql
