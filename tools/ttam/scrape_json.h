#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "expfmt/events.h"
#include "expfmt/stats.h"
#include "scrape/read_exposition.h"

namespace ttam::cli {

/// Collects every family and sample as JSON, like prom2json: values are
/// strings so that NaN and ±Inf survive.
class JsonDumpConsumer : public expfmt::Consumer {
 public:
  void OnSample(const expfmt::SampleEvent& event) override;
  void OnFamilyEnd(const expfmt::FamilyEndEvent& event) override;
  nlohmann::json& families() { return families_; }

 private:
  nlohmann::json families_ = nlohmann::json::array();
  nlohmann::json samples_ = nlohmann::json::array();
};

/// The "scrape" object of `scrape --format json`.
nlohmann::json ScrapeSummaryJson(const scrape::ReadSummary& summary,
                                 const expfmt::StatsConsumer& stats, JsonDumpConsumer* dump);

}  // namespace ttam::cli
