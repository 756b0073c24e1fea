#include "promapi/server.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include "scrape/url.h"

namespace ttam::promapi {
namespace {

using nlohmann::json;

class Collect final : public scrape::BodyConsumer {
 public:
  bool OnHead(const scrape::ResponseHead& head) override {
    content_type = head.content_type;
    return true;
  }
  bool OnBody(std::string_view chunk) override {
    body.append(chunk);
    return true;
  }
  std::string content_type;
  std::string body;
};

class Api {
 public:
  Api(std::string base, const scrape::FetchOptions& fetch, scrape::HttpClient& client)
      : base_(std::move(base)), fetch_(fetch), client_(client) {
    while (!base_.empty() && base_.back() == '/') base_.pop_back();
    fetch_.accept = "application/json";
  }

  // GETs `path_and_query` and returns the reply's "data" member.
  Result<json> Get(const std::string& path_and_query) {
    std::string url = base_ + path_and_query;
    std::string shown = scrape::RedactUrl(url);
    Collect body;
    auto got = client_.Get(url, fetch_, body);
    if (!got.ok()) {
      return Error{"cannot query Prometheus at " + scrape::RedactUrl(base_) + ": " +
                   got.error().message};
    }
    json reply;
    try {
      reply = json::parse(body.body);
    } catch (const json::exception& e) {
      auto first = body.body.find_first_not_of(" \t\r\n");
      if (first != std::string::npos && body.body[first] == '<') {
        return Error{shown + " answered with HTML (" +
                     (body.content_type.empty() ? "no Content-Type" : body.content_type) +
                     "), not the Prometheus API: check that the URL is a Prometheus server's "
                     "root"};
      }
      std::string what = e.what();
      return Error{"malformed JSON from " + shown + ": " + what};
    }
    if (!reply.is_object() || !reply.contains("status") || !reply["status"].is_string()) {
      return Error{shown +
                   " did not answer like the Prometheus API (no \"status\" in the "
                   "reply): check that the URL is a Prometheus server's root"};
    }
    std::string status = reply["status"].get<std::string>();
    if (status == "error") {
      std::string type = reply.value("errorType", std::string());
      std::string text = reply.value("error", std::string("(no error text)"));
      return Error{"Prometheus at " + scrape::RedactUrl(base_) + " returned an error" +
                   (type.empty() ? "" : " (" + type + ")") + ": " + text};
    }
    if (status != "success" || !reply.contains("data")) {
      return Error{shown + " answered with status \"" + status +
                   "\" and no data: not the Prometheus API"};
    }
    return std::move(reply["data"]);
  }

  // An instant query's vector result: each element's labels and value.
  struct Element {
    std::map<std::string, std::string> labels;
    double value = 0;
  };
  Result<std::vector<Element>> Query(const std::string& promql) {
    auto data = Get("/api/v1/query?query=" + scrape::QueryEscape(promql, /*space_as_plus=*/false));
    if (!data.ok()) return data.error();
    std::string where = "the reply to " + promql + " from " + scrape::RedactUrl(base_);
    const json& d = *data;
    if (!d.is_object() || d.value("resultType", std::string()) != "vector" ||
        !d.contains("result") || !d["result"].is_array()) {
      return Error{where + " is not an instant vector: not the Prometheus API"};
    }
    std::vector<Element> out;
    for (const json& r : d["result"]) {
      if (!r.is_object() || !r.contains("metric") || !r["metric"].is_object() ||
          !r.contains("value") || !r["value"].is_array() || r["value"].size() != 2 ||
          !r["value"][1].is_string()) {
        return Error{where + " has a malformed sample: " + r.dump().substr(0, 200)};
      }
      Element e;
      for (const auto& [k, v] : r["metric"].items()) {
        if (v.is_string()) e.labels[k] = v.get<std::string>();
      }
      try {
        e.value = std::stod(r["value"][1].get<std::string>());
      } catch (const std::exception&) {
        return Error{where + " has a non-numeric value: " + r["value"][1].dump()};
      }
      out.push_back(std::move(e));
    }
    return out;
  }

 private:
  std::string base_;
  scrape::FetchOptions fetch_;
  scrape::HttpClient& client_;
};

bool IsLegacyName(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (!(std::isalpha(c) || c == '_' || (i > 0 && std::isdigit(c)))) return false;
  }
  return true;
}

// A label name as PromQL needs it: bare, or quoted (UTF-8 names, Prometheus 3).
std::string LabelRef(const std::string& name) {
  if (IsLegacyName(name)) return name;
  return json(name).dump();
}

// The family a sample name belongs to, given family types from metadata.
std::string FamilyOf(const std::string& sample, const std::map<std::string, std::string>& types) {
  if (types.count(sample) != 0) return sample;
  struct Rule {
    std::string_view suffix;
    std::initializer_list<std::string_view> family_types;
  };
  static const Rule kRules[] = {
      {"_bucket", {"histogram", "gaugehistogram"}},
      {"_count", {"histogram", "summary"}},
      {"_sum", {"histogram", "summary"}},
      {"_gcount", {"gaugehistogram"}},
      {"_gsum", {"gaugehistogram"}},
      {"_total", {"counter"}},
      {"_created", {"counter", "histogram", "summary"}},
      {"_info", {"info"}},
  };
  for (const Rule& r : kRules) {
    if (sample.size() <= r.suffix.size() ||
        sample.compare(sample.size() - r.suffix.size(), r.suffix.size(), r.suffix) != 0) {
      continue;
    }
    std::string family = sample.substr(0, sample.size() - r.suffix.size());
    auto it = types.find(family);
    if (it != types.end() && std::find(r.family_types.begin(), r.family_types.end(), it->second) !=
                                 r.family_types.end()) {
      return family;
    }
  }
  return sample;
}

uint64_t Count(double v) { return v <= 0 ? 0 : static_cast<uint64_t>(v + 0.5); }

}  // namespace

Result<cardinality::Measurement> MeasureServer(const std::string& base_url,
                                               const scrape::FetchOptions& fetch,
                                               scrape::HttpClient& client, size_t top) {
  Api api(base_url, fetch, client);
  std::string base = scrape::RedactUrl(base_url);

  auto tsdb = api.Get("/api/v1/status/tsdb");
  if (!tsdb.ok()) return tsdb.error();
  if (!tsdb->is_object() || !tsdb->contains("headStats")) {
    return Error{base +
                 "/api/v1/status/tsdb has no headStats: not a Prometheus server (an "
                 "agent or another API?)"};
  }

  std::map<std::string, std::string> types;
  auto metadata = api.Get("/api/v1/metadata");
  if (!metadata.ok()) return metadata.error();
  if (!metadata->is_object()) {
    return Error{base + "/api/v1/metadata is not an object: not the Prometheus API"};
  }
  for (const auto& [name, entries] : metadata->items()) {
    if (entries.is_array() && !entries.empty() && entries[0].is_object()) {
      types[name] = entries[0].value("type", std::string("unknown"));
    }
  }

  auto per_name = api.Query("count by (__name__) ({__name__=~\".+\"})");
  if (!per_name.ok()) return per_name.error();
  std::map<std::string, uint64_t> series;
  for (const auto& e : *per_name) {
    auto name = e.labels.find("__name__");
    if (name == e.labels.end()) continue;
    series[FamilyOf(name->second, types)] += Count(e.value);
  }

  cardinality::Measurement m;
  for (const auto& [name, n] : series) {
    auto t = types.find(name);
    std::string type = t == types.end() ? "unknown" : t->second;
    if (type == "untyped") type = "unknown";
    m.metrics.push_back({name, type, n, {}});
    m.total_series += n;
  }
  std::sort(m.metrics.begin(), m.metrics.end(), [](const auto& a, const auto& b) {
    return a.series != b.series ? a.series > b.series : a.name < b.name;
  });
  if (top != 0 && m.metrics.size() > top) m.metrics.resize(top);

  auto labels = api.Get("/api/v1/labels");
  if (!labels.ok()) return labels.error();
  if (!labels->is_array()) {
    return Error{base + "/api/v1/labels is not a list: not the Prometheus API"};
  }
  for (const json& l : *labels) {
    if (!l.is_string()) continue;
    std::string name = l.get<std::string>();
    if (name == "__name__") continue;
    std::string by = "count by (" + LabelRef(name) + ") ({" + LabelRef(name) + "!=\"\"})";
    cardinality::LabelReport report;
    report.name = name;
    std::vector<Api::Element> values;
    if (top == 0) {
      auto all = api.Query(by);
      if (!all.ok()) return all.error();
      values = std::move(*all);
      report.distinct_values = values.size();
    } else {
      auto distinct = api.Query("count(" + by + ")");
      if (!distinct.ok()) return distinct.error();
      // No series carry it now (only older blocks do): nothing to report.
      if (distinct->empty()) continue;
      report.distinct_values = Count((*distinct)[0].value);
      auto best = api.Query("topk(" + std::to_string(top) + ", " + by + ")");
      if (!best.ok()) return best.error();
      values = std::move(*best);
    }
    if (report.distinct_values == 0) continue;
    for (const auto& e : values) {
      auto v = e.labels.find(name);
      if (v != e.labels.end()) report.top_values.push_back({v->second, Count(e.value)});
    }
    std::sort(report.top_values.begin(), report.top_values.end(), [](const auto& a, const auto& b) {
      return a.series != b.series ? a.series > b.series : a.value < b.value;
    });
    if (top != 0 && report.top_values.size() > top) report.top_values.resize(top);
    m.labels.push_back(std::move(report));
  }
  std::sort(m.labels.begin(), m.labels.end(), [](const auto& a, const auto& b) {
    return a.distinct_values != b.distinct_values ? a.distinct_values > b.distinct_values
                                                  : a.name < b.name;
  });
  if (top != 0 && m.labels.size() > top) m.labels.resize(top);
  return m;
}

}  // namespace ttam::promapi
