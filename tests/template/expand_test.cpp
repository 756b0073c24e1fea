// Unit tests of the alert template executor (template/expand.h): each case is
// an annotation template, the alert's $value, and the expansion, or `ERR: `
// and Prometheus's error text. The data is fixed: labels instance and job,
// external label cluster, external URL http://example.com/prom/, evaluation
// at 60s, and a `query` stub that knows `m` (two samples) and `nothing`.
// Expectations follow Go's text/template and fmt and Prometheus 3.x's
// template package; tests/promtool_diff/template_exec_test.cpp checks the
// same kinds of cases against promtool.
#include "template/expand.h"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "template/parser.h"
#include "template/template_check.h"
#include "template/tree.h"

namespace ttam::tmpl {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

Result<std::vector<QuerySample>> Query(const std::string& expr) {
  if (expr == "m") {
    return std::vector<QuerySample>{
        {{{"__name__", "m"}, {"instance", "b:1"}, {"job", "y"}}, 2},
        {{{"__name__", "m"}, {"instance", "a:1"}, {"job", "x"}}, 1.5},
    };
  }
  if (expr == "nothing") return std::vector<QuerySample>{};
  return Error{"parse error: unexpected end of input"};
}

std::string Expand(std::string_view text, double value, bool with_url = false) {
  AlertData data;
  data.labels = {{"instance", "host1.example.com:9090"}, {"job", "node"}};
  data.external_labels = {{"cluster", "c1"}};
  data.external_url = "http://example.com/prom/";
  data.value = value;
  ExpandOptions options;
  options.name = "__alert_A";
  options.eval_time_ms = 60000;
  options.query = Query;
  if (with_url) options.function_external_url = "http://example.com/prom/";
  Result<std::string> r = ExpandAlertTemplate(text, data, options);
  return r.ok() ? r.value() : "ERR: " + r.error().message;
}

struct ExpandCase {
  std::string_view name;
  std::string_view text;
  double value;
  std::string_view want;
};

const ExpandCase kExpandCases[] = {
    // Values as Go's %v prints a float64.
    {"value big", "{{ $value }}", 1234567, "1.234567e+06"},
    {"value below 1e6", "{{ $value }}", 999999, "999999"},
    {"value fraction", "{{ .Value }}", 123456.7, "123456.7"},
    {"value small", "{{ $value }}", 0.0001, "0.0001"},
    {"value tiny", "{{ $value }}", 1e-05, "1e-05"},
    {"value sum", "{{ $value }}", 0.1 + 0.2, "0.30000000000000004"},
    {"value NaN", "{{ $value }}", kNaN, "NaN"},
    {"value +Inf", "{{ $value }}", kInf, "+Inf"},
    {"value -Inf", "{{ $value }}", -kInf, "-Inf"},
    {"value 1e21", "{{ $value }}", 1e21, "1e+21"},
    // Labels and missing keys (missingkey=zero).
    {"labels", "{{ $labels.instance }} {{ .Labels.job }}", 1, "host1.example.com:9090 node"},
    {"missing label", "[{{ $labels.missing }}]", 1, "[]"},
    {"index label", "{{ index $labels \"job\" }}|{{ index $labels \"x\" }}|", 1, "node||"},
    {"external", "{{ $externalLabels.cluster }} {{ $externalURL }}", 1,
     "c1 http://example.com/prom/"},
    {"print map", "{{ $labels }}", 1, "map[instance:host1.example.com:9090 job:node]"},
    {"len", "{{ len $labels }} {{ len \"abc\" }}", 1, "2 3"},
    // Control structures and variables.
    {"if float", "{{ if gt $value 10.0 }}page{{ else }}ticket{{ end }}", 15, "page"},
    {"else if", "{{ if lt $value 1.0 }}a{{ else if lt $value 5.0 }}b{{ else }}c{{ end }}", 3, "b"},
    {"with else", "{{ with $labels.none }}x{{ else }}none{{ end }}", 1, "none"},
    {"else with", "{{ with $labels.none }}a{{ else with $labels.job }}b={{ . }}{{ end }}", 1,
     "b=node"},
    {"with declaration", "{{ with $j := $labels.job }}{{ $j }}/{{ . }}{{ end }}", 1, "node/node"},
    {"with dot", "{{ with $labels.job }}<{{ . }}>{{ end }}", 1, "<node>"},
    {"range map sorted", "{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}", 1,
     "instance=host1.example.com:9090;job=node;"},
    {"range break",
     "{{ range $i, $s := query \"m\" }}{{ if $i }}{{ break }}{{ end }}{{ $i }}{{ end }}", 1, "0"},
    {"range continue",
     "{{ range $i, $s := query \"m\" }}{{ if eq $i 0 }}{{ continue }}{{ end }}{{ $i }}{{ end }}", 1,
     "1"},
    {"range else", "{{ range query \"nothing\" }}x{{ else }}empty{{ end }}", 1, "empty"},
    {"range int", "{{ range 3 }}{{ . }}{{ end }}", 1, "012"},
    {"assign", "{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}", 1, "2"},
    {"scope", "{{ if true }}{{ $y := 3 }}{{ end }}{{ $value }}", 1, "1"},
    {"define template", "{{ define \"t\" }}[{{ . }}]{{ end }}{{ template \"t\" $labels.job }}", 1,
     "[node]"},
    {"block", "{{ block \"b\" 2 }}<{{ . }}>{{ end }}", 1, "<2>"},
    {"trim", "a  {{- 1 -}}  b", 1, "a1b"},
    {"comment", "x{{/* c */}}y", 1, "xy"},
    // printf and friends.
    {"printf f", "{{ printf \"%.2f\" $value }}", 12, "12.00"},
    {"printf mixed", "{{ printf \"%5.1f|%-4s|%03d|%q|%x\" 3.14159 \"a\" 7 \"q\" 255 }}", 1,
     "  3.1|a   |007|\"q\"|ff"},
    {"printf e g", "{{ printf \"%e %g %G %.3g\" 1234567.0 1e-7 1e21 1234.5 }}", 1,
     "1.234567e+06 1e-07 1E+21 1.23e+03"},
    {"printf bad verbs", "{{ printf \"%d %s %d\" 1.5 2 }}", 1,
     "%!d(float64=1.5) %!s(int=2) %!d(MISSING)"},
    {"printf extra", "{{ printf \"x\" 1 \"a\" }}", 1, "x%!(EXTRA int=1, string=a)"},
    {"printf nil", "{{ printf \"%v %s\" nil nil }}", 1, "<nil> %!s(<nil>)"},
    {"printf inf", "{{ printf \"%.1f %5.1f\" $value $value }}", kInf, "+Inf  +Inf"},
    {"print spacing", "{{ print 1 2 \"a\" 3 nil }}", 1, "1 2a3 <nil>"},
    {"println", "{{ println \"a\" 1 }}", 1, "a 1\n"},
    {"pipeline final arg", "{{ \"a\" | printf \"%s-%s\" \"b\" }}", 1, "b-a"},
    {"literals", "{{ 3 }} {{ 1.5 }} {{ 0x10 }} {{ 1e3 }} {{ 'x' }} {{ true }}", 1,
     "3 1.5 16 1000 120 true"},
    // Logic and comparisons.
    {"and or", "{{ and 1 0 2 }}|{{ or 0 \"\" \"x\" }}|{{ not 0 }}", 1, "0|x|true"},
    {"eq many", "{{ eq 1 2 3 1 }} {{ ne \"a\" \"b\" }} {{ le 2.5 2.5 }} {{ ge \"b\" \"a\" }}", 1,
     "true true true true"},
    {"and short-circuits", "{{ and false (index nil 1) }}", 1, "false"},
    // Prometheus functions.
    {"humanize", "{{ humanize $value }}", 1234567, "1.235M"},
    {"humanize small", "{{ humanize $value }}", 1.2345e-5, "12.35u"},
    {"humanize 1e21", "{{ humanize $value }}", 1e21, "1Z"},
    {"humanize zero nan", "{{ humanize 0 }} {{ humanize $value }}", kNaN, "0 NaN"},
    {"humanize string", "{{ humanize \"2048\" }}", 1, "2.048k"},
    {"humanize1024", "{{ humanize1024 $value }}", 1048576, "1Mi"},
    {"humanizeDuration", "{{ humanizeDuration $value }}", 1234567, "14d 6h 56m 7s"},
    {"humanizeDuration small", "{{ humanizeDuration $value }}", 1.2345e-5, "12.35us"},
    {"humanizeDuration zero", "{{ humanizeDuration 0 }} {{ humanizeDuration 1.5 }}", 1, "0s 1.5s"},
    {"humanizeDuration negative", "{{ humanizeDuration -90 }}", 1, "-1m 30s"},
    {"humanizePercentage", "{{ humanizePercentage $value }}", 0.1234, "12.34%"},
    {"humanizeTimestamp", "{{ humanizeTimestamp $value }}", 1234567,
     "1970-01-15 06:56:07 +0000 UTC"},
    {"humanizeTimestamp ms", "{{ humanizeTimestamp 1.5 }}", 1, "1970-01-01 00:00:01.5 +0000 UTC"},
    {"toTime", "{{ toTime 86400 }}|{{ (toTime 86400).Unix }}", 1,
     "1970-01-02 00:00:00 +0000 UTC|86400"},
    {"toDuration", "{{ toDuration 5400 }}|{{ toDuration 0.0015 }}|{{ (toDuration 90).Seconds }}", 1,
     "1h30m0s|1.5ms|90"},
    {"now", "{{ now }}", 1, "60"},
    {"parseDuration", "{{ parseDuration \"1h30m\" }} {{ parseDuration \"-5m\" }}", 1, "5400 -300"},
    {"urlQueryEscape", "{{ urlQueryEscape \"a b&c\" }}", 1, "a+b%26c"},
    {"graphLink", "{{ graphLink \"up == 0\" }}", 1, "/graph?g0.expr=up+%3D%3D+0&g0.tab=0"},
    {"tableLink", "{{ tableLink \"up\" }}", 1, "/graph?g0.expr=up&g0.tab=1"},
    {"reReplaceAll", "{{ reReplaceAll \"(.*):.*\" \"$1\" $labels.instance }}", 1,
     "host1.example.com"},
    {"reReplaceAll empty matches", "{{ reReplaceAll \"x*\" \"-\" \"abc\" }}", 1, "-a-b-c-"},
    {"reReplaceAll named", "{{ reReplaceAll \"(?P<h>[a-z]+)\\\\.\" \"${h}_\" \"a.b.c\" }}", 1,
     "a_b_c"},
    {"match", "{{ match \"^host\" $labels.instance }} {{ match \"x\" \"y\" }}", 1, "true false"},
    {"title words", "{{ title \"o'neil a.b x-y 1st foo_bar\" }}", 1, "O'neil A.b X-Y 1st Foo_bar"},
    {"title upper lower", "{{ title \"hello world\" }} {{ toUpper \"aB\" }} {{ toLower \"aB\" }}",
     1, "Hello World AB ab"},
    // Unicode simple case mappings, as promtool 2.42 printed them (Go's
    // unicode package): no upper form for ΐ and ﬀ, µ -> Μ, ſ -> S, ı -> I,
    // İ -> i, the Kelvin and Ångström signs -> k, å; a byte that is not UTF-8
    // -> U+FFFD.
    {"toUpper unicode", "{{ toUpper \"café straße ǆ ǅ ΐ ﬀ µ ſ İ ı K Å\" }}", 1,
     "CAFÉ STRAßE Ǆ Ǆ ΐ ﬀ Μ S İ I K Å"},
    {"toLower unicode", "{{ toLower \"CAFÉ STRAßE Ǆ ǅ ẞ K Å İ Σ\" }}", 1,
     "café straße ǆ ǆ ß k å i σ"},
    {"toUpper invalid UTF-8", "{{ toUpper \"a\\xffb\" }}", 1,
     "A\xef\xbf\xbd"
     "B"},
    {"title unicode", "{{ title \"élan vital ǆx o'neil\" }}", 1, "Élan Vital ǅx O'neil"},
    {"stripPort",
     "{{ stripPort $labels.instance }} {{ stripPort \"[::1]:80\" }} {{ stripPort \"x\" }}", 1,
     "host1.example.com ::1 x"},
    {"stripDomain", "{{ stripDomain $labels.instance }} {{ stripDomain \"10.0.0.1:80\" }}", 1,
     "host1:9090 10.0.0.1:80"},
    {"safeHtml html js urlquery",
     "{{ safeHtml \"<b>\" }} {{ html \"<a>\" }} {{ js \"a'b\" }} {{ urlquery \"a b\" }}", 1,
     "<b> &lt;a&gt; a\\'b a+b"},
    {"args", "{{ args 1 \"a\" }} {{ (args 1).arg0 }} {{ (args 1).arg5 }}", 1,
     "map[arg0:1 arg1:a] 1 <no value>"},
    {"query first value", "{{ with query \"m\" }}{{ . | first | value }}{{ end }}", 1, "2"},
    {"query label", "{{ query \"m\" | first | label \"job\" }}", 1, "y"},
    {"sortByLabel", "{{ range query \"m\" | sortByLabel \"job\" }}{{ .Labels.job }}{{ end }}", 1,
     "xy"},
    {"strvalue", "[{{ query \"m\" | first | strvalue }}]", 1, "[]"},
    {"print sample", "{{ query \"m\" | first }}", 1, "{map[__name__:m instance:b:1 job:y] 2}"},
    {"slice", "{{ slice \"abcdef\" 1 3 }} {{ index \"abc\" 1 }}", 1, "bc 98"},
    // Execution errors: Prometheus's text with Go's position (the 112-byte
    // prefix counts) and the failing node.
    {"gt int", "{{ if gt $value 10 }}x{{ end }}", 3,
     "ERR: error executing template __alert_A: template: __alert_A:1:118: executing \"__alert_A\" "
     "at <gt $value 10>: error calling gt: incompatible types for comparison"},
    {"humanizeTimestamp overflow", "{{ $value | humanizeTimestamp }}", 1e300,
     "ERR: error executing template __alert_A: template: __alert_A:1:124: executing \"__alert_A\" "
     "at <humanizeTimestamp>: error calling humanizeTimestamp: 1e+300 cannot be represented as a "
     "nanoseconds timestamp since it overflows int64"},
    {"first empty", "{{ query \"nothing\" | first }}", 1,
     "ERR: error executing template __alert_A: template: __alert_A:1:133: executing \"__alert_A\" "
     "at <first>: error calling first: first() called on vector with no elements"},
    {"query error", "{{ query \"(\" }}", 1,
     "ERR: error executing template __alert_A: template: __alert_A:1:115: executing \"__alert_A\" "
     "at <query \"(\">: error calling query: parse error: unexpected end of input"},
    {"unknown field", "{{ .Foo }}", 1,
     "ERR: error executing template __alert_A: template: __alert_A:1:115: executing \"__alert_A\" "
     "at <.Foo>: can't evaluate field Foo in type struct { Labels map[string]string; "
     "ExternalLabels map[string]string; ExternalURL string; Value interface {} }"},
    {"field of float", "{{ $value.Foo }}", 1,
     "ERR: error executing template __alert_A: template: __alert_A:1:121: executing \"__alert_A\" "
     "at <$value.Foo>: can't evaluate field Foo in type float64"},
    {"wrong arg count", "{{ humanize 1 2 }}", 1,
     "ERR: error executing template __alert_A: template: __alert_A:1:115: executing \"__alert_A\" "
     "at <humanize>: wrong number of args for humanize: want 1 got 2"},
    {"wrong type literal", "{{ toUpper 1 }}", 1,
     "ERR: error executing template __alert_A: template: __alert_A:1:123: executing \"__alert_A\" "
     "at <1>: expected string; found 1"},
    {"wrong type value", "{{ $value | toUpper }}", 1,
     "ERR: error executing template __alert_A: template: __alert_A:1:124: executing \"__alert_A\" "
     "at <toUpper>: wrong type for value; expected string; got float64"},
    {"convert error", "{{ humanize \"abc\" }}", 1,
     "ERR: error executing template __alert_A: template: __alert_A:1:115: executing \"__alert_A\" "
     "at <humanize \"abc\">: error calling humanize: strconv.ParseFloat: parsing \"abc\": invalid "
     "syntax"},
    {"bad regexp", "{{ match \"[\" \"x\" }}", 1,
     "ERR: error executing template __alert_A: template: __alert_A:1:115: executing \"__alert_A\" "
     "at <match \"[\" \"x\">: error calling match: error parsing regexp: missing closing ]: `[`"},
    {"later line", "a\n{{ .Foo }}", 1,
     "ERR: error executing template __alert_A: template: __alert_A:2:3: executing \"__alert_A\" "
     "at <.Foo>: can't evaluate field Foo in type struct { Labels map[string]string; "
     "ExternalLabels map[string]string; ExternalURL string; Value interface {} }"},
    {"nil command", "{{ nil }}", 1,
     "ERR: error executing template __alert_A: template: __alert_A:1:115: executing \"__alert_A\" "
     "at <nil>: nil is not a command"},
    {"pathPrefix without URL", "{{ pathPrefix }}", 1,
     "ERR: error executing template __alert_A: template: __alert_A:1:115: executing \"__alert_A\" "
     "at <pathPrefix>: error calling pathPrefix: runtime error: invalid memory address or nil "
     "pointer dereference"},
    {"undefined template", "{{ template \"nope\" }}", 1,
     "ERR: error executing template __alert_A: template: __alert_A:1:124: executing \"__alert_A\" "
     "at <{{template \"nope\"}}>: template \"nope\" not defined"},
    // Parse errors.
    {"parse error", "x\n{{ nope }}", 1,
     "ERR: error parsing template __alert_A: template: __alert_A:2: function \"nope\" not "
     "defined"},
    {"parse error missing value", "{{ if }}", 1,
     "ERR: error parsing template __alert_A: template: __alert_A:1: missing value for if"},
    {"parse error lexer", "{{ 1 ", 1,
     "ERR: error parsing template __alert_A: template: __alert_A:1: unclosed action"},
};

TEST_CASE("ExpandAlertTemplate renders as Prometheus does") {
  for (const ExpandCase& c : kExpandCases) {
    CAPTURE(c.name);
    CHECK(Expand(c.text, c.value) == c.want);
  }
}

TEST_CASE("externalURL and pathPrefix read the function URL when one is given") {
  CHECK(Expand("{{ externalURL }}|{{ pathPrefix }}", 1, true) == "http://example.com/prom/|/prom/");
}

TEST_CASE("FormatGoValue is Go's %v of a float64") {
  struct V {
    double in;
    std::string_view want;
  };
  const V cases[] = {{1234567, "1.234567e+06"},
                     {100000, "100000"},
                     {3, "3"},
                     {1.2345e-05, "1.2345e-05"},
                     {12345678901234567890.0, "1.2345678901234567e+19"},
                     {1e100, "1e+100"},
                     {-0.0, "-0"},
                     {kNaN, "NaN"},
                     {kInf, "+Inf"},
                     {-kInf, "-Inf"}};
  for (const V& v : cases) {
    CAPTURE(v.in);
    CHECK(FormatGoValue(v.in) == v.want);
  }
}

TEST_CASE("deep nesting is an error, not a crash") {
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "{{ if true }}";
  for (int i = 0; i < 5000; ++i) deep += "{{ end }}";
  const std::string r = Expand(deep, 1);
  CHECK(r.starts_with("ERR: error parsing template __alert_A: "));
  CHECK(r.find("nesting too deep to execute") != std::string::npos);
  std::string parens = "{{ ";
  for (int i = 0; i < 5000; ++i) parens += "(";
  parens += "1";
  for (int i = 0; i < 5000; ++i) parens += ")";
  CHECK(Expand(parens + " }}", 1).starts_with("ERR: error parsing template"));
  std::string ok = "{{ ";
  for (int i = 0; i < 100; ++i) ok += "(";
  ok += "1";
  for (int i = 0; i < 100; ++i) ok += ")";
  CHECK(Expand(ok + " }}", 1) == "1");
  const std::string recursive =
      "{{ define \"t\" }}x{{ template \"t\" . }}{{ end }}{{ template \"t\" . }}";
  CHECK(Expand(recursive, 1).find("exceeded maximum template depth") != std::string::npos);
}

// The checker and the executor share one grammar: the checker's parser
// builds the tree. On fuzzed templates, every accepted one yields a tree
// whose printed form (Go's Node.String()) parses to the same tree again.
TEST_CASE("accepted templates build trees that print and re-parse to themselves") {
  const char* const pieces[] = {
      "{{",    "}}",       " ",       "if",      "else",  "end",      "range", "with",  "$x",
      ":=",    "=",        "$labels", ".Labels", ".job",  "|",        "(",     ")",     "1",
      "\"s\"", "humanize", "printf",  "define",  "\"t\"", "template", "block", "break", "continue",
      "nil",   ".",        ",",       "$i",      "-",     "/*",       "*/",    "true",  "x",
      "\n",    "$value",   "1.5",     "'c'",     "$"};
  const size_t n = sizeof pieces / sizeof pieces[0];
  uint64_t state = 0x9E3779B97F4A7C15ULL;
  auto next = [&](size_t bound) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return static_cast<size_t>(state % bound);
  };
  auto print = [](const Tree& t) {
    std::string out;
    for (const auto& kid : t.root->kids) out += kid->String();
    return out;
  };
  size_t accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string t = "{{$x := 1}}{{$i := 2}}";
    if (next(2) == 0) t += "{{";
    const size_t len = 1 + next(10);
    for (size_t k = 0; k < len; ++k) t += pieces[next(n)];
    if (next(2) == 0) t += "}}";
    Tree tree;
    TemplateReport report;
    ParseAlertTemplate(t, report, &tree, 0);
    CAPTURE(t);
    CHECK(report.errors.empty() == CheckTemplate(t).errors.empty());
    if (!report.errors.empty()) continue;
    ++accepted;
    const std::string printed = print(tree);
    Tree again;
    TemplateReport report2;
    ParseAlertTemplate(printed, report2, &again, 0);
    CAPTURE(printed);
    REQUIRE(report2.errors.empty());
    CHECK(print(again) == printed);
  }
  CHECK(accepted > 100);
}

}  // namespace
}  // namespace ttam::tmpl
