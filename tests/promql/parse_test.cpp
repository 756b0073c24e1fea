// Runs tests/promql/testdata/parse.txt and parse_features.txt: each case is
// an expression, a line "----", then the canonical print or "error: <first
// message>"; cases are separated by a line "====" and lines starting with
// "##" are comments. A case may start with a line "features: <flag> ..."
// naming the experimental features to enable (promql-duration-expr,
// promql-extended-range-selectors, promql-binop-fill-modifiers); without
// one it parses as stable PromQL. Every case that parses is also checked
// for Parse(Print(ast)) == ast under the same options.

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
  ParseOptions options;
};

// Applies a "features: ..." line; false for an unknown feature name.
bool SetFeatures(std::string_view line, ParseOptions* options) {
  std::string rest(line.substr(line.find(':') + 1));
  size_t pos = 0;
  while ((pos = rest.find_first_not_of(' ', pos)) != std::string::npos) {
    size_t end = rest.find(' ', pos);
    std::string name = rest.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    pos = end;
    if (name == "promql-duration-expr") {
      options->experimental_duration_expr = true;
    } else if (name == "promql-extended-range-selectors") {
      options->extended_range_selectors = true;
    } else if (name == "promql-binop-fill-modifiers") {
      options->binop_fill_modifiers = true;
    } else {
      return false;
    }
  }
  return true;
}

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
    if (!in_want && cur.input.empty() && line.rfind("features:", 0) == 0) {
      REQUIRE_MESSAGE(SetFeatures(line, &cur.options), "line " << n << ": " << line);
      continue;
    }
    (in_want ? cur.want : cur.input) += line + "\n";
  }
  flush();
  return cases;
}

void RunFile(const std::string& name) {
  std::vector<FileCase> cases =
      ReadCases(std::string(TTAM_SOURCE_DIR) + "/tests/promql/testdata/" + name);
  CHECK(cases.size() > 50);
  for (const FileCase& c : cases) {
    CAPTURE(name);
    CAPTURE(c.line);
    CAPTURE(c.input);
    ParseResult r = Parse(c.input, c.options);
    std::string got;
    if (!r.errors.empty()) {
      got = "error: " + r.errors.front().message;
    } else {
      REQUIRE(r.expr != nullptr);
      got = Print(*r.expr);
      ParseResult again = Parse(got, c.options);
      CHECK_MESSAGE(again.ok(), "reparse of " << got);
      if (again.ok()) CHECK_MESSAGE(Equal(*r.expr, *again.expr), "round trip of " << got);
    }
    CHECK(got == c.want);
  }
}

TEST_CASE("parse.txt") { RunFile("parse.txt"); }

TEST_CASE("parse_features.txt") { RunFile("parse_features.txt"); }

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

TEST_CASE("trim operators bind like comparisons") {
  ParseResult r = Parse("a </ b + c >/ d and e");
  REQUIRE(r.ok());
  const auto& top = std::get<BinaryExpr>(r.expr->node);
  CHECK(top.op == BinaryOp::kAnd);
  const auto& lower = std::get<BinaryExpr>(top.lhs->node);
  CHECK(lower.op == BinaryOp::kTrimLower);  // left-associative with </
  const auto& upper = std::get<BinaryExpr>(lower.lhs->node);
  CHECK(upper.op == BinaryOp::kTrimUpper);
  CHECK(std::get<BinaryExpr>(upper.rhs->node).op == BinaryOp::kAdd);
}

TEST_CASE("duration expressions: trees, literals and offsets") {
  ParseOptions options;
  options.experimental_duration_expr = true;
  ParseResult r = Parse("foo[-2 ^ 2 * 3] offset 1m", options);
  REQUIRE(r.ok());
  const auto& ms = std::get<MatrixSelector>(r.expr->node);
  CHECK(ms.range_ms == 0);
  REQUIRE(ms.range_expr);
  const auto& mul = std::get<DurationExpr>(ms.range_expr->node);
  CHECK(mul.op == DurationOp::kMul);  // (-(2 ^ 2)) * 3
  CHECK(std::get<DurationExpr>(mul.lhs->node).op == DurationOp::kNeg);
  CHECK(std::get<VectorSelector>(ms.vector_selector->node).offset_ms == 60000);
  // A literal stays a literal: no expression, no flag needed.
  ParseResult lit = Parse("foo[90] offset -4");
  REQUIRE(lit.ok());
  CHECK(std::get<MatrixSelector>(lit.expr->node).range_ms == 90000);
  CHECK_FALSE(std::get<MatrixSelector>(lit.expr->node).range_expr);
  // The offset takes one operand: `offset 1m + 2` adds 2 to the selector.
  ParseResult off = Parse("foo offset step() * 2", options);
  REQUIRE(off.ok());
  const auto& bin = std::get<BinaryExpr>(off.expr->node);
  CHECK(bin.op == BinaryOp::kMul);
  const auto& vs = std::get<VectorSelector>(bin.lhs->node);
  REQUIRE(vs.offset_expr);
  CHECK(std::get<DurationExpr>(vs.offset_expr->node).op == DurationOp::kStep);
  // The gate is reported where Prometheus reports it and parsing goes on.
  ParseResult gated = Parse("rate(foo[5m+1m])");
  REQUIRE(gated.errors.size() == 1);
  CHECK(gated.errors[0].begin == 9);
  CHECK(gated.errors[0].end == 11);
  CHECK(gated.expr != nullptr);
  ParseResult fill = Parse("a + fill(0) b");
  REQUIRE(fill.errors.size() == 1);
  CHECK(fill.errors[0].begin == 0);
  CHECK(fill.errors[0].end == 13);
  ParseResult smoothed = Parse("rate(foo[5m] smoothed)");
  REQUIRE(smoothed.errors.size() == 1);
  CHECK(smoothed.errors[0].begin == 5);
  CHECK(smoothed.errors[0].end == 12);
}

TEST_CASE("deep nesting is an error, not a crash") {
  ParseOptions durations;
  durations.experimental_duration_expr = true;
  std::string duration_chain = "foo[1";
  for (int i = 0; i < 30000; ++i) duration_chain += "+1";
  CHECK(Parse(duration_chain + "]", durations).errors.at(0).message ==
        "expression nesting too deep (more than 25000 levels)");
  CHECK(Parse("foo[" + std::string(1000, '(') + "1" + std::string(1000, ')') + "]", durations)
            .errors.at(0)
            .message == "expression nesting too deep (more than 500 levels)");
  std::string ok_chain = "foo[1";
  for (int i = 0; i < 2000; ++i) ok_chain += "+1";
  ParseResult long_ok = Parse(ok_chain + "]", durations);
  REQUIRE(long_ok.ok());
  CHECK(Equal(*Parse(Print(*long_ok.expr), durations).expr, *long_ok.expr));

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
