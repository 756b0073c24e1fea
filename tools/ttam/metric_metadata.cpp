#include "metric_metadata.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "diag/diagnostic.h"
#include "expfmt/events.h"
#include "fleet/scrape_targets.h"
#include "fleet/targets.h"
#include "scrape/fetch.h"

namespace ttam::cli {
namespace {

// Keeps a response body whole (metadata replies are small).
class MetadataBody : public scrape::BodyConsumer {
 public:
  bool OnHead(const scrape::ResponseHead&) override { return true; }
  bool OnBody(std::string_view chunk) override {
    text.append(chunk);
    return true;
  }
  std::string text;
};

// Collects a scraped exposition's TYPE lines as the parser resolves them.
class MetadataTypeCollector : public expfmt::Consumer {
 public:
  explicit MetadataTypeCollector(std::string source) : source_(std::move(source)) {}
  void OnMetadata(const expfmt::MetadataEvent& event) override {
    if (event.kind == expfmt::MetadataEvent::Kind::kType) {
      types.Add(event.name, event.type, source_);
    }
  }
  lint::MetricTypes types;

 private:
  std::string source_;
};

bool IsHttpUrl(std::string_view s) { return s.starts_with("http://") || s.starts_with("https://"); }

// A server's root ("http://host:9090" or ".../") stands for its metadata API.
std::string MetadataUrl(const std::string& url) {
  size_t scheme = url.find("://");
  size_t path = url.find('/', scheme + 3);
  if (path == std::string::npos) return url + "/api/v1/metadata";
  if (path == url.size() - 1) return url + "api/v1/metadata";
  return url;
}

}  // namespace

Status AddMetadataText(std::string_view text, std::string_view source, lint::MetricTypes& out) {
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '{') {
    nlohmann::json doc;
    try {
      doc = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
      return Error{std::string("not valid JSON: ") + e.what()};
    }
    if (!doc.is_object() || !doc.contains("data") || !doc["data"].is_object()) {
      return Error{"not a Prometheus /api/v1/metadata reply (no \"data\" object)"};
    }
    for (const auto& [name, entries] : doc["data"].items()) {
      if (!entries.is_array()) continue;
      for (const auto& entry : entries) {
        if (!entry.is_object() || !entry.contains("type") || !entry["type"].is_string()) continue;
        expfmt::MetricType type;
        std::string word = entry["type"].get<std::string>();
        if (expfmt::ParseMetricType(word, expfmt::Format::kOpenMetrics, &type) ||
            expfmt::ParseMetricType(word, expfmt::Format::kText, &type)) {
          out.Add(name, type, source);
          break;
        }
      }
    }
    return Ok();
  }
  if (lint::AddExpositionTypes(text, source, out) == 0) {
    return Error{
        "no TYPE lines (neither an exposition with metadata nor a /api/v1/metadata "
        "reply)"};
  }
  return Ok();
}

Status AddMetadataSource(const std::string& source, Io& io, lint::MetricTypes& out) {
  std::string text;
  if (IsHttpUrl(source)) {
    auto client = scrape::MakeHttpClient(TTAM_VERSION);
    MetadataBody body;
    scrape::FetchOptions fetch;
    auto got = client->Get(MetadataUrl(source), fetch, body);
    if (!got) return Error{source + ": " + got.error().message};
    text = std::move(body.text);
  } else {
    auto read = io.fs.Read(source);
    if (!read) return Error{read.error().message};
    text = std::move(*read);
  }
  auto added = AddMetadataText(text, "--metadata " + source, out);
  if (!added) return Error{source + ": " + added.error().message};
  return Ok();
}

size_t AddScrapedMetadata(const config::LoadedConfig& config, Io& io, lint::MetricTypes& out) {
  // Problems of the config itself are the lint's business, reported elsewhere.
  diag::CollectingSink ignored;
  std::vector<fleet::Target> targets =
      fleet::TargetsFromConfig(config, "", io.fs, "config", ignored);
  std::vector<std::unique_ptr<MetadataTypeCollector>> collectors;
  for (const fleet::Target& t : targets) {
    collectors.push_back(std::make_unique<MetadataTypeCollector>("target " + t.url));
  }
  std::vector<fleet::TargetOutcome> outcomes = fleet::ScrapeTargets(
      targets, 8, io.clock, [&](size_t i) -> expfmt::Consumer& { return *collectors[i]; }, {});
  size_t read = 0;
  for (size_t i = 0; i < targets.size(); ++i) {
    if (!outcomes[i].summary) {
      io.err << "ttam: warning: --scrape-metadata: " << targets[i].url << ": "
             << outcomes[i].summary.error().message << "\n";
      continue;
    }
    out.Merge(collectors[i]->types);
    ++read;
  }
  return read;
}

}  // namespace ttam::cli
