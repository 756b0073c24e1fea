#include "fleet/scrape_targets.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "fleet/metric_relabel.h"

namespace ttam::fleet {

std::vector<TargetOutcome> ScrapeTargets(
    const std::vector<Target>& targets, size_t concurrency, const Clock& clock,
    const std::function<expfmt::Consumer&(size_t index)>& consumer_for,
    const std::function<void(size_t done, size_t total)>& progress) {
  std::vector<TargetOutcome> outcomes(targets.size());
  if (targets.empty()) return outcomes;
  size_t workers = std::clamp<size_t>(concurrency, 1, targets.size());
  std::atomic<size_t> next{0};
  std::mutex progress_mutex;
  size_t done = 0;
  auto work = [&]() {
    std::unique_ptr<scrape::HttpClient> client = scrape::MakeHttpClient();
    for (size_t i = next++; i < targets.size(); i = next++) {
      const Target& target = targets[i];
      // Prometheus applies metric_relabel_configs before it stores samples
      // and before it checks the scrape limits.
      ScrapeStatsConsumer stats;
      expfmt::TeeConsumer tee;
      tee.Add(stats);
      tee.Add(consumer_for(i));
      std::optional<MetricRelabelConsumer> relabel;
      expfmt::Consumer* head = &tee;
      if (target.metric_relabel_configs != nullptr && !target.metric_relabel_configs->empty()) {
        head = &relabel.emplace(*target.metric_relabel_configs, tee);
      }
      diag::CollectingSink sink;
      scrape::ReadOptions options;
      options.fetch = target.fetch;
      outcomes[i].started_ms = clock.NowMs();
      outcomes[i].summary = scrape::ReadExposition(target.url, options, *client, *head, sink);
      outcomes[i].diagnostics = std::move(sink.diagnostics);
      outcomes[i].stats = stats.stats();
      std::lock_guard<std::mutex> lock(progress_mutex);
      ++done;
      if (progress) progress(done, targets.size());
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(workers);
  for (size_t w = 0; w < workers; ++w) threads.emplace_back(work);
  for (std::thread& t : threads) t.join();
  return outcomes;
}

void ReportOutcomes(const std::vector<Target>& targets, std::vector<TargetOutcome>& outcomes,
                    std::string_view id_prefix, diag::Sink& sink) {
  for (size_t i = 0; i < targets.size() && i < outcomes.size(); ++i) {
    const Target& t = targets[i];
    TargetOutcome& outcome = outcomes[i];
    for (diag::Diagnostic& d : outcome.diagnostics) sink.Report(std::move(d));
    outcome.diagnostics.clear();
    if (!outcome.summary) {
      diag::Diagnostic d;
      d.path = t.url;
      d.severity = diag::Severity::kError;
      d.check = std::string(id_prefix) + "/target-down";
      d.message = "job " + t.job + ": target " + t.url +
                  " could not be scraped: " + outcome.summary.error().message +
                  "; its series are not counted (Prometheus would record up == 0)";
      sink.Report(std::move(d));
      continue;
    }
    CheckScrapeLimits(outcome.stats, t.limits, t.url, t.job, id_prefix, sink);
  }
}

}  // namespace ttam::fleet
