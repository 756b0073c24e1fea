#include "yaml/schema.h"

#include <doctest/doctest.h>

#include <string>
#include <string_view>

namespace ttam::yaml {
namespace {

std::string Render(const diag::CollectingSink& sink) {
  std::string out;
  for (const auto& d : sink.diagnostics) {
    out += std::to_string(d.line) + ":" + std::to_string(d.column) + " " + d.check + ": " +
           d.message + "\n";
  }
  return out;
}

// Reads `text` against a small schema (name, interval, limit, items[].id)
// and renders what the reader reported.
std::string Read(std::string_view text, const SchemaIds& ids,
                 Object::Unknown style = Object::Unknown::kSuggest) {
  diag::CollectingSink sink;
  auto doc = Parse("s.yml", std::string(text), sink);
  REQUIRE(doc != nullptr);
  Context ctx(*doc, sink, ids);
  Object root(ctx, doc->empty ? nullptr : &doc->root, "");
  (void)root.RequiredString("name");
  (void)root.Duration("interval");
  (void)root.Int("limit", 0);
  for (Object& item : root.List("items")) {
    (void)item.String("id");
    item.Finish(style);
  }
  root.Finish(style);
  return Render(sink);
}

TEST_CASE("schema: the caller names the check ids") {
  const SchemaIds area = SchemaIds::ForArea("rules");
  CHECK(area.unknown_field == "rules/unknown-field");
  CHECK(area.type == "rules/type");
  CHECK(area.value == "rules/value");
  CHECK(area.required == "rules/required");
  const SchemaIds single = SchemaIds::Single("cardinality/limits-file");
  CHECK(single.unknown_field == "cardinality/limits-file");
  CHECK(single.type == "cardinality/limits-file");
  CHECK(single.value == "cardinality/limits-file");
  CHECK(single.required == "cardinality/limits-file");
}

TEST_CASE("schema: findings carry the caller's ids, the field path and the position") {
  struct Case {
    std::string_view name, input, want;
  };
  const Case cases[] = {
      {"valid", "name: a\ninterval: 1m\nlimit: 3\nitems: [{id: x}]\n", ""},
      {"required", "interval: 1m\n",
       "1:1 x/required: name: \"name\" is required and must not be empty\n"},
      {"type", "name: a\nlimit: [1]\n", "2:8 x/type: limit: expected a single value, got a list\n"},
      {"value", "name: a\ninterval: 1.5m\n",
       "2:11 x/value: interval: invalid duration \"1.5m\": use an integer and a unit, e.g. 10s, "
       "1m30s, 500ms (units: ms, s, m, h, d, w, y)\n"},
      {"range", "name: a\nlimit: -1\n", "2:8 x/value: limit: must be at least 0, got -1\n"},
      {"item not a mapping", "name: a\nitems: [x]\n",
       "2:9 x/type: items[0]: expected a mapping of fields, got a scalar\n"},
      {"unknown field, suggested", "name: a\nintervall: 1m\n",
       "2:1 x/unknown-field: unknown field \"intervall\" at the top level; did you mean "
       "\"interval\"?\n"},
      {"unknown field in an item", "name: a\nitems:\n  - idd: x\n",
       "3:5 x/unknown-field: unknown field \"idd\" in items[0]; did you mean \"id\"?\n"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(Read(c.input, SchemaIds::ForArea("x")) == c.want);
  }
}

TEST_CASE("schema: Finish can list the known fields instead of suggesting one") {
  CHECK(Read("name: a\ncolour: red\n", SchemaIds::Single("f/file"), Object::Unknown::kListKnown) ==
        "2:1 f/file: unknown field \"colour\" (known: name, interval, limit, items)\n");
  CHECK(Read("name: a\nitems:\n  - key: x\n", SchemaIds::Single("f/file"),
             Object::Unknown::kListKnown) ==
        "3:5 f/file: unknown field \"key\" in items[0] (known: id)\n");
}

}  // namespace
}  // namespace ttam::yaml

namespace ttam::yaml {

TEST_CASE("schema: a second Finish reports what the first did") {
  for (std::string_view text : {"name: x\nlimit: 3\n", "name: x\nlimt: 3\n"}) {
    CAPTURE(std::string(text));
    diag::CollectingSink sink;
    auto doc = Parse("s.yml", std::string(text), sink);
    REQUIRE(doc != nullptr);
    const SchemaIds ids = SchemaIds::ForArea("rules");
    Context ctx(*doc, sink, ids);
    Object root(ctx, &doc->root, "");
    (void)root.String("name");
    (void)root.Int("limit", 0);
    root.Finish();
    std::string first = Render(sink);
    (void)root.String("name");  // read after Finish: still known
    root.Finish();
    std::string both = Render(sink);
    CHECK(both == first + first);
  }
}

}  // namespace ttam::yaml
