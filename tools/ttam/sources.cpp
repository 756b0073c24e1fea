#include "sources.h"

#include <algorithm>
#include <chrono>
#include <ostream>
#include <thread>

#include "config/config.h"
#include "eval/engine.h"
#include "eval/load_exposition.h"
#include "eval/plan.h"
#include "eval/storage.h"
#include "expfmt/parser.h"
#include "fleet/scrape_targets.h"
#include "fleet/targets.h"
#include "promapi/query.h"
#include "promql/check.h"
#include "promql/parser.h"
#include "query_data.h"
#include "scrape/fetch.h"
#include "scrape/read_exposition.h"
#include "support/units.h"

namespace ttam::cli {
namespace {

// A server's default --query.max-samples: local data is the user's, not a test's.
constexpr int64_t kSourceMaxSamples = 50000000;

bool IsSourceUrl(const std::string& s) {
  return s.starts_with("http://") || s.starts_with("https://");
}

// host:port of a URL, as Prometheus's `instance` label holds a target's address.
std::string TargetInstance(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t end = url.find_first_of("/?#", start);
  std::string host = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  size_t at = host.rfind('@');
  return at == std::string::npos ? host : host.substr(at + 1);
}

class LocalBackend final : public QueryBackend {
 public:
  explicit LocalBackend(eval::Storage storage) : storage_(std::move(storage)) {}

  Result<InstantAnswer> Instant(const std::string& expr, int64_t t_ms) override {
    promql::ParseResult parsed = promql::Parse(expr);
    if (!parsed.ok()) return Error{"cannot parse " + expr + ": " + parsed.errors[0].message};
    std::vector<promql::CheckError> problems = promql::Check(*parsed.expr, {});
    if (!problems.empty()) return Error{"invalid query " + expr + ": " + problems[0].message};
    auto plan = eval::Plan::Bind(*parsed.expr);
    if (!plan) return Error{"cannot evaluate " + expr + ": " + plan.error().message};
    eval::EngineOptions options;
    options.max_samples = kSourceMaxSamples;
    eval::Annotations annotations;
    auto value = eval::EvalInstant(storage_, *plan, t_ms, options, &annotations);
    if (!value) return Error{"cannot evaluate " + expr + ": " + value.error().message};
    InstantAnswer answer;
    if (auto* v = std::get_if<eval::Vector>(&*value)) {
      answer.vector = std::move(*v);
    } else if (auto* s = std::get_if<eval::Scalar>(&*value)) {
      answer.vector.push_back({.labels = {}, .t = s->t, .v = s->v});
    } else {
      return Error{"query " + expr + " does not give an instant vector"};
    }
    for (const eval::Annotation& a : annotations) {
      (a.kind == eval::Annotation::Kind::kWarning ? answer.warnings : answer.infos)
          .push_back(a.text);
    }
    return answer;
  }

 private:
  eval::Storage storage_;
};

class RemoteBackend final : public QueryBackend {
 public:
  RemoteBackend(std::string url, scrape::FetchOptions fetch)
      : url_(std::move(url)),
        fetch_(std::move(fetch)),
        client_(scrape::MakeHttpClient(TTAM_VERSION)) {}

  Result<InstantAnswer> Instant(const std::string& expr, int64_t t_ms) override {
    promapi::QueryRequest request;
    request.expr = expr;
    request.time_ms = t_ms;
    auto reply = promapi::RunQuery(url_, request, fetch_, *client_);
    if (!reply) return reply.error();
    InstantAnswer answer;
    if (auto* v = std::get_if<eval::Vector>(&reply->value)) {
      answer.vector = std::move(*v);
    } else if (auto* s = std::get_if<eval::Scalar>(&reply->value)) {
      answer.vector.push_back({.labels = {}, .t = s->t, .v = s->v});
    } else {
      return Error{url_ + " did not answer " + expr + " with an instant vector"};
    }
    answer.warnings = std::move(reply->warnings);
    answer.infos = std::move(reply->infos);
    return answer;
  }

 private:
  std::string url_;
  scrape::FetchOptions fetch_;
  std::unique_ptr<scrape::HttpClient> client_;
};

// Adds a scraped target's labels (`instance`, `job`, and with --config
// whatever relabelling gave it), as Prometheus's scrape loop does without
// honor_labels: a label the exposition already has becomes `exported_<name>`.
class TargetLabels final : public expfmt::Consumer {
 public:
  TargetLabels(expfmt::Consumer& next, std::vector<std::pair<std::string, std::string>> labels)
      : next_(next), target_(std::move(labels)) {
    for (const auto& [name, value] : target_) exported_.push_back("exported_" + name);
  }

  void OnFormat(expfmt::Format format) override { next_.OnFormat(format); }
  void OnMetadata(const expfmt::MetadataEvent& event) override { next_.OnMetadata(event); }
  void OnFamilyEnd(const expfmt::FamilyEndEvent& event) override { next_.OnFamilyEnd(event); }
  void OnEnd(uint64_t lines) override { next_.OnEnd(lines); }
  void OnSample(const expfmt::SampleEvent& event) override {
    labels_.clear();
    for (const expfmt::Label& l : event.labels) {
      expfmt::Label copy = l;
      for (size_t i = 0; i < target_.size(); ++i) {
        if (l.name == target_[i].first) copy.name = exported_[i];
      }
      labels_.push_back(copy);
    }
    for (const auto& [name, value] : target_) labels_.push_back({.name = name, .value = value});
    expfmt::SampleEvent copy = event;
    copy.labels = labels_;
    next_.OnSample(copy);
  }

 private:
  expfmt::Consumer& next_;
  std::vector<std::pair<std::string, std::string>> target_;
  std::vector<std::string> exported_;
  std::vector<expfmt::Label> labels_;
};

// One scrape of every URL at the clock's now, into `storage`.
Status ScrapeEveryUrl(const std::vector<std::string>& urls, const std::string& job,
                      const scrape::ReadOptions& read, Io& io, eval::Storage& storage,
                      std::vector<std::vector<eval::Snapshot>>& snapshots, diag::Sink& sink) {
  auto client = scrape::MakeHttpClient(TTAM_VERSION);
  for (size_t i = 0; i < urls.size(); ++i) {
    int64_t now = io.clock.NowMs();
    diag::ErrorCountingSink counting(sink);
    eval::ExpositionLoader loader(storage, {urls[i], now}, counting);
    TargetLabels labelled(loader, {{"instance", TargetInstance(urls[i])}, {"job", job}});
    auto summary = scrape::ReadExposition(urls[i], read, *client, labelled, counting);
    if (!summary) return Error{"cannot scrape " + urls[i] + ": " + summary.error().message};
    if (counting.errors > 0) return Error{urls[i] + " sent an exposition with errors (see above)"};
    snapshots[i].push_back({now, loader.scraped_series()});
  }
  return Ok();
}

// One scrape of every target of a prometheus.yml, one target at a time
// (the series store is not shared between threads), each through its
// metric_relabel_configs and with its relabelled target labels.
Status ScrapeFleet(const std::vector<fleet::Target>& targets, Io& io, eval::Storage& storage,
                   std::vector<std::vector<eval::Snapshot>>& snapshots, std::string_view id_prefix,
                   diag::Sink& sink) {
  std::vector<std::unique_ptr<eval::ExpositionLoader>> loaders(targets.size());
  std::vector<std::unique_ptr<TargetLabels>> labelled(targets.size());
  std::vector<int64_t> times(targets.size(), 0);
  std::vector<fleet::TargetOutcome> outcomes = fleet::ScrapeTargets(
      targets, 1, io.clock,
      [&](size_t i) -> expfmt::Consumer& {
        times[i] = io.clock.NowMs();
        loaders[i] = std::make_unique<eval::ExpositionLoader>(
            storage, eval::ExpositionLoadOptions{targets[i].url, times[i]}, sink);
        std::vector<std::pair<std::string, std::string>> labels(targets[i].labels.begin(),
                                                                targets[i].labels.end());
        labelled[i] = std::make_unique<TargetLabels>(*loaders[i], std::move(labels));
        return *labelled[i];
      },
      {});
  fleet::ReportOutcomes(targets, outcomes, id_prefix, sink);
  size_t up = 0;
  for (size_t i = 0; i < targets.size(); ++i) {
    if (!outcomes[i].summary || !loaders[i]) continue;
    ++up;
    snapshots[i].push_back({times[i], loaders[i]->scraped_series()});
  }
  if (up == 0) return Error{"no target of the config could be scraped (see above)"};
  return Ok();
}

void DescribeDataSpan(const eval::Storage& storage, Source& source) {
  std::optional<int64_t> oldest, newest;
  bool several = false;
  for (const eval::Series* s : storage.AllSeries()) {
    auto samples = s->samples();
    if (samples.empty()) continue;
    if (samples.size() >= 2) several = true;
    oldest = std::min(oldest.value_or(samples.front().t), samples.front().t);
    newest = std::max(newest.value_or(samples.back().t), samples.back().t);
  }
  source.time_ms = newest.value_or(0);
  source.span_ms = newest ? *newest - *oldest : 0;
  source.single_snapshot = !several;
}

Result<Source> OpenFleet(const SourceFlags& flags, int64_t scrape_window_ms, Io& io,
                         const Waiter& wait, std::string_view id_prefix, diag::Sink& sink) {
  auto text = io.fs.Read(flags.config);
  if (!text) return Error{"--config: " + text.error().message};
  config::LoadedConfig loaded = config::Load(flags.config, std::move(*text), sink, io.fs);
  std::vector<fleet::Target> targets =
      fleet::TargetsFromConfig(loaded, flags.job, io.fs, id_prefix, sink);
  if (targets.empty()) {
    return Error{flags.job.empty()
                     ? "no target to scrape in " + flags.config
                     : "--job " + flags.job + ": no such job with targets in " + flags.config};
  }
  eval::Storage storage;
  std::vector<std::vector<eval::Snapshot>> snapshots(targets.size());
  if (Status s = ScrapeFleet(targets, io, storage, snapshots, id_prefix, sink); !s)
    return s.error();
  wait(scrape_window_ms);
  if (Status s = ScrapeFleet(targets, io, storage, snapshots, id_prefix, sink); !s)
    return s.error();
  for (auto& target : snapshots) eval::AddStalenessMarkers(std::move(target), storage);
  Source source;
  source.description = "2 scrapes of the targets of " + flags.config;
  storage.Compact();
  DescribeDataSpan(storage, source);
  source.backend = std::make_unique<LocalBackend>(std::move(storage));
  return source;
}

}  // namespace

void AddSourceFlags(CLI::App& app, SourceFlags& flags, const std::string& window_help) {
  app.add_option("sources", flags.sources,
                 "Where the data is: a recorded or promqltest FILE, FILE@TIME snapshots (two or "
                 "more for rates), or an http(s) URL scraped twice --window apart")
      ->type_name("SOURCE");
  app.add_option("--data", flags.data,
                 "Local data: a recorded exposition with timestamps, a promqltest file, or "
                 "FILE@TIME (an exposition scraped at TIME) (repeatable)")
      ->type_name("FILE[@TIME]")
      ->allow_extra_args(false);
  app.add_option("--prometheus", flags.prometheus,
                 "Send the same queries to this Prometheus-compatible server instead")
      ->type_name("URL");
  app.add_option("--window", flags.window, window_help)->type_name("D");
  app.add_option("--config", flags.config,
                 "Scrape every target of this prometheus.yml twice, --window apart")
      ->type_name("FILE");
  app.add_option("--job", flags.job,
                 "The job label of scraped URLs (default ttam); with --config, only this job")
      ->type_name("NAME");
  AddFetchFlags(app, flags.fetch);
}

Waiter SleepingWaiter(Io& io) {
  return [&io](int64_t ms) {
    bool draw = io.err_is_terminal;
    while (ms > 0) {
      if (draw) {
        io.err << "\rwaiting " << FormatDuration(((ms + 999) / 1000) * 1000)
               << " for the second scrape\x1b[K" << std::flush;
      }
      int64_t step = std::min<int64_t>(ms, 1000);
      std::this_thread::sleep_for(std::chrono::milliseconds(step));
      ms -= step;
    }
    if (draw) io.err << "\r\x1b[K" << std::flush;
  };
}

Result<std::optional<int64_t>> ParseWindowFlag(const SourceFlags& flags) {
  if (flags.window.empty()) return std::optional<int64_t>{};
  auto w = ParseDuration(flags.window);
  if (!w) return Error{"--window " + flags.window + ": " + w.error().message};
  if (w->count() <= 0) return Error{"--window must be positive"};
  return std::optional<int64_t>{w->count()};
}

Result<Source> OpenSource(const SourceFlags& flags, int64_t scrape_window_ms, Io& io,
                          const Waiter& wait, std::string_view id_prefix, diag::Sink& sink) {
  std::vector<std::string> urls;
  std::vector<std::string> files = flags.data;
  for (const std::string& s : flags.sources) (IsSourceUrl(s) ? urls : files).push_back(s);
  auto read = BuildReadOptions(flags.fetch, io.fs);
  if (!read) return read.error();
  Source source;

  if (!flags.prometheus.empty()) {
    if (!urls.empty() || !files.empty() || !flags.config.empty()) {
      return Error{
          "--prometheus cannot be combined with files or URLs: the queries run "
          "either on the server or here"};
    }
    source.backend = std::make_unique<RemoteBackend>(flags.prometheus, read->fetch);
    source.time_ms = io.clock.NowMs() / 1000 * 1000;
    source.description = flags.prometheus;
    return source;
  }
  if (!flags.config.empty()) {
    if (!urls.empty() || !files.empty()) {
      return Error{"--config scrapes the config's targets: give no files or URLs with it"};
    }
    return OpenFleet(flags, scrape_window_ms, io, wait, id_prefix, sink);
  }
  if (urls.empty() && files.empty()) {
    return Error{
        "no data: give files (recorded, promqltest or FILE@TIME), URLs to scrape, "
        "or --prometheus URL"};
  }
  if (!urls.empty() && !files.empty()) {
    return Error{"scrape URLs or read files, not both in one run"};
  }

  eval::Storage storage;
  if (!urls.empty()) {
    std::vector<std::vector<eval::Snapshot>> snapshots(urls.size());
    if (Status s = ScrapeEveryUrl(urls, flags.job.empty() ? "ttam" : flags.job, *read, io, storage,
                                  snapshots, sink);
        !s)
      return s.error();
    wait(scrape_window_ms);
    if (Status s = ScrapeEveryUrl(urls, flags.job.empty() ? "ttam" : flags.job, *read, io, storage,
                                  snapshots, sink);
        !s)
      return s.error();
    for (auto& target : snapshots) eval::AddStalenessMarkers(std::move(target), storage);
    source.description = "2 scrapes of " + urls[0] + (urls.size() > 1 ? " and others" : "");
  } else {
    std::vector<DataSpec> specs;
    for (const std::string& arg : files) {
      auto spec = ParseDataSpec(arg, io.fs);
      if (!spec) return spec.error();
      specs.push_back(std::move(*spec));
    }
    if (Status loaded = LoadDataFiles(specs, *read, io.fs, storage, sink); !loaded) {
      return loaded.error();
    }
    source.description = files.size() == 1 ? files[0] : std::to_string(files.size()) + " files";
  }
  storage.Compact();
  DescribeDataSpan(storage, source);
  source.backend = std::make_unique<LocalBackend>(std::move(storage));
  return source;
}

std::vector<diag::CheckInfo> SourceChecks() {
  std::vector<diag::CheckInfo> checks{eval::DataCheckInfo()};
  for (const auto& c : expfmt::ParserChecks()) checks.push_back(c);
  return checks;
}

}  // namespace ttam::cli
