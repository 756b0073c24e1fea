// Relabel rules: each action's required and forbidden fields, target_label
// validity per validation scheme, RE2 regexes, and applying rules.
#include "config/relabel.h"

#include <doctest/doctest.h>
#include <re2/re2.h>

#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include "config/config.h"
#include "support/memory_fs.h"

using ttam::config::Load;
using ttam::config::RegexError;
using ttam::config::RelabelConfig;
using ttam::config::Relabeler;
using ttam::testing::MemoryFileSystem;
using ttam::testing::Render;

namespace {

struct RelabelCase {
  std::string_view name;
  bool legacy;  // global metric_name_validation_scheme: legacy
  std::string_view rules, want;
};

// clang-format off
const RelabelCase kRelabelCases[] = {
    {"replace needs target_label", false,
     R"x(- source_labels: [a]
)x",
     R"x(4:9: error: scrape_configs[0].relabel_configs[0]: the replace action requires target_label: name the label it writes [config/required])x"},
    {"replace with a $ template target", false,
     R"x(- source_labels: [a]
  regex: (.*)
  target_label: x_$1
)x",
     ""},
    {"replace target_label invalid under legacy", true,
     R"x(- source_labels: [a]
  target_label: "a.b"
)x",
     R"x(7:23: error: scrape_configs[0].relabel_configs[0].target_label: "a.b" is not a valid target_label for the replace action: with metric_name_validation_scheme: legacy it must match [a-zA-Z_][a-zA-Z0-9_]* (where the action allows it, with $1 or ${name} references) [config/value])x"},
    {"replace target_label utf8 allows dots", false,
     R"x(- source_labels: [a]
  target_label: "a.b"
)x",
     ""},
    {"replace target template invalid under legacy", true,
     R"x(- source_labels: [a]
  target_label: "1$1"
)x",
     R"x(7:23: error: scrape_configs[0].relabel_configs[0].target_label: "1$1" is not a valid target_label for the replace action: with metric_name_validation_scheme: legacy it must match [a-zA-Z_][a-zA-Z0-9_]* (where the action allows it, with $1 or ${name} references) [config/value])x"},
    {"keep and drop with regexes", false,
     R"x(- source_labels: [__name__]
  regex: "go_.*"
  action: keep
- source_labels: [__name__]
  regex: "go_gc_.*"
  action: DROP
)x",
     ""},
    {"unknown action", false,
     R"x(- action: delete
)x",
     R"x(4:17: error: scrape_configs[0].relabel_configs[0].action: unknown relabel action "delete"; use one of replace, keep, drop, keepequal, dropequal, hashmod, labelmap, labeldrop, labelkeep, lowercase, uppercase [config/value])x"},
    {"invalid regex", false,
     R"x(- source_labels: [a]
  regex: "("
  action: keep
)x",
     R"x(5:16: error: scrape_configs[0].relabel_configs[0].regex: invalid regex "(": missing closing ) [config/regex])x"},
    {"invalid escape in regex", false,
     R"x(- source_labels: [a]
  regex: 'a\q'
  action: keep
)x",
     R"x(5:16: error: scrape_configs[0].relabel_configs[0].regex: invalid regex "a\\q": invalid escape sequence: `\q` [config/regex])x"},
    {"named groups in Go's newer syntax", false,
     R"x(- source_labels: [a]
  regex: "(?<host>[^:]+):.*"
  target_label: host
  replacement: "${host}"
)x",
     ""},
    {"lookahead is not RE2", false,
     R"x(- source_labels: [a]
  regex: "a(?=b)"
  action: drop
)x",
     R"x(5:16: error: scrape_configs[0].relabel_configs[0].regex: invalid regex "a(?=b)": invalid or unsupported Perl syntax: `(?=` [config/regex])x"},
    {"hashmod needs modulus", false,
     R"x(- source_labels: [a]
  target_label: h
  action: hashmod
)x",
     R"x(4:9: error: scrape_configs[0].relabel_configs[0]: the hashmod action requires a non-zero modulus: add e.g. `modulus: 8` [config/required])x"},
    {"hashmod target_label under utf8 is any UTF-8", false,
     R"x(- source_labels: [a]
  target_label: h$1
  modulus: 4
  action: hashmod
)x",
     ""},
    {"keepequal takes only source_labels and target_label", false,
     R"x(- source_labels: [a]
  target_label: b
  separator: ","
  action: keepequal
)x",
     R"x(6:20: error: scrape_configs[0].relabel_configs[0].separator: the keepequal action takes only source_labels and target_label: remove separator [config/conflict])x"},
    {"dropequal is fine with source_labels and target_label", false,
     R"x(- source_labels: [a]
  target_label: b
  action: dropequal
)x",
     ""},
    {"labelmap replacement must name a label", true,
     R"x(- regex: "__meta_kubernetes_pod_label_(.+)"
  replacement: "k8s-$1"
  action: labelmap
)x",
     R"x(7:22: error: scrape_configs[0].relabel_configs[0].replacement: "k8s-$1" is not a valid replacement for the labelmap action: it names the new label; with metric_name_validation_scheme: legacy it must match [a-zA-Z_][a-zA-Z0-9_]* (where the action allows it, with $1 or ${name} references) [config/value])x"},
    {"labelmap with a valid template", true,
     R"x(- regex: "__meta_kubernetes_pod_label_(.+)"
  replacement: "k8s_$1"
  action: labelmap
)x",
     ""},
    {"labeldrop with only regex", false,
     R"x(- regex: "tmp_.*"
  action: labeldrop
)x",
     ""},
    {"lowercase with target_label", false,
     R"x(- source_labels: [a]
  target_label: a
  action: lowercase
)x",
     ""},
    {"source_labels must be label names", false,
     R"x(- source_labels: a
  action: drop
)x",
     R"x(4:24: error: scrape_configs[0].relabel_configs[0].source_labels: expected a list of label names, e.g. [__name__], got a scalar [config/type])x"},
    {"unknown field in a rule", false,
     R"x(- source_label: [a]
  action: drop
)x",
     R"x(4:9: error: unknown field "source_label" in scrape_configs[0].relabel_configs[0]; did you mean "source_labels"? [config/unknown-field])x"},
};
// clang-format on

/// The rules as the relabel_configs of job "j" (rules start on line 4, or 6
/// under legacy validation).
std::string Config(const RelabelCase& c) {
  std::string out = c.legacy ? "global:\n  metric_name_validation_scheme: legacy\n" : "";
  out += "scrape_configs:\n  - job_name: j\n    relabel_configs:\n";
  std::istringstream lines{std::string(c.rules)};
  for (std::string line; std::getline(lines, line);) out += "      " + line + "\n";
  return out;
}

RelabelConfig Rule(std::string action, std::vector<std::string> source, std::string regex,
                   std::string target = "", std::string replacement = "$1") {
  RelabelConfig r;
  r.action = std::move(action);
  r.source_labels = std::move(source);
  r.regex = std::move(regex);
  r.target_label = std::move(target);
  r.replacement = std::move(replacement);
  return r;
}

}  // namespace

TEST_CASE("relabel: each action's rules, as Prometheus validates them") {
  for (const RelabelCase& c : kRelabelCases) {
    CAPTURE(c.name);
    MemoryFileSystem fs;
    ttam::diag::CollectingSink sink;
    auto loaded = Load("/etc/prometheus/prometheus.yml", Config(c), sink, fs);
    CHECK(Render(sink.diagnostics) == c.want);
    CHECK(loaded.valid == c.want.empty());
  }
}

TEST_CASE("relabel: regexes compile as Prometheus anchors them") {
  CHECK_FALSE(RegexError("(.*)some-[regex]"));
  CHECK_FALSE(RegexError(""));
  // Anchoring makes "a|b" mean "^(?:a|b)$", and (?s) lets . match newlines.
  CHECK_FALSE(RegexError("a|b"));
  CHECK(RegexError("(") == std::optional<std::string>("missing closing )"));
  CHECK(RegexError("[a") == std::optional<std::string>("missing closing ]"));
  CHECK(RegexError("a)") == std::optional<std::string>("unexpected )"));
  CHECK(RegexError("x{1001}") == std::optional<std::string>("invalid repeat count: `{1001}`"));
  // Verdicts are remembered per regex: asking again gives the same answer.
  CHECK(RegexError("(") == std::optional<std::string>("missing closing )"));
  CHECK_FALSE(RegexError("a|b"));
}

TEST_CASE("relabel: CompiledRegex shares one program per regex while it is held") {
  std::shared_ptr<const re2::RE2> a = ttam::config::CompiledRegex("foo.*");
  std::shared_ptr<const re2::RE2> b = ttam::config::CompiledRegex("foo.*");
  REQUIRE(a != nullptr);
  CHECK(a.get() == b.get());
  CHECK(a->ok());
  CHECK(RE2::FullMatch("foobar", *a));
  CHECK_FALSE(RE2::FullMatch("xfoo", *a));  // anchored as Prometheus anchors it
  CHECK(ttam::config::CompiledRegex("foo.+").get() != a.get());
  std::shared_ptr<const re2::RE2> bad = ttam::config::CompiledRegex("(");
  REQUIRE(bad != nullptr);
  CHECK_FALSE(bad->ok());
  // Released by every holder, it is compiled anew (and still works).
  a.reset();
  b.reset();
  std::shared_ptr<const re2::RE2> c = ttam::config::CompiledRegex("foo.*");
  REQUIRE(c != nullptr);
  CHECK(RE2::FullMatch("foo", *c));
}

TEST_CASE("relabel: applying rules") {
  std::vector<RelabelConfig> rules = {
      Rule("replace", {"__address__"}, "([^:]+):.*", "host", "${1}"),
      Rule("lowercase", {"env"}, "(.*)", "env"),
      Rule("labelmap", {}, "__meta_(.+)", "", "m_$1"),
      Rule("labeldrop", {}, "__meta_.*"),
      Rule("replace", {"missing"}, "(.*)", "empty", "$1"),
  };
  Relabeler relabeler(rules);
  std::map<std::string, std::string> labels = {
      {"__address__", "node1:9100"}, {"env", "PROD"}, {"__meta_zone", "a"}};
  REQUIRE(relabeler.Apply(&labels));
  CHECK(labels ==
        std::map<std::string, std::string>{
            {"__address__", "node1:9100"}, {"env", "prod"}, {"host", "node1"}, {"m_zone", "a"}});

  Relabeler keep({Rule("keep", {"env"}, "prod|staging")});
  std::map<std::string, std::string> dev = {{"env", "dev"}};
  CHECK_FALSE(keep.Apply(&dev));
  std::map<std::string, std::string> prod = {{"env", "prod"}};
  CHECK(keep.Apply(&prod));

  // hashmod uses the last 8 bytes of the md5 sum, as Prometheus does: every
  // value lands in [0, modulus) and the same value always lands alike.
  RelabelConfig hash = Rule("hashmod", {"a"}, "(.*)", "h");
  hash.modulus = 1000;
  Relabeler hasher({hash});
  std::map<std::string, std::string> one = {{"a", "x"}};
  std::map<std::string, std::string> two = {{"a", "x"}};
  hasher.Apply(&one);
  hasher.Apply(&two);
  CHECK(one["h"] == two["h"]);
  CHECK(std::stoul(one["h"]) < 1000);
}
