#include "eval/storage.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace ttam::eval {
namespace {

using model::Labels;
using promql::MatchOp;

std::string Times(std::span<const Sample> samples) {
  std::string out;
  for (const Sample& s : samples) out += (out.empty() ? "" : " ") + std::to_string(s.t);
  return out;
}

TEST_CASE("StaleNaN is upstream's bit pattern and only that NaN") {
  CHECK(std::isnan(StaleNaN()));
  CHECK(IsStaleNaN(StaleNaN()));
  CHECK_FALSE(IsStaleNaN(std::nan("")));
  CHECK_FALSE(IsStaleNaN(1.0));
}

TEST_CASE("matchers: equality, regex anchored, dot matches newline, missing is empty") {
  struct Case {
    std::string_view name;
    MatchOp op;
    std::string_view pattern, value;
    bool want;
  };
  const Case cases[] = {
      {"eq", MatchOp::kEqual, "a", "a", true},
      {"eq differs", MatchOp::kEqual, "a", "ab", false},
      {"eq empty matches missing", MatchOp::kEqual, "", "", true},
      {"neq", MatchOp::kNotEqual, "a", "b", true},
      {"neq same", MatchOp::kNotEqual, "a", "a", false},
      {"re anchored", MatchOp::kRegexMatch, "b", "abc", false},
      {"re whole", MatchOp::kRegexMatch, "a.c", "abc", true},
      {"re alternation anchored", MatchOp::kRegexMatch, "a|bc", "abc", false},
      {"re dot newline", MatchOp::kRegexMatch, "a.c", "a\nc", true},
      {"re empty", MatchOp::kRegexMatch, ".*", "", true},
      {"nre", MatchOp::kRegexNoMatch, "a.*", "abc", false},
      {"nre other", MatchOp::kRegexNoMatch, "a.*", "xbc", true},
      {"go named group", MatchOp::kRegexMatch, "(?<x>a)b", "ab", true},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    Result<Matcher> m = Matcher::Make("l", c.op, std::string(c.pattern));
    REQUIRE(m.ok());
    CHECK(m->Matches(c.value) == c.want);
  }
  Result<Matcher> bad = Matcher::Make("l", MatchOp::kRegexMatch, "(");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message == "error parsing regexp: missing closing )");
}

TEST_CASE("store: append, duplicates, order, select") {
  Storage st;
  Labels b{{"__name__", "m"}, {"i", "b"}};
  Labels a{{"__name__", "m"}, {"i", "a"}};
  Labels other{{"__name__", "n"}};
  REQUIRE(st.Append(b, 20, 2).ok());
  REQUIRE(st.Append(b, 10, 1).ok());  // out of order is accepted and sorted
  REQUIRE(st.Append(a, 10, 1).ok());
  REQUIRE(st.Append(other, 0, 5).ok());
  REQUIRE(st.Append(b, 10, 1).ok());  // same value again: ignored
  Status dup = st.Append(b, 10, 7);
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.error().message ==
        R"(duplicate sample for timestamp 10 in series {__name__="m", i="b"}: existing 1, new 7)");
  CHECK(st.SeriesCount() == 3);
  CHECK(st.SampleCount() == 4);
  CHECK(Times(st.Find(b)->samples()) == "10 20");

  std::vector<Matcher> ms = Matcher::MakeAll("m", {}).value();
  std::vector<const Series*> got = st.Select(ms);
  REQUIRE(got.size() == 2);
  CHECK(got[0]->labels() == a);  // label order, not insertion order
  CHECK(got[1]->labels() == b);

  std::vector<promql::LabelMatcher> lm = {{"i", MatchOp::kRegexMatch, "b|c"}};
  got = st.Select(Matcher::MakeAll("", lm).value());
  REQUIRE(got.size() == 1);
  CHECK(got[0]->labels() == b);
  // `i=""` selects the series without an `i` label.
  got = st.Select(Matcher::MakeAll("", {{"i", MatchOp::kEqual, ""}}).value());
  REQUIRE(got.size() == 1);
  CHECK(got[0]->labels() == other);

  st.Clear();
  CHECK(st.SeriesCount() == 0);
  CHECK(st.SampleCount() == 0);
}

TEST_CASE("windows are left-open: (after, upto]") {
  Storage st;
  Labels l{{"__name__", "m"}};
  for (int64_t t : {0, 10, 20, 30}) REQUIRE(st.Append(l, t, static_cast<double>(t)).ok());
  const Series& s = *st.Find(l);
  struct Case {
    int64_t after, upto;
    std::string_view want;
  };
  const Case cases[] = {
      {-1, 30, "0 10 20 30"}, {0, 30, "10 20 30"}, {10, 20, "20"}, {9, 10, "10"},
      {10, 10, ""},           {30, 100, ""},       {-100, -1, ""}, {15, 19, ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.after);
    CAPTURE(c.upto);
    CHECK(Times(s.Window(c.after, c.upto)) == c.want);
  }
}

TEST_CASE("start timestamps: stored only when known, parallel to the samples") {
  Storage st;
  Labels plain{{"__name__", "plain"}};
  Labels with{{"__name__", "with"}};
  for (int64_t t : {10, 20}) REQUIRE(st.Append(plain, t, 1).ok());
  REQUIRE(st.Append(with, 10, 1).ok());      // Before any known start: unknown (0).
  REQUIRE(st.Append(with, 30, 3, 25).ok());  // The first known start.
  REQUIRE(st.Append(with, 20, 2, 15).ok());  // Out of order: inserted in place.
  REQUIRE(st.Append(with, 40, 4).ok());      // Unknown again.
  st.Compact();
  const Series& p = *st.Find(plain);
  CHECK_FALSE(p.has_start_timestamps());
  CHECK(p.StartTimestamps(p.Window(0, 100)).empty());
  const Series& w = *st.Find(with);
  REQUIRE(w.has_start_timestamps());
  std::span<const int64_t> all = w.StartTimestamps(w.Window(0, 100));
  CHECK(std::vector<int64_t>(all.begin(), all.end()) == std::vector<int64_t>{0, 15, 25, 0});
  std::span<const int64_t> mid = w.StartTimestamps(w.Window(10, 30));
  CHECK(std::vector<int64_t>(mid.begin(), mid.end()) == std::vector<int64_t>{15, 25});
  CHECK(w.StartTimestamps(w.Window(40, 100)).empty());
  CHECK(sizeof(Sample) == 16);
}

}  // namespace
}  // namespace ttam::eval
