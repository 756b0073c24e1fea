// The ttam side of tests/bench/query.sh: loads the benchmark's OpenMetrics
// file (the generator's subset: `name{k="v",...} value unix_seconds` lines,
// `#` lines skipped) into eval::Storage, then times range queries with
// EvalRange, load and evaluation separately.
//
// usage: query_bench [--dump] FILE START END STEP RUNS EXPR...
//   START, END: Unix seconds; STEP: seconds; RUNS: timed runs per query.
// Prints `load <ms> <series> <samples>`, then per query
// `query <i> <median wall ms> <median cpu ms> <series> <points>` or
// `query <i> error <message>` (CPU time: the process's, so that a busy
// machine shows less in it than in the wall time). --dump also prints each
// result series as `series <labels> t=v ...` (to compare with Prometheus's).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "eval/engine.h"
#include "eval/plan.h"
#include "eval/storage.h"
#include "model/labels.h"
#include "promql/check.h"
#include "promql/parser.h"

namespace {

using Clock = std::chrono::steady_clock;

double Ms(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// Parses one sample line of the generator's format; false on anything else.
bool ParseLine(std::string_view line, std::vector<ttam::model::Label>& labels, double& value,
               double& seconds) {
  labels.clear();
  size_t brace = line.find('{');
  size_t space = line.find(' ');
  if (space == std::string_view::npos) return false;
  size_t name_end = brace != std::string_view::npos && brace < space ? brace : space;
  labels.push_back({"__name__", std::string(line.substr(0, name_end))});
  size_t i = name_end;
  if (i < line.size() && line[i] == '{') {
    ++i;
    while (i < line.size() && line[i] != '}') {
      size_t eq = line.find('=', i);
      if (eq == std::string_view::npos || eq + 1 >= line.size() || line[eq + 1] != '"') {
        return false;
      }
      size_t close = line.find('"', eq + 2);
      if (close == std::string_view::npos) return false;
      labels.push_back(
          {std::string(line.substr(i, eq - i)), std::string(line.substr(eq + 2, close - eq - 2))});
      i = close + 1;
      if (i < line.size() && line[i] == ',') ++i;
    }
    ++i;  // the closing brace
  }
  std::string rest(line.substr(std::min(i, line.size())));
  char* end = nullptr;
  value = std::strtod(rest.c_str(), &end);
  if (end == rest.c_str()) return false;
  char* end2 = nullptr;
  seconds = std::strtod(end, &end2);
  return end2 != end;
}

}  // namespace

int main(int argc, char** argv) {
  bool dump = argc > 1 && std::string_view(argv[1]) == "--dump";
  if (dump) {
    --argc;
    ++argv;
  }
  if (argc < 7) {
    std::fprintf(stderr, "usage: query_bench FILE START END STEP RUNS EXPR...\n");
    return 2;
  }
  const int64_t start_ms = std::atoll(argv[2]) * 1000;
  const int64_t end_ms = std::atoll(argv[3]) * 1000;
  const int64_t step_ms = std::atoll(argv[4]) * 1000;
  const int runs = std::max(1, std::atoi(argv[5]));

  auto t0 = Clock::now();
  ttam::eval::Storage storage;
  {
    std::ifstream in(argv[1]);
    if (!in) {
      std::fprintf(stderr, "query_bench: cannot read %s\n", argv[1]);
      return 2;
    }
    std::vector<ttam::model::Label> labels;
    ttam::model::Labels current;
    std::string previous_key;
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#') continue;
      double v = 0, s = 0;
      // Consecutive lines of one series share the label set: parse it once.
      std::string_view key(line.data(), std::min(line.find(' '), line.size()));
      if (key != previous_key) {
        if (!ParseLine(line, labels, v, s)) {
          std::fprintf(stderr, "query_bench: unexpected line: %s\n", line.c_str());
          return 2;
        }
        current = ttam::model::Labels::FromUnsorted(labels);
        previous_key = std::string(key);
      } else {
        char* end = nullptr;
        v = std::strtod(line.c_str() + key.size(), &end);
        s = std::strtod(end, nullptr);
      }
      auto t_ms = static_cast<int64_t>(s * 1000 + (s >= 0 ? 0.5 : -0.5));
      if (!storage.Append(current, t_ms, v).ok()) {
        std::fprintf(stderr, "query_bench: cannot append: %s\n", line.c_str());
        return 2;
      }
    }
    storage.Compact();
  }
  auto t1 = Clock::now();
  std::printf("load %.1f %zu %zu\n", Ms(t0, t1), storage.SeriesCount(), storage.SampleCount());

  ttam::eval::EngineOptions options;
  options.max_samples = 50000000;  // a Prometheus server's default
  for (int q = 6; q < argc; ++q) {
    const int index = q - 6;
    ttam::promql::ParseResult parsed = ttam::promql::Parse(argv[q]);
    if (!parsed.ok() || !ttam::promql::Check(*parsed.expr, {}).empty()) {
      std::printf("query %d error does not parse or check\n", index);
      continue;
    }
    ttam::Result<ttam::eval::Plan> plan = ttam::eval::Plan::Bind(*parsed.expr);
    if (!plan.ok()) {
      std::printf("query %d error %s\n", index, plan.error().message.c_str());
      continue;
    }
    std::vector<double> times, cpu_times;
    size_t series = 0, points = 0;
    bool failed = false;
    for (int r = 0; r < runs && !failed; ++r) {
      auto a = Clock::now();
      std::clock_t ca = std::clock();
      ttam::Result<ttam::eval::Matrix> m =
          ttam::eval::EvalRange(storage, *plan, start_ms, end_ms, step_ms, options);
      std::clock_t cb = std::clock();
      auto b = Clock::now();
      cpu_times.push_back(1000.0 * static_cast<double>(cb - ca) / CLOCKS_PER_SEC);
      if (!m.ok()) {
        std::printf("query %d error %s\n", index, m.error().message.c_str());
        failed = true;
        break;
      }
      times.push_back(Ms(a, b));
      series = m->size();
      points = 0;
      for (const ttam::eval::MatrixSeries& s : *m) points += s.floats.size();
      if (dump && r == 0) {
        for (const ttam::eval::MatrixSeries& s : *m) {
          std::printf("series %s", ttam::model::FormatMetric(s.labels).c_str());
          for (const ttam::eval::Sample& p : s.floats) {
            std::printf(" %lld=%.17g", static_cast<long long>(p.t / 1000), p.v);
          }
          std::printf("\n");
        }
      }
    }
    if (failed) continue;
    std::sort(times.begin(), times.end());
    std::sort(cpu_times.begin(), cpu_times.end());
    std::printf("query %d %.2f %.2f %zu %zu\n", index, times[times.size() / 2],
                cpu_times[cpu_times.size() / 2], series, points);
  }
  return 0;
}
