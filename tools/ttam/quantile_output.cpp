#include "quantile_output.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "common_options.h"
#include "support/number.h"
#include "support/units.h"

namespace ttam::cli {
namespace {

// Four significant digits for the table; the JSON has every bit.
std::string QuantileCell(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string PadQuantileCell(const std::string& s, size_t w) {
  return s.size() >= w ? s : s + std::string(w - s.size(), ' ');
}

std::string QuantileGroupName(const model::Labels& labels) {
  if (labels.empty()) return "(all)";
  std::string s;
  for (const model::Label& l : labels) {
    if (!s.empty()) s += ",";
    s += l.name + "=\"" + l.value + "\"";
  }
  return s;
}

std::string QuantileGroupingText(const HistogramResult& h) {
  std::string by;
  for (const std::string& l : h.by) by += (by.empty() ? "" : ", ") + l;
  std::string s = h.by.empty() ? "one total" : "grouped by (" + by + ")";
  if (h.default_grouping) s += ": every label but le, summed over instance and job";
  return s;
}

double QuantileSeconds(int64_t ms) { return static_cast<double>(ms) / 1000.0; }

nlohmann::json QuantileLabelsJson(const model::Labels& labels) {
  nlohmann::json o = nlohmann::json::object();
  for (const model::Label& l : labels) o[l.name] = l.value;
  return o;
}

// JSON has no NaN or infinities: they become null.
nlohmann::json QuantileNumberJson(double v) {
  if (std::isnan(v) || std::isinf(v)) return nullptr;
  return v;
}

void WriteQuantileBars(const HistogramGroup& g, std::ostream& out) {
  constexpr size_t kWidth = 40;
  std::vector<std::pair<std::string, double>> rows;
  double prev = 0, largest = 0;
  for (const slo::Bucket& b : g.buckets) {
    double n = std::max(0.0, b.count - prev);
    prev = std::max(prev, b.count);
    rows.emplace_back(std::isinf(b.upper) ? "+Inf" : "<=" + FormatNumber(b.upper), n);
    largest = std::max(largest, n);
  }
  size_t w = 0;
  for (const auto& [name, n] : rows) w = std::max(w, name.size());
  out << "  " << QuantileGroupName(g.labels) << "\n";
  for (const auto& [name, n] : rows) {
    size_t len = largest > 0 ? static_cast<size_t>(std::ceil(n / largest * kWidth)) : 0;
    out << "    " << PadQuantileCell(name, w) << " ";
    for (size_t i = 0; i < len; ++i) out << "\u2588";
    out << (len > 0 ? " " : "") << QuantileCell(n) << "\n";
  }
}

}  // namespace

void WriteQuantileText(const QuantileResults& r, const QuantileTextOptions& options,
                       std::ostream& out) {
  std::string when = "at @ " + slo::AtSeconds(r.time_ms);
  if (r.window_ms) {
    when = "over the " + FormatDuration(*r.window_ms) + " ending " + when;
  } else {
    when = "cumulative since each process started, " + when;
  }
  bool first = true;
  for (const HistogramResult& h : r.histograms) {
    if (!first) out << "\n";
    first = false;
    out << "histogram " << h.name << " (" << QuantileGroupingText(h) << "), " << when << "\n";
    std::vector<std::string> head{"GROUP"};
    if (r.window_ms) head.push_back("RATE/s");
    head.push_back("MEAN");
    std::vector<double> qs;
    for (const HistogramGroup& g : h.groups) {
      for (const GroupQuantile& q : g.quantiles) {
        if (std::find(qs.begin(), qs.end(), q.q) == qs.end()) qs.push_back(q.q);
      }
    }
    for (double q : qs) head.push_back(slo::QuantileLabel(q));
    if (r.under) head.push_back("<=" + FormatNumber(*r.under));
    std::vector<std::vector<std::string>> rows{head};
    for (const HistogramGroup& g : h.groups) {
      std::vector<std::string> row{QuantileGroupName(g.labels)};
      if (r.window_ms) row.push_back(g.rate ? QuantileCell(g.rate->value) : "-");
      row.push_back(g.mean ? QuantileCell(g.mean->value) : "-");
      for (double q : qs) {
        auto it = std::find_if(g.quantiles.begin(), g.quantiles.end(),
                               [q](const GroupQuantile& x) { return x.q == q; });
        if (it == g.quantiles.end()) {
          row.push_back("-");
        } else if (it->above_bound) {
          row.push_back(">" + QuantileCell(*it->above_bound));
        } else {
          row.push_back(QuantileCell(it->number.value));
        }
      }
      if (r.under) {
        row.push_back(g.fraction ? (std::isnan(g.fraction->value)
                                        ? "NaN"
                                        : QuantileCell(g.fraction->value * 100) + "%")
                                 : "-");
      }
      rows.push_back(std::move(row));
    }
    std::vector<size_t> widths(head.size(), 0);
    for (const auto& row : rows) {
      for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
    }
    for (const auto& row : rows) {
      std::string line;
      for (size_t i = 0; i < row.size(); ++i) {
        line += i + 1 == row.size() ? row[i] : PadQuantileCell(row[i], widths[i] + 2);
      }
      out << line << "\n";
    }
    // The queries, once per column (each returns every group), built as
    // ComputeQuantiles built them.
    if (!h.groups.empty()) {
      slo::QueryShape shape{h.name, h.by, r.time_ms, r.window_ms};
      out << "queries:\n";
      if (r.window_ms) out << "  rate: " << slo::RateQuery(shape) << "\n";
      out << "  mean: " << slo::MeanQuery(shape) << "\n";
      for (double q : qs) {
        out << "  " << slo::QuantileLabel(q) << ": " << slo::QuantileQuery(q, shape) << "\n";
      }
      if (r.under) {
        out << "  <=" << FormatNumber(*r.under) << ": " << slo::FractionQuery(*r.under, shape)
            << "\n";
      }
    }
    if (options.bars) {
      out << "buckets " << (r.window_ms ? "(observations/s in the window)" : "(observations)")
          << ":\n";
      for (const HistogramGroup& g : h.groups) WriteQuantileBars(g, out);
    }
  }
  for (const SummaryResult& s : r.summaries) {
    if (!first) out << "\n";
    first = false;
    out << "summary " << s.name << " (quantiles computed by the app over its own window, "
        << "not aggregatable), at @ " << slo::AtSeconds(r.time_ms) << "\n";
    std::vector<std::pair<std::string, std::string>> rows{{"SERIES", "VALUE"}};
    for (const SummaryQuantile& q : s.quantiles) {
      rows.emplace_back(s.name + q.labels.ToString(), QuantileCell(q.number.value));
    }
    size_t w = 0;
    for (const auto& [a, b] : rows) w = std::max(w, a.size());
    for (const auto& [a, b] : rows) out << PadQuantileCell(a, w + 2) << b << "\n";
    if (!s.quantiles.empty()) out << "query: " << s.quantiles.front().number.query << "\n";
    if (s.series.empty()) continue;
    // Requests per second and the mean, per series.
    std::vector<std::vector<std::string>> stats{{"SERIES"}};
    if (r.window_ms) stats.front().push_back("RATE/s");
    stats.front().push_back("MEAN");
    for (const SummarySeries& row : s.series) {
      std::vector<std::string> cells{s.name + (row.labels.empty() ? "" : row.labels.ToString())};
      if (r.window_ms) cells.push_back(row.rate ? QuantileCell(row.rate->value) : "-");
      cells.push_back(row.mean ? QuantileCell(row.mean->value) : "-");
      stats.push_back(std::move(cells));
    }
    std::vector<size_t> widths(stats.front().size(), 0);
    for (const auto& row : stats) {
      for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
    }
    for (const auto& row : stats) {
      std::string line;
      for (size_t i = 0; i < row.size(); ++i) {
        line += i + 1 == row.size() ? row[i] : PadQuantileCell(row[i], widths[i] + 2);
      }
      out << line << "\n";
    }
    out << "queries:\n";
    for (const SummarySeries& row : s.series) {
      if (r.window_ms && row.rate) out << "  rate: " << row.rate->query << "\n";
      if (row.mean) out << "  mean: " << row.mean->query << "\n";
      break;  // one query returns every series
    }
  }
}

std::vector<diag::JsonExtra> QuantileJson(const QuantileResults& r, const std::string& source) {
  nlohmann::json quantiles = nlohmann::json::array();
  nlohmann::json fractions = nlohmann::json::array();
  nlohmann::json rates = nlohmann::json::array();
  nlohmann::json means = nlohmann::json::array();
  nlohmann::json summaries = nlohmann::json::array();
  nlohmann::json histograms = nlohmann::json::array();
  double t = QuantileSeconds(r.time_ms);
  auto entry = [&](const std::string& name, const model::Labels& labels, const QuantileNumber& n) {
    return nlohmann::json{{"histogram", name},
                          {"labels", QuantileLabelsJson(labels)},
                          {"value", QuantileNumberJson(n.value)},
                          {"query", n.query},
                          {"time", t}};
  };
  for (const HistogramResult& h : r.histograms) {
    histograms.push_back({{"name", h.name},
                          {"by", h.by},
                          {"default_grouping", h.default_grouping},
                          {"buckets_query", h.buckets_query}});
    for (const HistogramGroup& g : h.groups) {
      for (const GroupQuantile& q : g.quantiles) {
        nlohmann::json e = entry(h.name, g.labels, q.number);
        e["q"] = q.q;
        if (q.above_bound) e["above_highest_bound"] = *q.above_bound;
        quantiles.push_back(std::move(e));
      }
      if (g.fraction) {
        nlohmann::json e = entry(h.name, g.labels, *g.fraction);
        e["under"] = *r.under;
        fractions.push_back(std::move(e));
      }
      if (g.rate) rates.push_back(entry(h.name, g.labels, *g.rate));
      if (g.mean) means.push_back(entry(h.name, g.labels, *g.mean));
    }
  }
  for (const SummaryResult& s : r.summaries) {
    for (const SummaryQuantile& q : s.quantiles) {
      nlohmann::json e{{"summary", s.name},
                       {"labels", QuantileLabelsJson(q.labels)},
                       {"q", q.q},
                       {"value", QuantileNumberJson(q.number.value)},
                       {"query", q.number.query},
                       {"time", t}};
      summaries.push_back(std::move(e));
    }
    for (const SummarySeries& row : s.series) {
      auto entry_of = [&](const QuantileNumber& n) {
        return nlohmann::json{{"summary", s.name},
                              {"labels", QuantileLabelsJson(row.labels)},
                              {"value", QuantileNumberJson(n.value)},
                              {"query", n.query},
                              {"time", t}};
      };
      if (row.rate) rates.push_back(entry_of(*row.rate));
      if (row.mean) means.push_back(entry_of(*row.mean));
    }
  }
  nlohmann::json evaluation{{"time", t},
                            {"window", r.window_ms ? nlohmann::json(FormatDuration(*r.window_ms))
                                                   : nlohmann::json(nullptr)},
                            {"cumulative", r.cumulative},
                            {"source", source},
                            {"histograms", histograms}};
  return {JsonMember("quantiles", quantiles),
          JsonMember("fractions", fractions),
          JsonMember("rates", rates),
          JsonMember("means", means),
          JsonMember("summary_quantiles", summaries),
          JsonMember("evaluation", evaluation)};
}

}  // namespace ttam::cli
