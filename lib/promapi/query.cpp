#include "promapi/query.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <utility>

#include "scrape/url.h"
#include "support/number.h"
#include "support/rfc3339.h"
#include "support/units.h"

namespace ttam::promapi {
namespace {

using nlohmann::json;

std::string Trimmed(std::string_view s) {
  size_t a = s.find_first_not_of(" \t");
  if (a == std::string_view::npos) return "";
  size_t b = s.find_last_not_of(" \t");
  return std::string(s.substr(a, b - a + 1));
}

class QueryReply final : public scrape::BodyConsumer {
 public:
  bool OnHead(const scrape::ResponseHead& head) override {
    status = head.status;
    content_type = head.content_type;
    return true;
  }
  bool OnBody(std::string_view chunk) override {
    body.append(chunk);
    return true;
  }
  int status = 0;
  std::string content_type;
  std::string body;
};

Result<double> ValueOf(const json& v, const std::string& where) {
  double out = 0;
  if (!v.is_string() || !ParseFloat(v.get<std::string>(), &out)) {
    return Error{where + " has a value that is not a number in a string: " + v.dump()};
  }
  return out;
}

Result<int64_t> TimeOf(const json& t, const std::string& where) {
  if (!t.is_number()) return Error{where + " has a timestamp that is not a number: " + t.dump()};
  return static_cast<int64_t>(std::llround(t.get<double>() * 1000));
}

// `[ts, "v"]`.
Result<eval::Sample> PointOf(const json& p, const std::string& where) {
  if (!p.is_array() || p.size() != 2) {
    return Error{where + " has a malformed point: " + p.dump().substr(0, 200)};
  }
  auto t = TimeOf(p[0], where);
  if (!t) return t.error();
  auto v = ValueOf(p[1], where);
  if (!v) return v.error();
  return eval::Sample{*t, *v};
}

Result<model::Labels> LabelsOf(const json& metric, const std::string& where) {
  if (!metric.is_object()) return Error{where + " has a series without a \"metric\" object"};
  std::vector<model::Label> labels;
  for (const auto& [k, v] : metric.items()) {
    if (!v.is_string()) return Error{where + " has a label value that is not a string"};
    labels.push_back({k, v.get<std::string>()});
  }
  return model::Labels::FromUnsorted(std::move(labels));
}

Result<std::vector<std::string>> Strings(const json& reply, const char* key,
                                         const std::string& where) {
  std::vector<std::string> out;
  if (!reply.contains(key) || reply[key].is_null()) return out;
  if (!reply[key].is_array()) return Error{where + " has a \"" + key + "\" that is not a list"};
  for (const json& s : reply[key]) {
    if (s.is_string()) out.push_back(s.get<std::string>());
  }
  return out;
}

}  // namespace

Result<int64_t> ParseApiTime(std::string_view text) {
  std::string s = Trimmed(text);
  double seconds = 0;
  if (ParseFloat(s, &seconds)) {
    if (!std::isfinite(seconds) || std::fabs(seconds) > 9.2e15) {
      return Error{"cannot parse \"" + s + "\" to a valid timestamp"};
    }
    double whole = 0;
    double fraction = std::modf(seconds, &whole);
    return static_cast<int64_t>(whole) * 1000 + static_cast<int64_t>(std::round(fraction * 1000));
  }
  if (auto t = ParseRfc3339Ms(s)) return *t;
  return Error{"cannot parse \"" + s +
               "\" to a valid timestamp: give Unix seconds (1700000000, 1700000000.5) or RFC 3339 "
               "(2026-01-02T15:04:05Z)"};
}

Result<int64_t> ParseApiDuration(std::string_view text) {
  std::string s = Trimmed(text);
  double seconds = 0;
  if (ParseFloat(s, &seconds)) {
    double ms = seconds * 1000;
    if (!std::isfinite(ms) || std::fabs(ms) >= 9.2e15) {
      return Error{"cannot parse \"" + s + "\" to a valid duration. It overflows int64"};
    }
    return static_cast<int64_t>(std::round(ms));
  }
  auto d = ParseDuration(s);
  if (!d) return Error{"cannot parse \"" + s + "\" to a valid duration"};
  return static_cast<int64_t>(d->count());
}

std::string FormatApiTime(int64_t ms) {
  std::string out;
  uint64_t magnitude = static_cast<uint64_t>(ms);
  if (ms < 0) {
    out = "-";
    magnitude = 0 - magnitude;
  }
  out += std::to_string(magnitude / 1000);
  uint64_t fraction = magnitude % 1000;
  if (fraction != 0) {
    out += '.';
    if (fraction < 100) out += '0';
    if (fraction < 10) out += '0';
    out += std::to_string(fraction);
  }
  return out;
}

std::string FormatApiFloat(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  double abs = std::fabs(v);
  if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
    // Exponent form, as Go's strconv 'e' with the shortest digits; Go
    // writes at least two exponent digits: 1e-07, 1.5e+21.
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    std::string sci(buf, end);
    size_t e = sci.find('e');
    if (sci.size() - e == 3) sci.insert(e + 2, "0");
    return sci;
  }
  return FormatShortestFixed(v);
}

Status CheckRange(int64_t start_ms, int64_t end_ms, int64_t step_ms) {
  if (end_ms < start_ms) return Error{"end timestamp must not be before start time"};
  if (step_ms <= 0) {
    return Error{
        "zero or negative query resolution step widths are not accepted. Try a positive integer"};
  }
  if ((end_ms - start_ms) / step_ms > kMaxPointsPerSeries) {
    return Error{
        "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query "
        "resolution (?step=XX)"};
  }
  return Ok();
}

Result<QueryResponse> ParseQueryResponse(std::string_view body, const std::string& where) {
  json reply = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (reply.is_discarded()) {
    auto first = body.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && body[first] == '<') {
      return Error{where +
                   " answered with HTML, not the Prometheus API: check that the URL is a "
                   "Prometheus server's root"};
    }
    return Error{"malformed JSON from " + where};
  }
  if (!reply.is_object() || !reply.contains("status") || !reply["status"].is_string()) {
    return Error{where +
                 " did not answer like the Prometheus API (no \"status\" in the reply): check "
                 "that the URL is a Prometheus server's root"};
  }
  std::string status = reply["status"].get<std::string>();
  if (status == "error") {
    std::string type = reply.contains("errorType") && reply["errorType"].is_string()
                           ? reply["errorType"].get<std::string>()
                           : "";
    std::string text = reply.contains("error") && reply["error"].is_string()
                           ? reply["error"].get<std::string>()
                           : "(no error text)";
    return Error{where + " rejected the query" + (type.empty() ? "" : " (" + type + ")") + ": " +
                 text};
  }
  if (status != "success" || !reply.contains("data") || !reply["data"].is_object()) {
    return Error{where + " answered with status \"" + status + "\" and no data"};
  }
  const json& data = reply["data"];
  std::string type =
      data.contains("resultType") && data["resultType"].is_string() ? data["resultType"] : "";
  if (!data.contains("result")) return Error{where + " sent no \"result\""};
  const json& result = data["result"];
  QueryResponse out;
  if (type == "scalar" || type == "string") {
    if (!result.is_array() || result.size() != 2) {
      return Error{where + " has a malformed " + type + " result"};
    }
    auto t = TimeOf(result[0], where);
    if (!t) return t.error();
    if (type == "scalar") {
      auto v = ValueOf(result[1], where);
      if (!v) return v.error();
      out.value = eval::Scalar{*t, *v};
    } else {
      if (!result[1].is_string()) return Error{where + " has a string result that is not a string"};
      out.value = eval::String{*t, result[1].get<std::string>()};
    }
  } else if (type == "vector" || type == "matrix") {
    if (!result.is_array()) return Error{where + " has a \"result\" that is not a list"};
    eval::Vector vector;
    eval::Matrix matrix;
    for (const json& r : result) {
      if (!r.is_object()) return Error{where + " has a malformed series"};
      auto labels = LabelsOf(r.contains("metric") ? r["metric"] : json(), where);
      if (!labels) return labels.error();
      if (type == "vector") {
        if (!r.contains("value")) {
          return Error{where +
                       " has a sample without a float \"value\" (native histograms are "
                       "not supported)"};
        }
        auto p = PointOf(r["value"], where);
        if (!p) return p.error();
        vector.push_back({std::move(*labels), p->t, p->v});
      } else {
        if (!r.contains("values") || !r["values"].is_array()) {
          return Error{where +
                       " has a series without float \"values\" (native histograms are "
                       "not supported)"};
        }
        eval::MatrixSeries series{std::move(*labels), {}};
        for (const json& point : r["values"]) {
          auto p = PointOf(point, where);
          if (!p) return p.error();
          series.floats.push_back(*p);
        }
        matrix.push_back(std::move(series));
      }
    }
    if (type == "vector") {
      out.value = std::move(vector);
    } else {
      out.value = std::move(matrix);
    }
  } else {
    return Error{where + " sent an unknown resultType \"" + type + "\""};
  }
  auto warnings = Strings(reply, "warnings", where);
  if (!warnings) return warnings.error();
  auto infos = Strings(reply, "infos", where);
  if (!infos) return infos.error();
  out.warnings = std::move(*warnings);
  out.infos = std::move(*infos);
  return out;
}

Result<QueryResponse> RunQuery(const std::string& base_url, const QueryRequest& request,
                               const scrape::FetchOptions& fetch, scrape::HttpClient& client) {
  std::string base = base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::string url = base + (request.range ? "/api/v1/query_range" : "/api/v1/query") +
                    "?query=" + scrape::QueryEscape(request.expr, /*space_as_plus=*/false);
  if (request.range) {
    url += "&start=" + FormatApiTime(request.start_ms) + "&end=" + FormatApiTime(request.end_ms) +
           "&step=" + FormatApiTime(request.step_ms);
  } else if (request.time_ms) {
    url += "&time=" + FormatApiTime(*request.time_ms);
  }
  if (request.lookback_ms) url += "&lookback_delta=" + FormatApiTime(*request.lookback_ms);

  scrape::FetchOptions options = fetch;
  options.accept = "application/json";
  options.error_bodies = true;
  std::string where = "Prometheus at " + scrape::RedactUrl(base);
  QueryReply reply;
  auto got = client.Get(url, options, reply);
  if (!got.ok()) return Error{"cannot query " + where + ": " + got.error().message};
  auto parsed = ParseQueryResponse(reply.body, where);
  if (!parsed && reply.status != 0 && (reply.status < 200 || reply.status > 299)) {
    const std::string& why = parsed.error().message;
    // A JSON error reply says more than its status; anything else gets the status.
    if (why.find("rejected the query") != std::string::npos) return parsed.error();
    return Error{where + " returned HTTP " + std::to_string(reply.status) + " to the query"};
  }
  return parsed;
}

}  // namespace ttam::promapi
