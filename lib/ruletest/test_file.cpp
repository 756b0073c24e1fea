// Strict reading of promtool's unit-test file (yaml.UnmarshalStrict into
// main.unitTestFile): unknown fields and wrong types are collected as
// go-yaml's `line N: ...` errors and reported together.

#include "ruletest/test_file.h"

#include <cmath>
#include <cstdio>
#include <set>
#include <string_view>

#include "diag/diagnostic.h"
#include "eval/promqltest.h"
#include "ruletest/start_time.h"
#include "support/number.h"
#include "support/text.h"
#include "yaml/document.h"

namespace ttam::ruletest {
namespace {

Mark MarkOf(const yaml::Node& node) {
  return Mark{static_cast<int>(node.mark.line), static_cast<int>(node.mark.column)};
}

// go-yaml's resolved tag of a scalar: plain ints, floats and booleans are
// not strings.
std::string PlainScalarTag(const yaml::Node& node) {
  if (node.style != yaml::ScalarStyle::kPlain) return "!!str";
  std::string_view s = node.scalar;
  static const std::set<std::string, std::less<>> kBools = {
      "y",    "Y",    "yes",   "Yes",   "YES",   "n",  "N",  "no", "No",  "NO",  "true",
      "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF"};
  if (kBools.contains(s)) return "!!bool";
  if (s == "~" || s == "null" || s == "Null" || s == "NULL") return "!!null";
  size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  bool digits = i < s.size();
  for (size_t k = i; k < s.size(); ++k)
    if (!(s[k] >= '0' && s[k] <= '9') && s[k] != '_') digits = false;
  if (digits) return "!!int";
  double v = 0;
  if (ParseFloat(s, &v) || s == ".inf" || s == "-.inf" || s == ".nan") return "!!float";
  return "!!str";
}

// go-yaml's tag name of a node, for `cannot unmarshal !!map into string`.
std::string TagOf(const yaml::Node& node) {
  switch (node.kind) {
    case yaml::Kind::kNull:
      return "!!null";
    case yaml::Kind::kScalar:
      return PlainScalarTag(node);
    case yaml::Kind::kSequence:
      return "!!seq";
    case yaml::Kind::kMap:
      return "!!map";
  }
  return "!!str";
}

class Reader {
 public:
  std::vector<std::string> errors;  // go-yaml's `line N: ...` items
  Mark first_error_mark;            // where the first of them is
  std::optional<std::string> fatal;
  Mark fatal_mark;

  // go-yaml's `line N: <text>` for `node`.
  void AddError(const yaml::Node& node, const std::string& text) {
    if (errors.empty()) first_error_mark = MarkOf(node);
    errors.push_back("line " + std::to_string(node.mark.line) + ": " + text);
  }
  void Unknown(const yaml::Node& key, std::string_view type) {
    AddError(key,
             "field " + std::string(key.scalar) + " not found in type main." + std::string(type));
  }
  void TypeError(const yaml::Node& node, std::string_view into) {
    std::string value = node.IsScalar() ? " `" + std::string(node.scalar) + "`" : "";
    AddError(node, "cannot unmarshal " + TagOf(node) + value + " into " + std::string(into));
  }
  // A non-yaml error that stops reading (a duration, a timestamp).
  void Fatal(const yaml::Node& node, std::string text) {
    if (!fatal) {
      fatal = std::move(text);
      fatal_mark = MarkOf(node);
    }
  }

  std::string String(const yaml::Node& node) {
    if (node.IsNull()) return "";
    if (!node.IsScalar()) {
      TypeError(node, "string");
      return "";
    }
    return std::string(node.scalar);
  }

  int64_t Duration(const yaml::Node& node) {
    if (node.IsNull()) return 0;
    std::string text = String(node);
    std::optional<int64_t> ms = eval::promqltest::ParseTestDuration(text);
    if (!ms) {
      Fatal(node, "not a valid duration string: \"" + text + "\"");
      return 0;
    }
    return *ms;
  }

  bool Bool(const yaml::Node& node) {
    if (node.IsNull()) return false;
    if (node.IsScalar() && node.style == yaml::ScalarStyle::kPlain) {
      static const std::set<std::string, std::less<>> kTrue = {
          "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"};
      static const std::set<std::string, std::less<>> kFalse = {
          "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"};
      if (kTrue.contains(node.scalar)) return true;
      if (kFalse.contains(node.scalar)) return false;
    }
    TypeError(node, "bool");
    return false;
  }

  double Float(const yaml::Node& node) {
    if (node.IsNull()) return 0;
    if (node.IsScalar() && node.style == yaml::ScalarStyle::kPlain) {
      std::string_view s = node.scalar;
      if (s == ".nan" || s == ".NaN" || s == ".NAN") return std::nan("");
      if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf" || s == "+.Inf" || s == "+.INF")
        return INFINITY;
      if (s == "-.inf" || s == "-.Inf" || s == "-.INF") return -INFINITY;
      double v = 0;
      std::string cleaned;
      for (char c : s)
        if (c != '_') cleaned += c;
      bool special = cleaned.find_first_of("nNiI") != std::string::npos;
      if (!special && ParseFloat(cleaned, &v)) return v;
    }
    TypeError(node, "float64");
    return 0;
  }

  StringMap Map(const yaml::Node& node) {
    StringMap out;
    if (node.IsNull()) return out;
    if (!node.IsMap()) {
      TypeError(node, "map[string]string");
      return out;
    }
    std::set<std::string> seen;
    for (const yaml::Entry& e : node.entries) {
      if (!seen.emplace(e.key.scalar).second) {
        AddError(e.key, "key " + GoQuote(e.key.scalar) + " already set in map");
        continue;
      }
      out.emplace_back(e.key.scalar, String(e.value));
    }
    return out;
  }

  std::vector<std::string> Strings(const yaml::Node& node) {
    std::vector<std::string> out;
    if (node.IsNull()) return out;
    if (!node.IsSequence()) {
      TypeError(node, "[]string");
      return out;
    }
    for (const yaml::Node& item : node.items) out.push_back(String(item));
    return out;
  }

  // Calls `field(key, value)` for each entry of a map of Go type `type`;
  // `field` returns false for an unknown key.
  template <class F>
  bool Struct(const yaml::Node& node, std::string_view type, F field) {
    if (node.IsNull()) return true;
    if (!node.IsMap()) {
      TypeError(node, "main." + std::string(type));
      return false;
    }
    std::set<std::string> seen;
    for (const yaml::Entry& e : node.entries) {
      if (!seen.emplace(e.key.scalar).second) {
        AddError(e.key, "field " + std::string(e.key.scalar) + " already set in type main." +
                            std::string(type));
        continue;
      }
      if (!field(std::string(e.key.scalar), e.value)) Unknown(e.key, type);
    }
    return true;
  }

  template <class T, class F>
  std::vector<T> List(const yaml::Node& node, std::string_view type, F item) {
    std::vector<T> out;
    if (node.IsNull()) return out;
    if (!node.IsSequence()) {
      TypeError(node, "[]main." + std::string(type));
      return out;
    }
    for (const yaml::Node& n : node.items) {
      T value;
      value.mark = MarkOf(n);
      Struct(n, type,
             [&](const std::string& key, const yaml::Node& v) { return item(value, key, v); });
      out.push_back(std::move(value));
    }
    return out;
  }

  TestGroup Group(const yaml::Node& node) {
    TestGroup g;
    g.mark = MarkOf(node);
    Struct(node, "testGroup", [&](const std::string& key, const yaml::Node& v) {
      if (key == "interval") {
        g.interval_ms = Duration(v);
      } else if (key == "input_series") {
        g.input_series = List<InputSeries>(
            v, "series", [&](InputSeries& s, const std::string& k, const yaml::Node& x) {
              if (k == "series") {
                s.series = String(x);
              } else if (k == "values") {
                s.values = String(x);
              } else {
                return false;
              }
              return true;
            });
      } else if (key == "alert_rule_test") {
        g.alert_tests = List<AlertTest>(
            v, "alertTestCase", [&](AlertTest& t, const std::string& k, const yaml::Node& x) {
              if (k == "eval_time") {
                t.eval_time_ms = Duration(x);
              } else if (k == "alertname") {
                t.alertname = String(x);
              } else if (k == "exp_alerts") {
                t.exp_alerts = List<ExpAlert>(
                    x, "alert", [&](ExpAlert& a, const std::string& k2, const yaml::Node& y) {
                      if (k2 == "exp_labels") {
                        a.labels = Map(y);
                      } else if (k2 == "exp_annotations") {
                        a.annotations = Map(y);
                      } else {
                        return false;
                      }
                      return true;
                    });
              } else {
                return false;
              }
              return true;
            });
      } else if (key == "promql_expr_test") {
        g.expr_tests = List<ExprTest>(
            v, "promqlTestCase", [&](ExprTest& t, const std::string& k, const yaml::Node& x) {
              if (k == "expr") {
                t.expr = String(x);
              } else if (k == "eval_time") {
                t.eval_time_ms = Duration(x);
              } else if (k == "exp_samples") {
                t.exp_samples = List<ExpSample>(
                    x, "sample", [&](ExpSample& s, const std::string& k2, const yaml::Node& y) {
                      if (k2 == "labels") {
                        s.labels = String(y);
                      } else if (k2 == "value") {
                        s.value = Float(y);
                      } else if (k2 == "histogram") {
                        s.histogram = String(y);
                      } else {
                        return false;
                      }
                      return true;
                    });
              } else {
                return false;
              }
              return true;
            });
      } else if (key == "external_labels") {
        g.external_labels = Map(v);
      } else if (key == "external_url") {
        g.external_url = String(v);
      } else if (key == "name") {
        g.name = String(v);
      } else if (key == "start_timestamp") {
        if (!v.IsNull()) {
          Result<int64_t> ms = ParseStartTimestamp(String(v));
          if (ms) {
            g.start_ms = *ms;
          } else {
            Fatal(v, ms.error().message);
          }
        }
      } else {
        return false;
      }
      return true;
    });
    return g;
  }
};

}  // namespace

std::variant<TestFile, FileError> ParseTestFile(const std::string& path, const std::string& text) {
  diag::CollectingSink sink;
  std::unique_ptr<yaml::Document> doc = yaml::Parse(path, text, sink);
  for (const diag::Diagnostic& d : sink.diagnostics) {
    // Duplicate keys are go-yaml's unmarshal errors, reported while reading.
    if (d.severity != diag::Severity::kError || d.check == "yaml/duplicate-key") continue;
    return FileError{"yaml: line " + std::to_string(d.line) + ": " + d.message,
                     Mark{static_cast<int>(d.line), static_cast<int>(d.column)}};
  }
  TestFile file;
  if (doc == nullptr || doc->empty) return file;
  Reader r;
  r.Struct(doc->root, "unitTestFile", [&](const std::string& key, const yaml::Node& v) {
    if (key == "rule_files") {
      file.rule_files = r.Strings(v);
    } else if (key == "evaluation_interval") {
      file.evaluation_interval_ms = r.Duration(v);
    } else if (key == "group_eval_order") {
      file.group_eval_order = r.Strings(v);
    } else if (key == "fuzzy_compare") {
      file.fuzzy_compare = r.Bool(v);
    } else if (key == "tests") {
      if (v.IsNull()) return true;
      if (!v.IsSequence()) {
        r.TypeError(v, "[]main.testGroup");
        return true;
      }
      for (const yaml::Node& item : v.items) file.tests.push_back(r.Group(item));
    } else {
      return false;
    }
    return true;
  });
  if (r.fatal) return FileError{*r.fatal, r.fatal_mark};
  if (!r.errors.empty()) {
    std::string text_out = "yaml: unmarshal errors:";
    for (const std::string& e : r.errors) text_out += "\n  " + e;
    return FileError{text_out, r.first_error_mark};
  }
  if (file.evaluation_interval_ms == 0) file.evaluation_interval_ms = 60'000;
  std::set<std::string> seen;
  for (const std::string& name : file.group_eval_order) {
    if (!seen.insert(name).second)
      return FileError{"group name repeated in evaluation order: " + name, Mark{}};
  }
  return file;
}

}  // namespace ttam::ruletest
