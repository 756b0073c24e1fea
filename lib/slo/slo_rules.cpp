// The rules of `ttam slo generate`, in sloth's names and shapes (so sloth's
// dashboards and alert routing keep working) with two deliberate
// differences: the period ratio is the SLI's errors over its total with the
// period as the range (sloth averages the 5m ratios, which weighs a quiet
// night like a busy day), and every window pair has a low-traffic guard on
// its short window's event count. The YAML is written by hand, keys in a
// fixed order, so that the same spec always gives the same bytes.
#include "slo/slo_rules.h"

#include <cstdio>
#include <set>

#include "slo/burn_plan.h"
#include "slo/slo_rules_common.h"
#include "support/number.h"
#include "support/text.h"

namespace ttam::slo {
namespace rules_internal {
namespace {

// %.12g: the digits a person wrote (99.9 % -> 0.999, 1 - 0.999 -> 0.001),
// without the binary noise of 99.9 / 100 or 1 - 0.999.
std::string Digits12(double value) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.12g", value);
  return buf;
}

// A Prometheus duration ("5m", "1h30m", "30d"): a string to every YAML
// reader (no YAML 1.1 number or sexagesimal form has a unit letter).
bool IsDurationWord(std::string_view s) {
  size_t i = 0;
  if (s.empty()) return false;
  while (i < s.size()) {
    size_t digits = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == digits) return false;
    if (s.substr(i).starts_with("ms")) {
      i += 2;
    } else if (i < s.size() && std::string_view("smhdwy").find(s[i]) != std::string_view::npos) {
      ++i;
    } else {
      return false;
    }
  }
  return true;
}

bool IsYamlPlainSafe(std::string_view s) {
  if (s.empty()) return false;
  if (IsDurationWord(s)) return true;
  char first = s.front();
  bool first_ok = (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || first == '_';
  if (!first_ok) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.' || c == '/' || c == ':';
    if (!ok) return false;
  }
  if (s.back() == ':') return false;
  // YAML 1.1 (yaml.v2) reads these as booleans or null.
  static const std::set<std::string, std::less<>> kReserved = {
      "y",  "Y",    "yes",  "Yes",  "YES",   "n",     "N",     "no", "No",
      "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On",
      "ON", "off",  "Off",  "OFF",  "null",  "Null",  "NULL"};
  return !kReserved.contains(s);
}

// One line that YAML reads back as the same string: no indicator first, no
// `: ` or ` #` inside, and not a number or boolean.
bool IsPlainExpression(std::string_view s) {
  if (s.empty() || s.find('\n') != std::string_view::npos || s.find('\t') != s.npos ||
      s.find(": ") != s.npos || s.find(" #") != s.npos || s.back() == ':' || s.back() == ' ') {
    return false;
  }
  char first = s.front();
  bool letter = (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || first == '_';
  return (letter && s.find('(') != s.npos) || IsYamlPlainSafe(s);
}

std::string YamlDoubleQuoted(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string SpecLabelValue(SpecFormat format) {
  switch (format) {
    case SpecFormat::kTtam:
      return "ttam/v1";
    case SpecFormat::kSloth:
      return "prometheus/v1";
    case SpecFormat::kOpenSlo:
      return "openslo/v1";
  }
  return "ttam/v1";
}

}  // namespace

// "primitive-availability" -> "PrimitiveAvailabilityBurnRate".
std::string AlertName(const SloSpec& spec) {
  if (!spec.alert_name.empty()) return spec.alert_name;
  std::string out;
  bool upper = true;
  for (char c : spec.name) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum) {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  if (out.empty() || (out[0] >= '0' && out[0] <= '9')) out = "Slo" + out;
  return out + "BurnRate";
}

std::string_view TierName(Tier tier) {
  switch (tier) {
    case Tier::kPage:
      return "page";
    case Tier::kTicket:
      return "ticket";
  }
  return "page";
}

const AlertTier& TierSpec(const SloSpec& spec, Tier tier) {
  switch (tier) {
    case Tier::kPage:
      return spec.page;
    case Tier::kTicket:
      return spec.ticket;
  }
  return spec.page;
}

std::vector<WindowPair> TierPairs(const SloSpec& spec, Tier tier) {
  switch (tier) {
    case Tier::kPage:
      return PagePairs(spec);
    case Tier::kTicket:
      return TicketPairs(spec);
  }
  return {};
}

std::string RatioRecordName(int64_t window_ms) {
  return "slo:sli_error:ratio_rate" + WindowName(window_ms);
}

std::map<std::string, std::string> SloIdLabels(const SloSpec& spec) {
  std::map<std::string, std::string> out;
  out["sloth_id"] = spec.name;
  if (!spec.service.empty()) out["sloth_service"] = spec.service;
  out["sloth_slo"] = spec.slo_name.empty() ? spec.name : spec.slo_name;
  return out;
}

std::map<std::string, std::string> RatioRuleLabels(const SloSpec& spec, int64_t window_ms) {
  std::map<std::string, std::string> out = spec.labels;
  for (const auto& [k, v] : SloIdLabels(spec)) out[k] = v;
  out["sloth_window"] = WindowName(window_ms);
  return out;
}

std::map<std::string, std::string> AlertRuleLabels(const SloSpec& spec, Tier tier) {
  std::map<std::string, std::string> out;
  out["sloth_severity"] = std::string(TierName(tier));
  for (const auto& [k, v] : spec.alert_labels) out[k] = v;
  for (const auto& [k, v] : TierSpec(spec, tier).labels) out[k] = v;
  return out;
}

std::map<std::string, std::string> AlertRuleAnnotations(const SloSpec& spec, Tier tier) {
  std::string severity(TierName(tier));
  // sloth's texts; without a service (ttam's specs), without its label.
  std::string who = spec.service.empty() ? "{{$labels.sloth_slo}}"
                                         : "{{$labels.sloth_service}} {{$labels.sloth_slo}}";
  std::map<std::string, std::string> out;
  out["title"] = "(" + severity + ") " + who + " SLO error budget burn rate is too fast.";
  out["summary"] = who + " SLO error budget burn rate is over expected.";
  for (const auto& [k, v] : spec.alert_annotations) out[k] = v;
  for (const auto& [k, v] : TierSpec(spec, tier).annotations) out[k] = v;
  return out;
}

std::string BudgetText(double objective) { return Digits12(1 - objective); }

double BudgetValue(double objective) {
  double v = 0;
  ParseFloat(BudgetText(objective), &v);
  return v;
}

std::string YamlScalar(std::string_view text) {
  return IsYamlPlainSafe(text) ? std::string(text) : YamlDoubleQuoted(text);
}

void WriteYamlMap(std::string& out, int indent, std::string_view key,
                  const std::map<std::string, std::string>& values) {
  if (values.empty()) return;
  std::string pad(static_cast<size_t>(indent), ' ');
  out += pad + std::string(key) + ":\n";
  for (const auto& [k, v] : values) out += pad + "  " + YamlScalar(k) + ": " + YamlScalar(v) + "\n";
}

void WriteYamlBlock(std::string& out, int indent, std::string_view key, std::string_view text) {
  std::string pad(static_cast<size_t>(indent), ' ');
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  while (!text.empty() && (text.front() == '\n' || text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  if (IsPlainExpression(text)) {
    out += pad + std::string(key) + ": " + std::string(text) + "\n";
    return;
  }
  out += pad + std::string(key) + ": |\n";
  size_t at = 0;
  while (at <= text.size()) {
    size_t nl = text.find('\n', at);
    std::string_view line = text.substr(at, nl == std::string_view::npos ? text.npos : nl - at);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    if (line.empty()) {
      out += "\n";
    } else {
      out += pad + "  " + std::string(line) + "\n";
    }
    if (nl == std::string_view::npos) break;
    at = nl + 1;
  }
}

}  // namespace rules_internal

// A named namespace around the file's own: lib/slo compiles as one unit.
namespace rules_writer {
namespace {

using rules_internal::Tier;
using rules_internal::WriteYamlBlock;
using rules_internal::WriteYamlMap;
using rules_internal::YamlScalar;

std::string SloFilter(const SloSpec& spec) { return "{sloth_id=" + GoQuote(spec.name) + "}"; }

// `(A > (f * b))`: one window of a pair.
std::string WindowCondition(const SloSpec& spec, int64_t window_ms, double factor) {
  return "(" + rules_internal::RatioRecordName(window_ms) + SloFilter(spec) + " > (" +
         ThresholdText(factor, spec.objective) + "))";
}

// The labels the ratio rules add to the SLI's own: what the guard's
// matching ignores, so that it pairs each group with its own traffic.
std::string AddedLabelList(const SloSpec& spec) {
  std::set<std::string> names;
  for (const auto& [k, v] : rules_internal::RatioRuleLabels(spec, 0)) names.insert(k);
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::string PairCondition(const SloSpec& spec, const WindowPair& pair,
                          const RulesOptions& options) {
  std::string out = "(\n";
  out += "    " + WindowCondition(spec, pair.short_ms, pair.factor) + "\n";
  out += "    and ignoring (sloth_window)\n";
  out += "    " + WindowCondition(spec, pair.long_ms, pair.factor) + "\n";
  std::string events = EventsQuery(spec.sli, pair.short_ms);
  if (options.min_events > 0 && rules_internal::TotalIsEventRate(spec.sli)) {
    out += "    and ignoring (" + AddedLabelList(spec) + ")\n";
    out += "    (" + events + " >= " + FormatNumber(options.min_events) + ")\n";
  }
  return out + ")";
}

std::string AlertExpr(const SloSpec& spec, Tier tier, const RulesOptions& options) {
  std::string out;
  for (const WindowPair& pair : rules_internal::TierPairs(spec, tier)) {
    if (!out.empty()) out += "\nor ignoring (sloth_window)\n";
    out += PairCondition(spec, pair, options);
  }
  return out;
}

void WriteRecord(std::string& out, std::string_view record, std::string_view expr,
                 const std::map<std::string, std::string>& labels) {
  out += "      - record: " + YamlScalar(record) + "\n";
  WriteYamlBlock(out, 8, "expr", expr);
  WriteYamlMap(out, 8, "labels", labels);
}

void WriteSliGroup(std::string& out, const SloSpec& spec) {
  out += "  - name: " + YamlScalar("sloth-slo-sli-recordings-" + spec.name) + "\n";
  out += "    rules:\n";
  for (int64_t w : BurnWindows(spec.period_ms)) {
    if (w == spec.period_ms) {
      out +=
          "      # The period's ratio: errors over total across the whole period (sloth "
          "averages\n      # the 5m ratios instead).\n";
    }
    WriteRecord(out, rules_internal::RatioRecordName(w), ErrorRatioQuery(spec.sli, w),
                rules_internal::RatioRuleLabels(spec, w));
  }
}

void WriteMetaGroup(std::string& out, const SloSpec& spec) {
  std::map<std::string, std::string> labels = spec.labels;
  for (const auto& [k, v] : rules_internal::SloIdLabels(spec)) labels[k] = v;
  std::string filter = SloFilter(spec);
  std::string objective = rules_internal::BudgetText(1 - spec.objective);
  // 1 - (1 - objective) with 12 digits is the objective as written.
  out += "  - name: " + YamlScalar("sloth-slo-meta-recordings-" + spec.name) + "\n";
  out += "    rules:\n";
  WriteRecord(out, "slo:objective:ratio", "vector(" + objective + ")", labels);
  WriteRecord(out, "slo:error_budget:ratio",
              "vector(" + rules_internal::BudgetText(spec.objective) + ")", labels);
  char days[40];
  std::snprintf(days, sizeof days, "%.12g", static_cast<double>(spec.period_ms) / kDayMs);
  WriteRecord(out, "slo:time_period:days", "vector(" + std::string(days) + ")", labels);
  auto burn = [&](int64_t window_ms) {
    return rules_internal::RatioRecordName(window_ms) + filter +
           "\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio" +
           filter + "\n";
  };
  WriteRecord(out, "slo:current_burn_rate:ratio", burn(5 * kMinuteMs), labels);
  WriteRecord(out, "slo:period_burn_rate:ratio", burn(spec.period_ms), labels);
  WriteRecord(out, "slo:period_error_budget_remaining:ratio",
              "1 - slo:period_burn_rate:ratio" + filter, labels);
  std::map<std::string, std::string> info = labels;
  info["sloth_mode"] = "cli-gen-prom";
  char percent[40];
  std::snprintf(percent, sizeof percent, "%.12g", spec.objective * 100);
  info["sloth_objective"] = percent;
  info["sloth_spec"] = rules_internal::SpecLabelValue(spec.format);
  info["sloth_version"] = "ttam";
  out += "      # sloth's name, which dashboards read.\n";
  out += "      # ttam: disable=rules/record-naming\n";
  WriteRecord(out, "sloth_slo_info", "vector(1)", info);
}

void WriteAlertGroup(std::string& out, const SloSpec& spec, const RulesOptions& options) {
  std::string name = rules_internal::AlertName(spec);
  std::string rules;
  for (Tier tier : {Tier::kPage, Tier::kTicket}) {
    if (rules_internal::TierSpec(spec, tier).disable) continue;
    // Without `for`, as the SRE workbook's alerts: the short window is what
    // resets them quickly once the burn stops.
    if (options.min_events > 0 && !rules_internal::TotalIsEventRate(spec.sli)) {
      rules += "      # No low-traffic guard: the SLI's total is not a rate of events to count.\n";
    }
    rules += "      # ttam: disable=rules/alert-without-for\n";
    rules += "      - alert: " + YamlScalar(name) + "\n";
    WriteYamlBlock(rules, 8, "expr", AlertExpr(spec, tier, options));
    WriteYamlMap(rules, 8, "labels", rules_internal::AlertRuleLabels(spec, tier));
    WriteYamlMap(rules, 8, "annotations", rules_internal::AlertRuleAnnotations(spec, tier));
  }
  if (rules.empty()) return;  // both tiers disabled: no empty group
  out += "  - name: " + YamlScalar("sloth-slo-alerts-" + spec.name) + "\n";
  out += "    rules:\n" + rules;
}

}  // namespace
}  // namespace rules_writer

std::string ThresholdText(double factor, double objective) {
  return FormatNumber(factor) + " * " + rules_internal::BudgetText(objective);
}

std::string GenerateRules(const SpecFile& specs, const RulesOptions& options) {
  std::string out =
      "# Generated by `ttam slo generate`: sloth-compatible SLO rules. Every window's\n"
      "# ratio is the SLI's errors over its total with that window as the range.\n"
      "groups:\n";
  for (const SloSpec& spec : specs.slos) {
    rules_writer::WriteSliGroup(out, spec);
    rules_writer::WriteMetaGroup(out, spec);
    rules_writer::WriteAlertGroup(out, spec, options);
  }
  return out;
}

}  // namespace ttam::slo
