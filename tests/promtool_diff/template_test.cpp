// Differential test: ttam's template checker against the real promtool
// (Debian's 2.42, built with Go 1.19), which runs the same parse in
// `promtool check rules`. Hundreds of templates, hand-written and generated
// by mutating real ones, go into one rule file (one alerting rule each, with
// the template as its only annotation); promtool's errors are attributed to
// templates by alert name and compared with ttam's accept/reject.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/process.h"
#include "support/promtool.h"
#include "template/template_check.h"

namespace ttam::tmpl {
namespace {

const std::string kPromtool = test::FindPromtool();

// Valid and invalid templates, one per line of thought; real alert rules first.
const char* const kHandWritten[] = {
    "{{ $labels.instance }} of job {{ $labels.job }} has been down for more than 5 minutes.",
    "Instance {{ $labels.instance }} down",
    "{{ $value | humanizePercentage }} of the disk is used",
    "{{ printf \"%.2f\" $value }}% CPU on {{ $labels.instance }}",
    "{{ humanize $value }}B free, {{ humanize1024 $value }}iB",
    "{{ $value | humanizeDuration }} since last scrape",
    "{{ humanizeTimestamp $value }} {{ $value | toTime }}",
    "{{ with query \"up\" }}{{ . | first | value | humanize }}{{ end }}",
    "{{ range query \"up == 0\" }}{{ .Labels.instance }} {{ .Value }}\n{{ end }}",
    "{{ with printf \"node_memory_MemTotal{instance='%s'}\" $labels.instance | query }}"
    "{{ . | first | value | humanize1024 }}B{{ end }}",
    "{{ range $i, $s := query \"up\" | sortByLabel \"instance\" }}{{ $i }}:{{ label \"job\" $s }}"
    "{{ end }}",
    "{{ if gt $value 0.9 }}critical{{ else if gt $value 0.5 }}warning{{ else }}info{{ end }}",
    "{{ if and (eq $labels.severity \"critical\") (ne $labels.env \"dev\") }}page{{ end }}",
    "{{ reReplaceAll \"(.*):.*\" \"$1\" $labels.instance }}",
    "{{ $labels.instance | stripPort }} {{ stripDomain $labels.instance }}",
    "{{ if match \"^prod-\" $labels.cluster }}production{{ end }}",
    "{{ $labels.job | toUpper }} {{ title \"a b\" }} {{ toLower \"X\" }}",
    "{{ graphLink \"up\" }} {{ tableLink \"up\" }} {{ externalURL }}{{ pathPrefix }}",
    "{{ $externalLabels.cluster }} {{ .ExternalLabels.region }} {{ $externalURL }}",
    "{{ index $labels \"instance\" }} {{ index .Labels \"job\" }} {{ .Labels.pod }}",
    "{{ parseDuration \"1h\" }} {{ safeHtml \"<b>\" }} {{ args 1 2 }} {{ strvalue . }}",
    "{{ len $labels }} {{ slice \"abc\" 1 }} {{ js \"a\" }} {{ html \"a\" }} {{ urlquery \"a\" }}",
    "{{ print 1 }}{{ println 2 }}{{ not true }}{{ or 1 2 }}{{ call . }}{{ le 1 2 }}{{ ge 1 2 }}",
    "{{ $x := 1 }}{{ $x = 2 }}{{ $x }}",
    "{{ range $k, $v := $labels }}{{ $k }}={{ $v }},{{ end }}",
    "{{ range . }}{{ if . }}{{ break }}{{ end }}{{ continue }}{{ end }}",
    "{{- /* a comment */ -}} trimmed {{- $labels.x -}} text",
    "{{/* multi\nline comment */}}ok",
    "{{ define \"t\" }}x{{ end }}{{ template \"t\" . }}",
    "{{ block \"b\" . }}default{{ end }}",
    "{{ with $labels.x }}{{ . }}{{ else }}none{{ end }}",
    "{{ (index $labels \"a\") | printf \"%s\" }}",
    "{{ 1 }}{{ -1.5 }}{{ 0x1F }}{{ 1e3 }}{{ 'a' }}{{ 1+2i }}{{ 0b1 }}{{ 0o7 }}{{ 1_000 }}",
    "{{ \"\\u00e9\\x41\\101\\n\" }}{{ `raw\\q` }}",
    "{{ nil }}{{ true }}{{ false }}{{ $ }}{{ . }}",
    "{{ if 1 }}\n{{ $labels.a }}\n{{ end }}",
    "{{ humanise $value }}",
    "{{ $labels.instance }",
    "{{ $label.instance }}",
    "{{ end }}",
    "{{ if $value }}x",
    "{{ else }}",
    "{{ if 1 }}a{{ else }}b{{ else }}c{{ end }}",
    "{{ range 1 }}a{{ else if 2 }}b{{ end }}",
    "{{ with 1 }}a{{ else with 2 }}b{{ end }}",
    "{{ \"unterminated }}",
    "{{ `unterminated }}",
    "{{ 'u }}",
    "{{ 'ab' }}",
    "{{ 1x }}",
    "{{ 089 }}",
    "{{ 1e400 }}",
    "{{ 99999999999999999999 }}",
    "{{ 0x1.8 }}",
    "{{ 1__0 }}",
    "{{ }}",
    "{{ | . }}",
    "{{ . | }}",
    "{{ 1 | 2 }}",
    "{{ $labels.x | \"s\" }}",
    "{{ break }}",
    "{{ range . }}{{ else }}{{ continue }}{{ end }}",
    "{{ if $x := 1 }}{{ end }}{{ $x }}",
    "{{ range $i, $e, $f := . }}{{ end }}",
    "{{ with $i, $e := . }}{{ end }}",
    "{{ range $i, 3 }}{{ end }}",
    "{{ $a, $b := 1 }}",
    "{{ /* not a comment */ }}",
    "{{/* comment */ }}",
    "{{/* unclosed",
    "{{-$labels.x-}}",
    "{{ define \"x\" }}{{ $labels }}{{ end }}",
    "{{ define \"x\" }}a{{ end }}{{ define \"x\" }}b{{ end }}",
    "{{ define \"x\" }} {{ end }}{{ define \"x\" }}b{{ end }}",
    "{{ block \"x\" }}a{{ end }}",
    "{{ if 1 }}{{ define \"x\" }}{{ end }}{{ end }}",
    "{{ (1 }}",
    "{{ 1) }}",
    "{{ \"a\".x }}",
    "{{ true.x }}",
    "{{ ..x }}",
    "{{ $x.y := 1 }}",
    "{{ .x$ }}",
    "{{ foo.bar }}",
    "{{ \"\\q\" }}",
    "{{ \"\\uD800\" }}",
    "{{ '\\400' }}",
    "{{ '' }}",
    "{{ template }}",
    "{{ template x }}",
    "{{ template \"x\" | }}",
    "{{ else with }}",
    "{{ +}}",
    "{{ a:b }}",
    "{{ 1 = 2 }}",
    "{{ tmpl \"x\" }}",
    "{{ end x }}",
    "{{ else x }}",
    "{{ if }}{{ end }}",
    "{{ ( ) }}",
    "{{ range $i, }}{{ end }}",
    "{{ $x := }}",
    "{{ .a,.b }}",
    "{{ {{ }}",
    "}}{{ 1 }}{{",
    "{{ x",
    "{{ é }}",
    "{{ $é }}",
    "{{ $x→ }}",
    "{{ ⌘ }}",
    "{{ define x }}{{ end }}",
    "{{ define \"x\" }}{{ else }}{{ end }}",
    "{{ block \"x\" . }}{{ else }}{{ end }}",
    "{{ range . }}{{ block \"b\" . }}{{ break }}{{ end }}{{ end }}",
    "{{ if 1 }}{{ else if 2 }}{{ else if 3 }}{{ end }}{{ end }}",
    "{{ toDuration 60 }}",
    "{{ now }}",
    "{{ urlQueryEscape \"a b\" }}",
    "{{if 1}}{{break}}{{end}}",
    "{{range .}}{{break 1}}{{end}}",
    "{{ $ := 1 }}{{ $x := 1 | }}",
    "{{ $labels.x.y }}{{ (.).x }}{{ humanize.x }}",
    "{{ 3 -}} x {{- 4 }}",
    "{{ a\nb }}",
    "{{ $labels.instance\n}}",
    "{{ if\n1 }}x{{ end\n}}",
};

// Realistic templates to mutate.
const char* const kSeeds[] = {
    "{{ $labels.instance }} of job {{ $labels.job }} is down",
    "{{ printf \"%.2f\" $value }}% on {{ $labels.instance }}",
    "{{ if gt $value 0.9 }}crit{{ else if gt $value 0.5 }}warn{{ else }}ok{{ end }}",
    "{{ with query \"up\" }}{{ . | first | value | humanize }}{{ end }}",
    "{{ range $i, $s := query \"up\" }}{{ $i }} {{ $s.Labels.job }}{{ end }}",
    "{{- /* c */ -}} {{ reReplaceAll \"(.*):.*\" \"$1\" $labels.instance }}",
    "{{ define \"t\" }}{{ . }}{{ end }}{{ template \"t\" $labels }}",
    "{{ if and (eq $labels.a \"x\") (ne .Labels.b 'y') }}{{ 0x1F }}{{ end }}",
    "{{ range . }}{{ if . }}{{ break }}{{ end }}{{ end }}{{ block \"b\" . }}{{ `r` }}{{ end }}",
    "{{ $x := 1.5e3 }}{{ $x = 2 }}{{ ($x) | printf \"%v\" }}",
};

const char* const kInsertions[] = {
    "{{",
    "}}",
    "{{end}}",
    "{{else}}",
    "{{if .}}",
    "{{range .}}",
    "{{with .}}",
    "$labels",
    ".Labels",
    "humanize",
    "(",
    ")",
    "|",
    ":=",
    "=",
    "{{- ",
    " -}}",
    "/*",
    "*/",
    "{{break}}",
    "{{ $x := 1 }}",
    "\"",
    "`",
    "'",
    "0x",
    "1e5",
    "define",
    "{{define \"d\"}}",
    "block \"b\" .",
    "with",
    ",",
    ".",
    "$",
    "\n",
    " ",
    "-",
    "{{else if 1}}",
    "{{else with 1}}",
    "nil",
    "$x",
    "humanise",
    "{{/* */}}",
    "\\",
    "9",
    "_",
    "index $labels \"a\"",
};

struct Rng {
  uint64_t state;
  uint64_t Next() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  }
  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(Next() % n); }
};

bool IsAscii(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

std::string Mutate(std::string s, Rng& rng) {
  const size_t edits = 1 + rng.Below(3);
  for (size_t e = 0; e < edits; ++e) {
    const size_t pos = rng.Below(s.size() + 1);
    switch (rng.Below(6)) {
      case 0:
        if (pos < s.size()) s.erase(pos, 1);
        break;
      case 1:
      case 2: {
        const size_t n = sizeof kInsertions / sizeof kInsertions[0];
        s.insert(pos, kInsertions[rng.Below(n)]);
        break;
      }
      case 3: {
        static constexpr std::string_view kChars = "{}()|$.\"'`-:=, \tabx019_";
        if (pos < s.size()) s[pos] = kChars[rng.Below(kChars.size())];
        break;
      }
      case 4:
        s.resize(pos);
        break;
      case 5:
        if (pos + 1 < s.size()) std::swap(s[pos], s[pos + 1]);
        break;
    }
  }
  return s;
}

// A YAML double-quoted scalar holding exactly `s`.
std::string YamlQuote(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

// Go's message from one promtool line, without the "template: NAME:LINE: " prefix.
std::string GoMessage(std::string_view line) {
  const size_t t = line.find("template: __alert_");
  if (t == std::string_view::npos) return std::string(line);
  std::string_view rest = line.substr(t + 18);
  const size_t colon1 = rest.find(':');
  const size_t colon2 = colon1 == std::string_view::npos ? colon1 : rest.find(':', colon1 + 1);
  if (colon2 == std::string_view::npos) return std::string(rest);
  rest = rest.substr(colon2 + 1);
  if (!rest.empty() && rest[0] == ' ') rest.remove_prefix(1);
  // Go adds where a multi-line action started; ttam reports a span instead.
  for (std::string_view suffix : {" in action started at ", " started at "}) {
    const size_t started = rest.find(suffix);
    if (started != std::string_view::npos) rest = rest.substr(0, started);
  }
  return std::string(rest);
}

// Functions Prometheus added after 2.42: ttam accepts them, promtool 2.42 does not.
bool IsNewerFunctionError(std::string_view go_message) {
  for (std::string_view f : {"toDuration", "now", "urlQueryEscape"}) {
    if (go_message == "function \"" + std::string(f) + "\" not defined") return true;
  }
  return false;
}

TEST_CASE("ttam accepts and rejects the templates promtool does") {
  if (kPromtool.empty()) {
    MESSAGE(test::kPromtoolMissing);
    return;
  }
  std::vector<std::string> templates;
  std::set<std::string> seen;
  auto add = [&](std::string t) {
    if (seen.insert(t).second) templates.push_back(std::move(t));
  };
  for (const char* t : kHandWritten) add(t);
  Rng rng{0x9E3779B97F4A7C15ULL};
  const size_t seeds = sizeof kSeeds / sizeof kSeeds[0];
  for (int i = 0; i < 1200; ++i) {
    std::string m = Mutate(kSeeds[rng.Below(seeds)], rng);
    if (IsAscii(m)) add(std::move(m));
  }

  // Token soup: short random sequences of template pieces, to reach the
  // grammar's corners that mutating real templates rarely does.
  const size_t pieces = sizeof kInsertions / sizeof kInsertions[0];
  for (int i = 0; i < 800; ++i) {
    std::string soup = rng.Below(2) == 0 ? "{{" : "";
    const size_t n = 2 + rng.Below(7);
    for (size_t k = 0; k < n; ++k) {
      soup += kInsertions[rng.Below(pieces)];
      if (rng.Below(3) == 0) soup += ' ';
    }
    if (rng.Below(2) == 0) soup += "}}";
    add(std::move(soup));
  }

  std::ostringstream yaml;
  yaml << "groups:\n- name: templates\n  rules:\n";
  for (size_t i = 0; i < templates.size(); ++i) {
    yaml << "  - alert: A" << i
         << "\n    expr: up == 0\n    annotations:\n      t: " << YamlQuote(templates[i]) << "\n";
  }
  test::TempDir dir;
  const std::string path = dir.Write("rules.yml", yaml.str());
  const test::ProcessResult run =
      test::RunProcess({kPromtool, "check", "rules", path}, "", std::chrono::seconds(60));
  REQUIRE_FALSE(run.timed_out);
  const std::string output = run.out + "\n" + run.err;
  REQUIRE(
      (output.find("SUCCESS") != std::string::npos || output.find("FAILED") != std::string::npos));

  // promtool prints: <file>: group "templates", rule N, "A<i>": annotation "t": template: ...
  std::map<size_t, std::string> promtool_errors;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    const size_t q = line.find(", \"A");
    const size_t a = line.find("\": annotation \"t\": ");
    if (q == std::string::npos || a == std::string::npos || a < q) continue;
    const size_t index = std::stoul(line.substr(q + 4, a - q - 4));
    promtool_errors[index] = GoMessage(line);
  }

  size_t agree = 0, rejected = 0, same_message = 0, newer_functions = 0, else_with = 0;
  std::vector<std::string> mismatches, message_differences;
  for (size_t i = 0; i < templates.size(); ++i) {
    const TemplateReport r = CheckTemplate(templates[i]);
    const auto it = promtool_errors.find(i);
    const bool promtool_ok = it == promtool_errors.end();
    const bool ttam_ok = r.errors.empty();
    if (promtool_ok == ttam_ok) {
      ++agree;
      if (!ttam_ok) {
        ++rejected;
        if (r.errors[0].message.starts_with(it->second)) {
          ++same_message;
        } else {
          message_differences.push_back(YamlQuote(templates[i]) + "\n      promtool: " +
                                        it->second + "\n      ttam:     " + r.errors[0].message);
        }
      }
      continue;
    }
    if (ttam_ok && IsNewerFunctionError(it->second)) {
      ++newer_functions;
      continue;
    }
    if (ttam_ok && it->second == "unexpected <with> in else") {
      ++else_with;
      continue;
    }
    mismatches.push_back(YamlQuote(templates[i]) +
                         "\n      promtool: " + (promtool_ok ? "accepts" : it->second) +
                         "\n      ttam:     " + (ttam_ok ? "accepts" : r.errors[0].message));
  }

  std::ostringstream summary;
  summary << templates.size() << " templates (" << (sizeof kHandWritten / sizeof kHandWritten[0])
          << " hand-written, the rest mutations): ttam agrees with promtool 2.42 on " << agree
          << " (both reject " << rejected << ", with Go's message as the start of ttam's for "
          << same_message << ")\n"
          << "deliberate differences (Prometheus newer than promtool 2.42 accepts these):\n"
          << "  " << newer_functions
          << " use toDuration, now or urlQueryEscape (added after 2.42)\n"
          << "  " << else_with
          << " use {{else with}} (Go 1.23 text/template; promtool 2.42 uses Go 1.19)";
  MESSAGE(summary.str());
  // Informational: Go 1.19 and current Go word some errors differently (e.g.
  // a stray ")" is now a lexer error), and ttam adds advice after Go's words.
  MESSAGE(message_differences.size() << " rejections worded differently; the first few:");
  for (size_t i = 0; i < message_differences.size() && i < 5; ++i) {
    MESSAGE("message differs: " << message_differences[i]);
  }
  for (const std::string& m : mismatches) MESSAGE("MISMATCH: " << m);
  CHECK(mismatches.empty());
  CHECK(templates.size() > 500);
  CHECK(newer_functions >= 3);
  CHECK(else_with >= 1);
}

}  // namespace
}  // namespace ttam::tmpl
