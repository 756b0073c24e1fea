#include "model/labels.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

namespace ttam::model {
namespace {

TEST_CASE("labels are sorted, unique (last wins) and read by name") {
  Labels ls = Labels::FromUnsorted({{"b", "2"}, {"__name__", "up"}, {"a", "1"}, {"b", "3"}});
  REQUIRE(ls.size() == 3);
  CHECK(ls[0].name == "__name__");
  CHECK(ls[1].name == "a");
  CHECK(ls[2].name == "b");
  CHECK(ls.Get("b") == "3");
  CHECK(ls.Get("missing").empty());
  CHECK_FALSE(ls.Has("missing"));
  CHECK(ls.MetricName() == "up");
  CHECK(ls.WithoutName() == Labels{{"a", "1"}, {"b", "3"}});
  CHECK(Labels{}.empty());
}

TEST_CASE("labels compare as upstream's labels.Compare") {
  struct Case {
    std::string_view name;
    Labels a, b;
    int want;  // sign of Compare(a, b)
  };
  const Case cases[] = {
      {"equal", {{"a", "1"}}, {{"a", "1"}}, 0},
      {"value", {{"a", "1"}}, {{"a", "2"}}, -1},
      {"name", {{"a", "9"}}, {{"b", "1"}}, -1},
      {"prefix first", {{"a", "1"}}, {{"a", "1"}, {"b", "1"}}, -1},
      {"empty first", {}, {{"a", ""}}, -1},
      {"name before value", {{"a", "2"}, {"c", "1"}}, {{"a", "2"}, {"b", "9"}}, 1},
      {"bytes not locale", {{"a", "Z"}}, {{"a", "a"}}, -1},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    auto order = c.a <=> c.b;
    int got = order < 0 ? -1 : order > 0 ? 1 : 0;
    CHECK(got == c.want);
    CHECK((c.a == c.b) == (c.want == 0));
  }
}

TEST_CASE("hash is upstream's: xxHash64 over name 0xff value 0xff") {
  // Reference values from libxxhash's XXH64(seed 0) on the same byte strings.
  CHECK(Labels{}.Hash() == 0xEF46DB3751D8E999ULL);  // XXH64("")
  Labels a{{"__name__", "up"}, {"job", "node"}};
  Labels b{{"job", "node"}, {"__name__", "up"}};
  CHECK(a.Hash() == 0x01585e2399cc2df6ULL);  // 21 bytes: the short path
  CHECK(Labels{{"__name__", "http_requests_total"},
               {"instance", "10.0.0.1:9090"},
               {"job", "api-server"}}
            .Hash() == 0x2a7a4a55fc2c6fc5ULL);  // over 32 bytes: the striped path
  CHECK(Labels{{"a", "b"}}.Hash() == 0x608891b6a4fd3588ULL);
  CHECK(a.Hash() == b.Hash());
  CHECK(a.Hash() != a.WithoutName().Hash());
  // "a" 0xff "b" 0xff versus "a" 0xff "" ... differ by the separators.
  CHECK(Labels{{"a", "b"}}.Hash() != Labels{{"ab", ""}}.Hash());
}

TEST_CASE("text forms as upstream prints them") {
  struct Case {
    std::string_view name;
    Labels labels;
    std::string_view string_form;  // labels.String()
    std::string_view metric_form;  // model.Metric.String()
  };
  const Case cases[] = {
      {"empty", {}, "{}", "{}"},
      {"name only", {{"__name__", "up"}}, R"({__name__="up"})", "up"},
      {"name and labels",
       {{"__name__", "up"}, {"job", "a"}, {"i", "b"}},
       R"({__name__="up", i="b", job="a"})",
       R"(up{i="b", job="a"})"},
      {"no name", {{"job", "a"}}, R"({job="a"})", R"({job="a"})"},
      {"escapes",
       {{"a", "q\"b\\s\n\t\x01"}},
       R"({a="q\"b\\s\n\t\x01"})",
       R"({a="q\"b\\s\n\t\x01"})"},
      {"utf-8 kept", {{"a", "caf\xc3\xa9"}}, "{a=\"caf\xc3\xa9\"}", "{a=\"caf\xc3\xa9\"}"},
      {"invalid utf-8", {{"a", "\xff"}}, R"({a="\xff"})", R"({a="\xff"})"},
      {"utf-8 names",
       {{"__name__", "my.metric"}, {"some label", "v"}},
       R"({__name__="my.metric", "some label"="v"})",
       R"({"my.metric", "some label"="v"})"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(c.labels.ToString() == c.string_form);
    CHECK(FormatMetric(c.labels) == c.metric_form);
  }
}

TEST_CASE("builder sets, deletes and keeps") {
  Labels base{{"__name__", "x"}, {"a", "1"}, {"b", "2"}};
  CHECK(LabelsBuilder(base).Set("c", "3").Del("a").Build() ==
        Labels{{"__name__", "x"}, {"b", "2"}, {"c", "3"}});
  CHECK(LabelsBuilder(base).Set("a", "").Build() == Labels{{"__name__", "x"}, {"b", "2"}});
  CHECK(LabelsBuilder(base).Set("a", "9").Build().Get("a") == "9");
  CHECK(LabelsBuilder(base).Keep({"b", "zz"}).Build() == Labels{{"b", "2"}});
  CHECK(LabelsBuilder(base).Del("nope").Build() == base);
  CHECK(LabelsBuilder().Set("0", "x").Get("0") == "x");
}

}  // namespace
}  // namespace ttam::model
