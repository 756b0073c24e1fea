// promtool's number, duration and list texts for rule unit tests.

#include "ruletest/promtool_text.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "support/units.h"

namespace ttam::ruletest {

std::string FormatE(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string s(buf, r.ptr);
  for (char& c : s)
    if (c == 'e') c = 'E';
  return s;
}

std::string GoDuration(int64_t ms) {
  if (ms == 0) return "0s";
  std::string sign;
  uint64_t u = 0;
  if (ms < 0) {
    sign = "-";
    u = static_cast<uint64_t>(-(ms + 1)) + 1;
  } else {
    u = static_cast<uint64_t>(ms);
  }
  if (u < 1000) return sign + std::to_string(u) + "ms";
  uint64_t frac = u % 1000;
  uint64_t secs = u / 1000;
  std::string s;
  uint64_t h = secs / 3600, m = (secs / 60) % 60, sec = secs % 60;
  if (h > 0) s += std::to_string(h) + "h";
  if (h > 0 || m > 0) s += std::to_string(m) + "m";
  s += std::to_string(sec);
  if (frac != 0) {
    char f[8];
    std::snprintf(f, sizeof f, ".%03u", static_cast<unsigned>(frac));
    std::string fs = f;
    while (fs.back() == '0') fs.pop_back();
    s += fs;
  }
  return sign + s + "s";
}

std::string PromqlErrorText(std::string_view query, size_t offset, const std::string& message) {
  int line = 1;
  size_t last_break = std::string_view::npos;
  for (size_t i = 0; i < offset && i < query.size(); ++i) {
    if (query[i] == '\n') {
      ++line;
      last_break = i;
    }
  }
  size_t col = last_break == std::string_view::npos ? offset + 1 : offset - last_break;
  return std::to_string(line) + ":" + std::to_string(col) + ": parse error: " + message;
}

std::string ModelDuration(int64_t ms) { return FormatDuration(ms); }

std::string IndentLines(const std::string& lines, const std::string& indent) {
  std::string out;
  size_t start = 0;
  bool first = true;
  while (true) {
    size_t nl = lines.find('\n', start);
    if (!first) out += indent;
    first = false;
    if (nl == std::string::npos) {
      out.append(lines, start, std::string::npos);
      break;
    }
    out.append(lines, start, nl - start + 1);
    start = nl + 1;
  }
  return out;
}

std::string AlertListText(const std::vector<AlertItem>& alerts) {
  if (alerts.empty()) return "[]";
  std::string s = "[\n";
  for (size_t i = 0; i < alerts.size(); ++i) {
    if (i > 0) s += ",\n";
    std::string item = "\nLabels:" + alerts[i].labels.ToString() +
                       "\nAnnotations:" + alerts[i].annotations.ToString();
    s += std::to_string(i) + ":" + IndentLines(item, "  ");
  }
  s += "\n]";
  return s;
}

std::string SampleText(const SampleItem& sample) {
  return sample.labels.ToString() + " " +
         (sample.histogram.empty() ? FormatE(sample.value) : sample.histogram);
}

std::string SampleListText(const std::vector<SampleItem>& samples) {
  if (samples.empty()) return "nil";
  std::string s;
  for (size_t i = 0; i < samples.size(); ++i) {
    if (i > 0) s += ", ";
    s += SampleText(samples[i]);
  }
  return s;
}

}  // namespace ttam::ruletest
