#include "burn_rate_output.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "common_options.h"
#include "slo/quantile_plan.h"
#include "support/number.h"
#include "support/utf8.h"

namespace ttam::cli {
namespace {

constexpr const char* kBurnBlocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};

// Four significant digits; the JSON has every bit.
std::string BurnCell(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string BurnPercent(double ratio) { return BurnCell(ratio * 100) + "%"; }

// Event counts: whole numbers from 100 up (rate × window is rarely exact).
std::string BurnEvents(double events) {
  if (events < 100) return BurnCell(events);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", events);
  return buf;
}

std::string BurnPad(const std::string& s, size_t w) {
  size_t shown = CountRunes(s);
  return shown >= w ? s : s + std::string(w - shown, ' ');
}

// One block per point, scaled from 0 to the highest burn; `_` for no data.
std::string BurnSparkline(const std::vector<std::optional<double>>& points) {
  double hi = 0;
  for (const auto& p : points) {
    if (p && std::isfinite(*p)) hi = std::max(hi, *p);
  }
  std::string out;
  for (const auto& p : points) {
    if (!p || !std::isfinite(*p)) {
      out += "_";
      continue;
    }
    int k = hi > 0 ? static_cast<int>(std::lround(*p / hi * 7)) : 0;
    out += kBurnBlocks[std::clamp(k, 0, 7)];
  }
  return out;
}

std::string BurnVerdictWord(slo::Verdict v) {
  std::string s(slo::VerdictName(v));
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

void WriteBurnRows(const std::vector<std::vector<std::string>>& rows, std::ostream& out) {
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], CountRunes(row[i]));
  }
  for (const auto& row : rows) {
    std::string line = "  ";
    for (size_t i = 0; i < row.size(); ++i) {
      line += i + 1 == row.size() ? row[i] : BurnPad(row[i], widths[i] + 2);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
}

std::string BudgetText(const BurnGroupResult& g, const BurnSloResult& s) {
  if (!g.budget_remaining) return "budget: no data";
  std::string text = *g.budget_remaining > 0
                         ? "budget: " + BurnPercent(*g.budget_remaining) + " left"
                         : "budget: overspent, " + BurnPercent(1 - *g.budget_remaining) + " used";
  if (g.budget_span_ms < s.period_ms) {
    text += " over the " + slo::WindowName(g.budget_span_ms / 1000 * 1000) +
            " the data covers (shorter than the " + slo::WindowName(s.period_ms) +
            " period; --prometheus reads the period from a server)";
  } else {
    text += " of the " + slo::WindowName(s.period_ms) + " budget";
  }
  if (*g.budget_remaining > 0 && g.exhaustion_ms) {
    text +=
        "; gone in " + slo::WindowName(*g.exhaustion_ms / 60000 * 60000) + " at the 1h burn rate";
  }
  return text;
}

nlohmann::json BurnNumber(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return nullptr;
  return *v;
}

}  // namespace

void WriteBurnText(const BurnResults& r, const BurnTextOptions& options, std::ostream& out) {
  out << "evaluated at @ " << slo::AtSeconds(r.time_ms);
  if (r.span_ms) out << ", the data spans " << slo::WindowName(*r.span_ms / 1000 * 1000);
  if (!options.source.empty()) out << " (" << options.source << ")";
  out << "\n";
  for (const BurnSloResult& s : r.slos) {
    out << "\nSLO " << s.name << ": " << FormatNumber(s.objective * 100) << "% over "
        << slo::WindowName(s.period_ms) << "\n";
    if (s.groups.empty()) out << "  no series match its SLI\n";
    for (const BurnGroupResult& g : s.groups) {
      out << (g.labels.empty() ? std::string("  (all)") : "  " + g.labels.ToString()) << ": "
          << BurnVerdictWord(g.verdict.verdict) << ", " << g.verdict.reason << "\n";
      std::vector<std::vector<std::string>> rows{{"WINDOW", "ERROR RATIO", "BURN RATE", "EVENTS"}};
      if (options.sparklines) rows.front().push_back("BURN RATE UP TO NOW");
      for (const BurnWindowResult& w : g.windows) {
        std::vector<std::string> row{slo::WindowName(w.window_ms)};
        if (!w.covered) {
          row.push_back("not covered");
        } else if (!w.error_ratio) {
          row.insert(row.end(), {"no data", "-", w.events ? BurnEvents(*w.events) : "-"});
        } else {
          row.insert(row.end(), {BurnPercent(*w.error_ratio), BurnCell(*w.burn_rate),
                                 w.events ? BurnEvents(*w.events) : "-"});
        }
        if (options.sparklines && w.covered) {
          row.resize(4, "");
          row.push_back(BurnSparkline(w.history));
        }
        rows.push_back(std::move(row));
      }
      WriteBurnRows(rows, out);
      out << "  " << BudgetText(g, s) << "\n";
    }
    // The queries return every group; any group's copy will do.
    if (!s.groups.empty()) {
      out << "queries:\n";
      for (const BurnWindowResult& w : s.groups.front().windows) {
        if (w.ratio_query.empty()) continue;
        out << "  " << slo::WindowName(w.window_ms) << ": " << w.ratio_query << "\n";
        if (!w.events_query.empty()) {
          out << "  " << slo::WindowName(w.window_ms) << " events: " << w.events_query << "\n";
        }
      }
      const BurnGroupResult& g = s.groups.front();
      if (!g.budget_query.empty()) out << "  budget: " << g.budget_query << "\n";
    }
  }
}

std::vector<diag::JsonExtra> BurnJson(const BurnResults& r, const std::string& source) {
  nlohmann::json slos = nlohmann::json::array();
  for (const BurnSloResult& s : r.slos) {
    for (const BurnGroupResult& g : s.groups) {
      nlohmann::json labels = nlohmann::json::object();
      for (const model::Label& l : g.labels) labels[l.name] = l.value;
      nlohmann::json windows = nlohmann::json::array();
      for (const BurnWindowResult& w : g.windows) {
        windows.push_back({{"window", slo::WindowName(w.window_ms)},
                           {"covered", w.covered},
                           {"error_ratio", BurnNumber(w.error_ratio)},
                           {"burn_rate", BurnNumber(w.burn_rate)},
                           {"events", BurnNumber(w.events)},
                           {"query", w.ratio_query},
                           {"events_query", w.events_query}});
      }
      slos.push_back(
          {{"name", s.name},
           {"labels", labels},
           {"objective", s.objective},
           {"period", slo::WindowName(s.period_ms)},
           {"windows", windows},
           {"budget_remaining", BurnNumber(g.budget_remaining)},
           {"budget_window", slo::WindowName(g.budget_span_ms)},
           {"budget_query", g.budget_query},
           {"exhaustion_seconds",
            g.exhaustion_ms ? nlohmann::json(*g.exhaustion_ms / 1000) : nlohmann::json(nullptr)},
           {"verdict", slo::VerdictName(g.verdict.verdict)},
           {"reason", g.verdict.reason}});
    }
  }
  nlohmann::json evaluation{
      {"time", static_cast<double>(r.time_ms) / 1000.0},
      {"span", r.span_ms ? nlohmann::json(slo::WindowName(*r.span_ms)) : nlohmann::json(nullptr)},
      {"min_events", r.min_events},
      {"source", source}};
  return {JsonMember("slos", slos), JsonMember("evaluation", evaluation)};
}

}  // namespace ttam::cli
