// Unit tests of lib/template: each case is a template as it would appear in
// an alert label or annotation, and what checking it reports, rendered as
// "OK" or "begin:end: message", followed by " [ref name begin:end]" for each
// alert-label reference. Expectations follow Go's text/template/parse
// (lex.go, parse.go, node.go) as Prometheus runs it (rulefmt's
// testTemplateParsing); the differential test checks the same against promtool.
#include "template/template_check.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "template/functions.h"

namespace ttam::tmpl {
namespace {

std::string Render(const TemplateReport& r) {
  std::string out;
  if (r.errors.empty()) out = "OK";
  for (const TemplateError& e : r.errors) {
    out += std::to_string(e.begin) + ":" + std::to_string(e.end) + ": " + e.message;
  }
  for (const LabelReference& l : r.label_refs) {
    out += " [ref " + l.name + " " + std::to_string(l.begin) + ":" + std::to_string(l.end) + "]";
  }
  return out;
}

struct Case {
  std::string_view input, want;
};

// Valid templates from the Prometheus docs and real alert rules, then one or
// more cases for every class of parse error Go reports.
const Case kCases[] = {
    {"{{ $labels.instance }} is down", "OK [ref instance 3:19]"},
    {"{{ humanise 1 }}", "3:11: function \"humanise\" not defined; did you mean \"humanize\"?"},
    {"{{ $foo }}", "3:7: undefined variable \"$foo\": declare it first with {{$foo := ...}}"},
    {"{{ $label.x }}", "3:9: undefined variable \"$label\"; did you mean \"$labels\"?"},
    {"{{ end }}",
     "0:9: unexpected {{end}}: there is no open {{if}}, {{range}}, {{with}}, {{define}} or "
     "{{block}} to close; remove it"},
    {"{{ if 1 }}x", "0:5: unexpected EOF: {{if}} is never closed; add {{end}}"},
    {"{{ else }}",
     "0:10: unexpected {{else}}: {{else}} must be inside {{if}}, {{range}} or {{with}}"},
    {"{{ if 1 }}a{{ else }}b{{ else }}c{{ end }}",
     "22:32: expected end; found {{else}}: {{if}} already has an {{else}}; use {{else if ...}} for "
     "another branch or add {{end}}"},
    {"{{ if 1 }}a{{ else if 2 }}b{{ else }}c{{ end }}", "OK"},
    {"{{ with 1 }}a{{ else with 2 }}b{{ end }}", "OK"},
    {"{{ range 1 }}a{{ else if 2 }}b{{ end }}",
     "22:24: unexpected <if> in input: {{else if}} only continues an {{if}}, {{else with}} only a "
     "{{with}}"},
    {"{{ \"abc", "3:7: unterminated quoted string: add the closing '\"' on the same line"},
    {"{{ `abc", "3:7: unterminated raw quoted string: add the closing '`'"},
    {"{{ 'a", "3:5: unterminated character constant: add the closing '\\'' on the same line"},
    {"{{ 'ab' }}",
     "3:7: malformed character constant: 'ab': a character constant holds one character; use "
     "\"...\" for strings"},
    {"{{ 1x }}", "3:5: bad number syntax: \"1x\""},
    {"{{ 089 }}", "3:6: integer overflow: \"089\""},
    {"{{ 0x1F }}", "OK"},
    {"{{ 1e400 }}", "3:8: illegal number syntax: \"1e400\""},
    {"{{ }}",
     "0:5: missing value for command: the action is empty; put a value in it or remove it"},
    {"{{ . | }}", "OK"},
    {"{{ | . }}", "3:4: unexpected \"|\" in command"},
    {"{{ 1 | 2 }}",
     "7:8: non executable command in pipeline stage 2: a value after \"|\" must be a function "
     "call, field, variable or (pipeline); literals can only start a pipeline"},
    {"{{ . | printf \"%s\" | 3 }}",
     "21:22: non executable command in pipeline stage 3: a value after \"|\" must be a function "
     "call, field, variable or (pipeline); literals can only start a pipeline"},
    {"{{ break }}",
     "0:11: {{break}} outside {{range}}: it is only allowed inside a {{range}} loop"},
    {"{{ range . }}{{ break }}{{ end }}", "OK"},
    {"{{ range . }}{{ else }}{{ continue }}{{ end }}",
     "23:37: {{continue}} outside {{range}}: it is only allowed inside a {{range}} loop"},
    {"{{ $x := 1 }}{{ $x }}", "OK"},
    {"{{ if $x := 1 }}{{ end }}{{ $x }}",
     "28:30: undefined variable \"$x\": declare it first with {{$x := ...}}"},
    {"{{ range $i, $e := . }}{{ $i }}{{ $e }}{{ end }}", "OK"},
    {"{{ range $i, $e, $f := . }}{{ end }}",
     "15:16: too many declarations in range: range declares at most two variables"},
    {"{{ with $i, $e := . }}{{ end }}",
     "10:11: too many declarations in with: declare one variable per action"},
    {"{{ range $i, 3 }}{{ end }}",
     "11:12: range can only initialize variables: write {{range $index, $element := pipeline}}"},
    {"{{/* comment */}}", "OK"},
    {"{{- /* comment */ -}}", "OK"},
    {"{{ /* comment */ }}",
     "3:4: unexpected \"/\" in command: Go templates have no operators; call functions such as eq, "
     "and, or, not instead"},
    {"{{/* comment */ }}",
     "13:15: comment ends before closing delimiter: a comment must end with \"*/}}\" (or \"*/ "
     "-}}\")"},
    {"{{/* comment", "0:4: unclosed comment: end it with \"*/}}\""},
    {"{{- $labels.x -}}", "OK [ref x 4:13]"},
    {"{{-$labels.x-}}", "2:3: illegal number syntax: \"-\""},
    {"{{ .Labels.job }} {{ index $labels \"pod\" }} {{ index .Labels \"ns\" }}",
     "OK [ref job 3:14] [ref pod 21:40] [ref ns 47:65]"},
    {"{{ with .Labels }}{{ .x }}{{ end }}{{ with query \"up\" }}{{ .Labels.instance }}{{ end }}",
     "OK"},
    {"{{ define \"x\" }}a{{ end }}{{ template \"x\" . }}", "OK"},
    {"{{ define \"x\" }}{{ $labels }}{{ end }}",
     "19:26: undefined variable \"$labels\": {{define}} and {{block}} bodies do not see the "
     "alert's variables; pass what they need as the template's data (dot)"},
    {"{{ define \"x\" }}a{{ end }}{{ define \"x\" }}b{{ end }}",
     "36:39: template: multiple definition of template \"x\": another {{define}} or {{block}} "
     "already has this name; rename one"},
    {"{{ define \"x\" }} {{ end }}{{ define \"x\" }}b{{ end }}", "OK"},
    {"{{ block \"x\" . }}a{{ end }}", "OK"},
    {"{{ block \"x\" }}a{{ end }}",
     "0:15: missing value for block clause: {{block}} needs a pipeline after it"},
    {"{{ if 1 }}{{ define \"x\" }}{{ end }}{{ end }}",
     "13:19: unexpected <define> in command: {{define}} is only allowed at the top level, outside "
     "other blocks"},
    {"{{ (1 }}", "0:8: unclosed left paren: add \")\" before \"}}\""},
    {"{{ 1) }}", "4:5: unexpected right paren: remove it or add the matching \"(\""},
    {"{{ ((1)) }}", "OK"},
    {"{{ (.).x }}", "OK"},
    {"{{ \"a\".x }}",
     "3:8: unexpected . after term \"\\\"a\\\"\": only fields, variables, function results and "
     "(pipelines) have fields"},
    {"{{ $labels.x.y }}", "OK [ref x 3:12]"},
    {"{{ . | humanize | printf \"%s\" }}", "OK"},
    {"{{ $value | humanizePercentage }}", "OK"},
    {"{{ printf \"%.2f\" $value }}", "OK"},
    {"{{ if gt $value 0.5 }}high{{ end }}", "OK"},
    {"{{ if and (gt $value 1) (lt $value 2) }}mid{{ end }}", "OK"},
    {"{{ $x = 1 }}", "OK"},
    {"{{ $x.y := 1 }}", "3:5: undefined variable \"$x\": declare it first with {{$x := ...}}"},
    {"{{ .x$ }}",
     "5:6: bad character U+0024 '$' after \".x\": names may only contain letters, digits and '_'"},
    {"{{ foo.bar }}",
     "3:6: function \"foo\" not defined: alert templates can only call Go's builtins (and, or, "
     "not, eq, printf, index, ...) and the Prometheus template functions (humanize, query, "
     "reReplaceAll, ...)"},
    {"{{ \"\\q\" }}",
     "3:7: invalid syntax in quoted string \"\\q\": fix the escape sequence (valid: \\\\ \\\" \\n "
     "\\t \\xFF \\u00e9 ...) or use a `raw string`"},
    {"{{ \"\\u00e9\" }}", "OK"},
    {"{{ '\\'' }}", "OK"},
    {"{{ '' }}",
     "3:5: invalid syntax in character constant '': write one character or escape such as '\\n' "
     "(use \"...\" for strings)"},
    {"{{ nil }}", "OK"},
    {"{{ $ }}", "OK"},
    {"{{ template }}", "12:14: unexpected \"}}\" in template clause"},
    {"{{ template \"x\" }}", "OK"},
    {"{{ template x }}", "12:13: unexpected \"x\" in template clause"},
    {"{{ else with }}",
     "0:7: unexpected {{else}}: {{else}} must be inside {{if}}, {{range}} or {{with}}"},
    {"{{ 1+2i }}", "OK"},
    {"{{ 1i }}", "OK"},
    {"{{ +}}", "3:4: illegal number syntax: \"+\""},
    {"{{ a:b }}",
     "3:4: function \"a\" not defined: alert templates can only call Go's builtins (and, or, not, "
     "eq, printf, index, ...) and the Prometheus template functions (humanize, query, "
     "reReplaceAll, ...)"},
    {"{{ 1 = 2 }}",
     "5:6: unexpected \"=\" in operand: Go templates have no operators; call functions such as eq, "
     "and, or, not instead"},
    {"{{ tmpl \"x\" }}",
     "3:7: function \"tmpl\" not defined: tmpl is only available in console templates; use "
     "{{template \"name\" .}}"},
    {"{{ len }}", "OK"},
    {"{{ é }}",
     "3:5: function \"é\" not defined: alert templates can only call Go's builtins (and, or, not, "
     "eq, printf, index, ...) and the Prometheus template functions (humanize, query, "
     "reReplaceAll, ...)"},
    {"{{ $é }}", "3:6: undefined variable \"$é\": declare it first with {{$é := ...}}"},
    {"{{ $x→ }}",
     "5:8: bad character U+2192 '→' after \"$x\": names may only contain letters, digits and '_'"},
    {"{{ ⌘ }}", "3:6: unrecognized character in action: U+2318 '⌘'"},
    {"{{.}}", "OK"},
    {"{{ toDuration 1 }}", "OK"},
    {"{{ end x }}", "7:8: unexpected \"x\" in end"},
    {"{{ else x }}", "8:9: unexpected \"x\" in else"},
    {"{{ if 1 }}{{ end }}{{ end }}",
     "19:28: unexpected {{end}}: there is no open {{if}}, {{range}}, {{with}}, {{define}} or "
     "{{block}} to close; remove it"},
    {"{{ if }}{{ end }}", "0:8: missing value for if: {{if}} needs a pipeline after it"},
    {"{{ ( ) }}",
     "3:6: missing value for parenthesized pipeline: put a value inside the parentheses"},
    {"{{ range $i, }}{{ end }}",
     "0:15: missing value for range: {{range}} needs a pipeline after it"},
    {"{{ if 1 }}{{ if 2 }}", "10:15: unexpected EOF: {{if}} is never closed; add {{end}}"},
    {"{{ .Value | humanize }}", "OK"},
    {"{{ 3 -}} x", "OK"},
    {"{{3 -}}", "OK"},
    {"{{ -3 }}", "OK"},
    {"{{ define \"x\" }}a", "0:9: unexpected EOF: {{define \"x\"}} is never closed; add {{end}}"},
    {"{{ block \"b\" . }}{{ if 1 }}x{{ end }}",
     "0:8: unexpected EOF: {{block \"b\"}} is never closed; add {{end}}"},
    {"{{ range . }}{{ block \"b\" . }}{{ break }}{{ end }}{{ end }}",
     "30:41: {{break}} outside {{range}}: it is only allowed inside a {{range}} loop"},
    {"{{ if 1 }}{{ else if 2 }}{{ else if 3 }}{{ end }}{{ end }}",
     "49:58: unexpected {{end}}: there is no open {{if}}, {{range}}, {{with}}, {{define}} or "
     "{{block}} to close; remove it"},
    {"{{ with $x := 1 }}{{ $x }}{{ else }}{{ $x }}{{ end }}", "OK"},
    {"{{ range $k, $v := $labels }}{{ $k }}={{ $v }} {{ end }}", "OK"},
    {"{{ if (eq $labels.severity \"critical\") }}page{{ end }}", "OK [ref severity 10:26]"},
    {"{{ $labels.job | toUpper }}", "OK [ref job 3:14]"},
    {"{{ with printf \"node_memory_MemTotal{instance='%s'}\" $labels.instance | query }}{{ . | "
     "first | value | humanize1024 }}B{{ end }}",
     "OK [ref instance 53:69]"},
    {"{{ reReplaceAll \"(.*):.*\" \"$1\" $labels.instance }}", "OK [ref instance 31:47]"},
    {"{{ $externalLabels.cluster }} {{ $externalURL }}", "OK"},
    {"{{ .ExternalLabels.region }}", "OK"},
    {"{{ humanizeDuration $value }} {{ humanizeTimestamp $value }} {{ $value | toTime }}", "OK"},
    {"{{ if match \"^prod\" $labels.env }}p{{ end }}", "OK [ref env 20:31]"},
    {"{{ \"a\" | printf \"%s\" }}", "OK"},
    {"{{ 'a' }}", "OK"},
    {"{{ 1.5e3 }}", "OK"},
    {"{{ 0b101 }}", "OK"},
    {"{{ 0o17 }}", "OK"},
    {"{{ 1_000 }}", "OK"},
    {"{{ 1__0 }}", "3:7: illegal number syntax: \"1__0\""},
    {"{{ 0x1p-2 }}", "OK"},
    {"{{ 0x1.8 }}", "3:8: illegal number syntax: \"0x1.8\""},
    {"{{ 99999999999999999999 }}", "3:23: integer overflow: \"99999999999999999999\""},
    {"{{ -9223372036854775808 }}", "OK"},
    {"{{ 18446744073709551615 }}", "OK"},
    {"{{ \"\\x41\\101\\u00e9\\U0001F600\" }}", "OK"},
    {"{{ \"\\uD800\" }}",
     "3:11: invalid syntax in quoted string \"\\uD800\": fix the escape sequence (valid: \\\\ \\\" "
     "\\n \\t \\xFF \\u00e9 ...) or use a `raw string`"},
    {"{{ '\\400' }}",
     "3:9: invalid syntax in character constant '\\400': write one character or escape such as "
     "'\\n' (use \"...\" for strings)"},
    {"{{ `a\"b\\c` }}", "OK"},
    {"{{ .Labels.instance }}{{ .Labels }}{{ index .Labels }}", "OK [ref instance 3:19]"},
    {"{{ index $labels \"a\" \"b\" }}{{ index $labels `raw` }}{{ index $labels .x }}",
     "OK [ref a 3:20] [ref raw 30:49]"},
    {"{{ template \"x\" $labels }}", "OK"},
    {"{{ template \"x\" | }}", "16:17: unexpected \"|\" in template clause"},
    {"{{ $x := 1 }}{{ $x := 2 }}", "OK"},
    {"{{ $a, $b := 1 }}", "5:6: too many declarations in command: declare one variable per action"},
    {"{{ range $a := . }}{{ end }}", "OK"},
    {"{{ ($x := 1) }}{{ $x }}", "OK"},
    {"{{ if 1 -}}", "0:5: unexpected EOF: {{if}} is never closed; add {{end}}"},
    {"{{ if 1 }}{{ end -}}x", "OK"},
    {"{{ define \"a\" }}{{ define \"b\" }}{{ end }}{{ end }}",
     "19:25: unexpected <define> in command: {{define}} is only allowed at the top level, outside "
     "other blocks"},
    {"{{ block \"a\" . }}x{{ end }}{{ define \"a\" }}y{{ end }}",
     "37:40: template: multiple definition of template \"a\": another {{define}} or {{block}} "
     "already has this name; rename one"},
    {"{{ block \"a\" . }}x{{ end }}{{ block \"a\" . }}y{{ end }}",
     "36:39: template: multiple definition of template \"a\": another {{define}} or {{block}} "
     "already has this name; rename one"},
    {"{{ define `x` }}{{ end }}{{ define \"x\\q\" }}{{ end }}",
     "35:40: invalid syntax in template name \"x\\q\": fix the escape sequence"},
    {"{{ define x }}{{ end }}", "10:11: unexpected \"x\" in define clause"},
    {"{{ define \"x\" y }}{{ end }}", "14:15: unexpected \"y\" in define clause"},
    {"{{ define \"x\" }}{{ else }}{{ end }}",
     "16:26: unexpected {{else}} in define clause: {{else}} must be inside {{if}}, {{range}} or "
     "{{with}}"},
    {"{{ block \"x\" . }}{{ else }}{{ end }}",
     "17:27: unexpected {{else}} in block clause: {{else}} must be inside {{if}}, {{range}} or "
     "{{with}}"},
    {"{{ if 1 }}{{ else }}{{ end }}{{ else }}",
     "29:39: unexpected {{else}}: {{else}} must be inside {{if}}, {{range}} or {{with}}"},
    {"{{ true.x }}",
     "3:9: unexpected . after term \"true\": only fields, variables, function results and "
     "(pipelines) have fields"},
    {"{{ nil.x }}",
     "3:8: unexpected . after term \"nil\": only fields, variables, function results and "
     "(pipelines) have fields"},
    {"{{ ..x }}",
     "3:6: unexpected . after term \".\": only fields, variables, function results and (pipelines) "
     "have fields"},
    {"{{ $.x }}", "OK"},
    {"{{ (1).x }}", "OK"},
    {"{{ .x.y.z }}", "OK"},
    {"{{ humanize.x }}", "OK"},
    {"{{ 1 2 3 }}", "OK"},
    {"{{ printf \"%d\" (len (printf \"%s\" .)) }}", "OK"},
    {"{{ (((((((((((1))))))))))) }}", "OK"},
    {"{{ $ := 1 }}", "OK"},
    {"{{ $x := }}",
     "0:11: missing value for command: the action is empty; put a value in it or remove it"},
    {"{{ $x := 1 | }}", "OK"},
    {"{{ .a,.b }}",
     "5:6: unexpected \",\" in operand: Go templates have no operators; call functions such as eq, "
     "and, or, not instead"},
    {"{{ \"a\" \"b\" }}", "OK"},
    {"{{if 1}}{{break}}{{end}}",
     "8:17: {{break}} outside {{range}}: it is only allowed inside a {{range}} loop"},
    {"{{range .}}{{if 1}}{{continue}}{{end}}{{end}}", "OK"},
    {"{{range .}}{{break 1}}{{end}}", "19:20: unexpected \"1\" in {{break}}"},
    {"{{ {{ }}",
     "3:4: unexpected \"{\" in command: Go templates have no operators; call functions such as eq, "
     "and, or, not instead"},
    {"{{ }} }}",
     "0:5: missing value for command: the action is empty; put a value in it or remove it"},
    {"}}{{ 1 }}{{", "9:11: unclosed action: add \"}}\" to close the action"},
    {"{{ if 1 }}{{ end }}}}", "OK"},
    {"{{ x",
     "3:4: function \"x\" not defined: alert templates can only call Go's builtins (and, or, not, "
     "eq, printf, index, ...) and the Prometheus template functions (humanize, query, "
     "reReplaceAll, ...)"},
    {"{{ a\nb }}",
     "3:4: function \"a\" not defined: alert templates can only call Go's builtins (and, or, not, "
     "eq, printf, index, ...) and the Prometheus template functions (humanize, query, "
     "reReplaceAll, ...)"},
    {"{{ $labels.instance\n}}", "OK [ref instance 3:19]"},
    {"{{ if\n1 }}x{{ end\n}}", "OK"},
    {"{{ 3-}}", "3:5: bad number syntax: \"3-\""},
    {"{{ x  -}}",
     "3:4: function \"x\" not defined: alert templates can only call Go's builtins (and, or, not, "
     "eq, printf, index, ...) and the Prometheus template functions (humanize, query, "
     "reReplaceAll, ...)"},
    {"{{ with 1 }}{{ else if 2 }}{{ end }}",
     "20:22: unexpected <if> in input: {{else if}} only continues an {{if}}, {{else with}} only a "
     "{{with}}"},
    {"{{ if 1 }}{{ else with 2 }}{{ end }}",
     "18:22: unexpected <with> in input: {{else if}} only continues an {{if}}, {{else with}} only "
     "a {{with}}"},
    {"{{ \"{{\" }}{{ \"}}\" }}", "OK"},
    {"{{ .Value }} {{ .Labels }} {{ .ExternalURL }}", "OK"},
    {"{{ range $labels := . }}{{ $labels.x }}{{ end }}{{ $labels.y }}", "OK [ref y 51:60]"},
    {"{{ if 1 }}{{ $labels.a }}{{ else }}{{ .Labels.b }}{{ end }}",
     "OK [ref a 13:22] [ref b 38:47]"},
    {"{{ with 1 }}{{ .Labels.a }}{{ else }}{{ .Labels.b }}{{ end }}", "OK [ref b 40:49]"},
    {"{{ define \"d\" }}{{ .Labels.a }}{{ end }}", "OK"},
    {"{{ $labels. }}", "10:11: unexpected <.> in operand"},
    {"{{ if 1 }}{{ range . }}{{ end }}",
     "0:5: unexpected EOF: {{if}} is never closed; add {{end}}"},
};

TEST_CASE("templates are checked as Go's parser checks them") {
  for (const Case& c : kCases) {
    CAPTURE(c.input);
    CHECK(Render(CheckTemplate(c.input)) == c.want);
  }
}

TEST_CASE("text without actions is accepted without parsing") {
  CHECK(Render(CheckTemplate("")) == "OK");
  CHECK(Render(CheckTemplate("plain text, no braces")) == "OK");
  CHECK(Render(CheckTemplate("single { brace } and }} closing")) == "OK");
  CHECK(Render(CheckTemplate("\xff\xfe invalid UTF-8 outside actions")) == "OK");
}

TEST_CASE("every error span lies inside the template") {
  for (const Case& c : kCases) {
    const TemplateReport r = CheckTemplate(c.input);
    for (const TemplateError& e : r.errors) {
      CAPTURE(c.input);
      CHECK(e.begin <= e.end);
      CHECK(e.end <= c.input.size());
    }
    CHECK(r.errors.size() <= 1);  // Go stops at the first error
  }
}

TEST_CASE("the function table is Go's builtins plus Prometheus's alert template functions") {
  std::vector<std::string_view> names;
  for (const TemplateFunction& f : TemplateFunctions()) names.push_back(f.name);
  const std::vector<std::string_view> want = {"and",
                                              "call",
                                              "html",
                                              "index",
                                              "slice",
                                              "js",
                                              "len",
                                              "not",
                                              "or",
                                              "print",
                                              "printf",
                                              "println",
                                              "urlquery",
                                              "eq",
                                              "ge",
                                              "gt",
                                              "le",
                                              "lt",
                                              "ne",
                                              "query",
                                              "first",
                                              "label",
                                              "value",
                                              "strvalue",
                                              "args",
                                              "reReplaceAll",
                                              "safeHtml",
                                              "match",
                                              "title",
                                              "toUpper",
                                              "toLower",
                                              "graphLink",
                                              "tableLink",
                                              "sortByLabel",
                                              "stripPort",
                                              "stripDomain",
                                              "humanize",
                                              "humanize1024",
                                              "humanizeDuration",
                                              "humanizePercentage",
                                              "humanizeTimestamp",
                                              "toTime",
                                              "toDuration",
                                              "now",
                                              "pathPrefix",
                                              "externalURL",
                                              "parseDuration",
                                              "urlQueryEscape"};
  CHECK(names == want);
  CHECK(FindTemplateFunction("tmpl") == nullptr);  // console templates only
  CHECK(SuggestTemplateFunction("humanise") == "humanize");
  CHECK(SuggestTemplateFunction("ToUpper") == "toUpper");
  CHECK(SuggestTemplateFunction("frobnicate").empty());
}

TEST_CASE("hostile input: deep nesting is capped, not recursed") {
  SUBCASE("parentheses beyond Go's maxStackDepth") {
    const std::string deep = "{{" + std::string(10001, '(') + "1" + std::string(10001, ')') + "}}";
    CHECK(Render(CheckTemplate(deep)) ==
          "10002:10003: max expression depth exceeded: more than 10000 nested parentheses");
    const std::string ok = "{{" + std::string(10000, '(') + "1" + std::string(10000, ')') + "}}";
    CHECK(Render(CheckTemplate(ok)) == "OK");
  }
  SUBCASE("parentheses never closed") {
    const std::string deep = "{{" + std::string(200000, '(');
    CHECK(Render(CheckTemplate(deep)).find("max expression depth exceeded") != std::string::npos);
  }
  SUBCASE("nested if blocks") {
    std::string ok;
    for (int i = 0; i < 9000; ++i) ok += "{{if 1}}";
    for (int i = 0; i < 9000; ++i) ok += "{{end}}";
    CHECK(Render(CheckTemplate(ok)) == "OK");
    std::string deep;
    for (int i = 0; i < 100000; ++i) deep += "{{if 1}}";
    CHECK(Render(CheckTemplate(deep)) ==
          "80002:80004: nesting too deep: more than 10000 nested blocks; simplify the template");
  }
  SUBCASE("a pipeline beyond Go's maxPipelineCmds") {
    std::string s = "{{.";
    for (int i = 0; i < 100001; ++i) s += "|print";
    s += "}}";
    CHECK(Render(CheckTemplate(s)) == "599998:600003: pipeline too long");
  }
  SUBCASE("a long else-if chain") {
    std::string chain = "{{if 1}}";
    for (int i = 0; i < 5000; ++i) chain += "{{else if 1}}";
    chain += "{{end}}";
    CHECK(Render(CheckTemplate(chain)) == "OK");
  }
}

TEST_CASE("hostile input: large values stay linear") {
  SUBCASE("1 MB of text and actions") {
    std::string big;
    size_t repeats = 0;
    for (; big.size() < (1 << 20); ++repeats) big += "text {{ $labels.instance }} more ";
    const auto start = std::chrono::steady_clock::now();
    const TemplateReport r = CheckTemplate(big);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(r.errors.empty());
    CHECK(r.label_refs.size() == repeats);
    MESSAGE("1 MB template checked in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() << " ms");
  }
  SUBCASE("many distinct variables, each used many times") {
    std::string many;
    for (int i = 0; i < 20000; ++i) many += "{{$v" + std::to_string(i) + " := 1}}";
    for (int i = 0; i < 20000; ++i) many += "{{$v0}}{{$v" + std::to_string(i) + "}}";
    CHECK(Render(CheckTemplate(many)) == "OK");
  }
  SUBCASE("many variables keep their scopes") {
    std::string in_if = "{{if 1}}";
    for (int i = 0; i < 100; ++i) in_if += "{{$v" + std::to_string(i) + " := 1}}{{$v0}}";
    in_if += "{{end}}";
    CHECK(Render(CheckTemplate(in_if)) == "OK");
    CHECK(Render(CheckTemplate(in_if + "{{$v5}}")) ==
          std::to_string(in_if.size() + 2) + ":" + std::to_string(in_if.size() + 5) +
              ": undefined variable \"$v5\": declare it first with {{$v5 := ...}}");
    std::string in_define = "{{define \"d\"}}";
    for (int i = 0; i < 100; ++i) in_define += "{{$w" + std::to_string(i) + " := $}}";
    in_define += "{{end}}{{$labels.a}}";
    CHECK(Render(CheckTemplate(in_define)) == "OK [ref a " + std::to_string(in_define.size() - 11) +
                                                  ":" + std::to_string(in_define.size() - 2) + "]");
  }
  SUBCASE("invalid UTF-8 inside actions") {
    CHECK(Render(CheckTemplate("{{ \xff }}")) ==
          "3:4: unrecognized character in action: U+FFFD '\xef\xbf\xbd'");
    CHECK(Render(CheckTemplate("{{ $x\xc3 }}")) ==
          "5:6: bad character U+FFFD '\xef\xbf\xbd' after \"$x\": names may only contain letters, "
          "digits and '_'");
    CHECK(Render(CheckTemplate("{{ \"\xff\" }}")) == "OK");
    CHECK(Render(CheckTemplate("{{ `\xff` }}")) == "OK");
    CHECK(Render(CheckTemplate("{{ '\xff' }}")) == "OK");
  }
  SUBCASE("a string of unclosed actions") {
    std::string s;
    for (int i = 0; i < 100000; ++i) s += "{{";
    CHECK(Render(CheckTemplate(s)) ==
          "2:3: unexpected \"{\" in command: Go templates have no "
          "operators; call functions such as eq, and, or, not instead");
  }
  SUBCASE("a million comments") {
    std::string s;
    for (int i = 0; i < 100000; ++i) s += "{{/* c */}}";
    CHECK(Render(CheckTemplate(s)) == "OK");
  }
}

}  // namespace
}  // namespace ttam::tmpl
