#pragma once

// Request counters with designed error patterns for the burn-rate tests
// (tests/slo/burn_rate_promtool_test.cpp, tests/integration/
// burn_rate_server_test.cpp): phases of steady traffic, as value lists
// (promqltest load, promtool input_series) and as a recording.

#include <charconv>
#include <cstdint>
#include <string>
#include <vector>

namespace ttam::test {

/// Samples are this far apart (s): no window of 5m ... 3d is a multiple of
/// it, so no sample sits on a window's left edge, where Prometheus 3
/// (left-open) and 2.42 (closed) differ.
inline constexpr int64_t kStepS = 70;

inline std::string BurnFloat(double v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

// A stretch of the run: `steps` samples, each adding `ok` successful and
// `errors` failed requests.
struct Phase {
  int steps = 0;
  double ok = 0;
  double errors = 0;
};

// The counters' values, one per step, as explicit lists: the load file,
// the recording and promtool's input_series all get the very same floats.
struct Counters {
  std::vector<double> ok, errors;
  int samples = 0;
};

inline Counters Build(const std::vector<Phase>& phases) {
  Counters c;
  double ok = 0, err = 0;
  for (const Phase& p : phases) {
    for (int i = 0; i < p.steps; ++i) {
      if (c.samples > 0) {
        ok += p.ok;
        err += p.errors;
      }
      c.ok.push_back(ok);
      c.errors.push_back(err);
      ++c.samples;
    }
  }
  return c;
}

inline std::string ValueList(const std::vector<double>& values) {
  std::string out;
  for (double v : values) out += (out.empty() ? "" : " ") + BurnFloat(v);
  return out;
}

// The same counters as `ttam record` writes them: OpenMetrics with a
// timestamp (seconds from `start_s`, kStepS apart) on every sample.
inline std::string Recording(const Counters& c, int64_t start_s) {
  std::string out = "# TYPE http_requests counter\n";
  for (int i = 0; i < c.samples; ++i) {
    out += "http_requests_total{code=\"200\"} " + BurnFloat(c.ok[i]) + " " +
           std::to_string(start_s + i * kStepS) + "\n";
  }
  for (int i = 0; i < c.samples; ++i) {
    out += "http_requests_total{code=\"500\"} " + BurnFloat(c.errors[i]) + " " +
           std::to_string(start_s + i * kStepS) + "\n";
  }
  return out + "# EOF\n";
}

}  // namespace ttam::test
