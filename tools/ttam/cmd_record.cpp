// `ttam record [--interval D] [--duration D | --count N] [-o FILE]
// (URL... | --config prometheus.yml [--job NAME])`: scrape targets every
// interval, as Prometheus's scrape loop would, and write what was scraped
// as OpenMetrics text with timestamps (a file `ttam query --data` and
// `promtool tsdb create-blocks-from openmetrics` read).
#include <time.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "atomic_file.h"
#include "common_options.h"
#include "config/config.h"
#include "expfmt/parser.h"
#include "fetch_flags.h"
#include "fleet/scrape_targets.h"
#include "fleet/targets.h"
#include "record/checks.h"
#include "record/openmetrics_writer.h"
#include "record/recording.h"
#include "record/scrape_buffer.h"
#include "record_pacer.h"
#include "scrape/url.h"
#include "subcommands.h"
#include "support/units.h"

namespace ttam::cli {
namespace {

struct RecordOptions {
  std::vector<std::string> urls;
  std::string config;
  std::string job;
  std::string interval = "15s";
  std::string duration;
  uint64_t count = 0;
  std::string output;
  size_t concurrency = 16;
  bool quiet = false;
  std::optional<int64_t> test_clock_ms;
  FetchFlags fetch;
};

// The fleet reports under this subcommand's ids: record/target-config, ...
constexpr char kRecordIdPrefix[] = "record";

std::vector<diag::CheckInfo> AllRecordChecks() {
  std::vector<diag::CheckInfo> checks;
  for (const auto& c : expfmt::ParserChecks()) checks.push_back(c);
  for (const auto& c : record::RecordChecks()) checks.push_back(c);
  return checks;
}

std::string RecordTimeText(int64_t ms) {
  time_t seconds = static_cast<time_t>(ms / 1000);
  struct tm tm {};
  gmtime_r(&seconds, &tm);
  char text[32];
  strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

// What happened to one target over the run.
struct RecordTargetLog {
  uint64_t scrapes = 0;
  uint64_t failures = 0;
  int64_t first_failure_ms = 0;
  std::string first_error;
  bool parse_findings_reported = false;
};

// One target to scrape and how its samples are labelled.
struct RecordTarget {
  fleet::Target fetch;  // metric_relabel_configs left null: Recording applies them
  record::TargetLabeling labeling;
};

Result<std::vector<RecordTarget>> RecordUrlTargets(const RecordOptions& o,
                                                   const scrape::ReadOptions& read,
                                                   std::chrono::milliseconds interval) {
  std::vector<RecordTarget> targets;
  for (const std::string& text : o.urls) {
    if (!scrape::IsUrl(text)) {
      return Error{text +
                   ": not an http(s) URL (record scrapes targets; files are read by --data "
                   "of query)"};
    }
    auto url = scrape::ParseUrl(text);
    if (!url) return Error{url.error().message};
    RecordTarget t;
    t.fetch.job = o.job.empty() ? "ttam" : o.job;
    t.fetch.url = text;
    t.fetch.fetch = read.fetch;
    // As Prometheus requires scrape_timeout <= scrape_interval.
    t.fetch.fetch.timeout = std::min(t.fetch.fetch.timeout, interval);
    t.fetch.labels = {{"job", t.fetch.job},
                      {"instance", url->host + ":" + std::to_string(url->port)}};
    t.labeling.labels = t.fetch.labels;
    for (const RecordTarget& other : targets) {
      if (other.labeling.labels == t.labeling.labels) {
        return Error{other.fetch.url + " and " + text + " would both be instance \"" +
                     t.fetch.labels["instance"] + "\" of job \"" + t.fetch.job +
                     "\": their series would mix; record them in separate runs (or with --config, "
                     "one job each)"};
      }
    }
    targets.push_back(std::move(t));
  }
  return targets;
}

void RecordScrapeFailure(RecordTargetLog& log, int64_t when_ms, const std::string& why) {
  if (log.failures++ == 0) {
    log.first_failure_ms = when_ms;
    log.first_error = why;
  }
}

int RunRecord(const RecordOptions& o, const CommonOptions& common, Io& io) {
  if (o.urls.empty() && o.config.empty()) {
    return CannotRun(io, "nothing to record: give target URLs or --config prometheus.yml");
  }
  if (!o.urls.empty() && !o.config.empty()) {
    return CannotRun(io, "give target URLs or --config, not both");
  }
  auto interval = ParseDuration(o.interval);
  if (!interval) return CannotRun(io, "--interval " + o.interval + ": " + interval.error().message);
  if (interval->count() <= 0) return CannotRun(io, "--interval must be longer than 0s");
  std::optional<int64_t> duration_ms;
  if (!o.duration.empty()) {
    if (o.count > 0) return CannotRun(io, "give --duration or --count, not both");
    auto d = ParseDuration(o.duration);
    if (!d) return CannotRun(io, "--duration " + o.duration + ": " + d.error().message);
    duration_ms = d->count();
  }
  if (o.concurrency == 0) return CannotRun(io, "--concurrency must be at least 1");
  if (o.fetch.input_format != "auto") {
    return CannotRun(io,
                     "--input-format: record takes each target's format from its "
                     "Content-Type, as Prometheus does");
  }
  auto read = BuildReadOptions(o.fetch, io.fs);
  if (!read) return CannotRun(io, read.error().message);

  // Unwritable output fails now, not after the recording.
  std::unique_ptr<AtomicFile> file;
  if (!o.output.empty()) {
    auto created = AtomicFile::Create(o.output);
    if (!created) return CannotRun(io, "-o: " + created.error().message);
    file = std::move(*created);
  }
  // Without -o the recording is stdout, and findings go to stderr.
  Io report_io{.in = io.in,
               .out = o.output.empty() ? io.err : io.out,
               .err = io.err,
               .fs = io.fs,
               .clock = io.clock,
               .out_is_terminal = o.output.empty() ? io.err_is_terminal : io.out_is_terminal,
               .err_is_terminal = io.err_is_terminal,
               .no_color = io.no_color};
  Report report(common, report_io, AllRecordChecks());

  std::vector<RecordTarget> targets;
  std::optional<config::LoadedConfig> loaded;
  if (!o.config.empty()) {
    auto text = io.fs.Read(o.config);
    if (!text) {
      report.Abandon();
      return CannotRun(io, "--config: " + text.error().message);
    }
    loaded = config::Load(o.config, std::move(*text), report.sink(), io.fs);
    std::vector<fleet::Target> found =
        fleet::TargetsFromConfig(*loaded, o.job, io.fs, kRecordIdPrefix, report.sink());
    if (found.empty()) {
      report.Abandon();
      return CannotRun(io, o.job.empty()
                               ? "no targets to scrape in " + o.config
                               : "--job " + o.job + ": no such job with targets in " + o.config);
    }
    for (fleet::Target& f : found) {
      RecordTarget t;
      t.labeling.labels = f.labels;
      t.labeling.metric_relabel_configs = f.metric_relabel_configs;
      t.labeling.limits = f.limits;
      for (const config::ScrapeConfig& job : loaded->config.scrape_configs) {
        if (job.job_name != f.job) continue;
        t.labeling.honor_labels = job.honor_labels;
        t.labeling.honor_timestamps = job.honor_timestamps;
      }
      f.metric_relabel_configs = nullptr;
      t.fetch = std::move(f);
      targets.push_back(std::move(t));
    }
  } else {
    auto made = RecordUrlTargets(o, *read, *interval);
    if (!made) {
      report.Abandon();
      return CannotRun(io, made.error().message);
    }
    targets = std::move(*made);
  }
  std::vector<fleet::Target> fetch_targets;
  for (const RecordTarget& t : targets) fetch_targets.push_back(t.fetch);

  std::unique_ptr<Pacer> pacer;
  if (o.test_clock_ms) {
    pacer = std::make_unique<SimulatedPacer>(*o.test_clock_ms);
  } else {
    pacer = std::make_unique<SleepingPacer>(io.clock);
  }
  StopOnSignals signals;
  const bool progress = io.err_is_terminal && !o.quiet;
  record::Recording recording;
  std::vector<RecordTargetLog> logs(targets.size());
  uint64_t rounds = 0;
  uint64_t failures = 0;
  // Scrapes a run will take when it knows (0: until a signal).
  const uint64_t planned =
      o.count > 0 ? o.count
                  : (duration_ms ? static_cast<uint64_t>(*duration_ms / interval->count()) + 1 : 0);
  const int64_t start_ms = pacer->clock().NowMs();
  for (uint64_t k = 0;; ++k) {
    if (o.count > 0 && k >= o.count) break;
    int64_t at = start_ms + static_cast<int64_t>(k) * interval->count();
    if (duration_ms && at - start_ms > *duration_ms) break;
    if (!pacer->WaitUntil(at)) break;
    std::vector<std::unique_ptr<record::ScrapeBuffer>> buffers;
    for (size_t i = 0; i < targets.size(); ++i) {
      buffers.push_back(std::make_unique<record::ScrapeBuffer>());
    }
    std::vector<fleet::TargetOutcome> outcomes =
        fleet::ScrapeTargets(fetch_targets, o.concurrency, pacer->clock(),
                             [&](size_t i) -> expfmt::Consumer& { return *buffers[i]; }, {});
    for (size_t i = 0; i < targets.size(); ++i) {
      fleet::TargetOutcome& outcome = outcomes[i];
      RecordTargetLog& log = logs[i];
      ++log.scrapes;
      // Samples are stamped with the scrape's start, as Prometheus does.
      int64_t t = record::ExactOpenMetricsMs(outcome.started_ms);
      record::ScrapeReport r;
      if (outcome.summary) {
        r.duration_seconds = static_cast<double>(outcome.summary->elapsed.count()) / 1000.0;
      }
      if (!outcome.summary) {
        RecordScrapeFailure(log, t, outcome.summary.error().message);
      } else if (outcome.summary->syntax_errors > 0) {
        // Prometheus rejects a scrape that does not parse, whole.
        RecordScrapeFailure(log, t,
                            std::to_string(outcome.summary->syntax_errors) +
                                " syntax errors in the exposition (see above)");
      } else if (auto kept = recording.AddScrape(targets[i].labeling, t, *buffers[i]); !kept) {
        RecordScrapeFailure(log, t, kept.error().message);
      } else {
        r.up = true;
        r.samples_scraped = outcome.summary->samples;
        r.samples_post_metric_relabeling = *kept;
      }
      if (!r.up) ++failures;
      if (!outcome.diagnostics.empty() && !log.parse_findings_reported) {
        // The same findings would repeat every scrape: the first time is enough.
        log.parse_findings_reported = true;
        for (diag::Diagnostic& d : outcome.diagnostics) report.sink().Report(std::move(d));
      }
      recording.AddReport(targets[i].labeling, t, r);
    }
    ++rounds;
    if (progress) {
      io.err << "\r\033[Krecording: " << rounds;
      if (planned > 0) io.err << "/" << planned;
      io.err << (rounds == 1 && planned == 0 ? " scrape, " : " scrapes, ")
             << recording.series().size() << " series, " << failures
             << (failures == 1 ? " failure" : " failures") << std::flush;
    }
  }
  if (progress) io.err << "\r\033[K" << std::flush;

  for (size_t i = 0; i < targets.size(); ++i) {
    const RecordTargetLog& log = logs[i];
    if (log.failures == 0) continue;
    diag::Diagnostic d;
    d.path = scrape::RedactUrl(targets[i].fetch.url);
    d.severity = diag::Severity::kWarning;
    d.check = std::string(record::kScrapeFailed);
    d.message =
        std::to_string(log.failures) + " of " + std::to_string(log.scrapes) +
        " scrapes failed (first at " + RecordTimeText(log.first_failure_ms) + ": " +
        log.first_error +
        "); the recording has a gap there with up 0, and ttam query --data marks the target's "
        "series stale then, as Prometheus would";
    report.sink().Report(std::move(d));
  }
  if (recording.dropped_samples() > 0) {
    diag::Diagnostic d;
    d.path = o.config.empty() ? "record" : o.config;
    d.severity = diag::Severity::kWarning;
    d.check = std::string(record::kDroppedSamples);
    d.message = std::to_string(recording.dropped_samples()) +
                " samples with the targets' own timestamps were dropped: each was at or before its "
                "series' previous sample (Prometheus rejects them too)";
    report.sink().Report(std::move(d));
  }
  int rc = report.Finish();

  bool any_scrape = false;
  for (const RecordTargetLog& log : logs) any_scrape = any_scrape || log.failures < log.scrapes;
  if (rounds == 0 || !any_scrape) {
    return CannotRun(io, rounds == 0 ? "nothing was recorded: stopped before the first scrape"
                                     : "nothing was recorded: every scrape failed (see above)");
  }
  if (file) {
    record::WriteOpenMetrics(recording, file->stream());
    Status committed = file->Commit();
    if (!committed) return CannotRun(io, "-o: " + committed.error().message);
  } else {
    record::WriteOpenMetrics(recording, io.out);
    io.out.flush();
  }
  if (report.text() && !o.quiet) {
    io.err << "recorded " << rounds << (rounds == 1 ? " scrape" : " scrapes") << " of "
           << targets.size() << (targets.size() == 1 ? " target: " : " targets: ")
           << recording.series().size() << " series, " << recording.sample_count() << " samples, "
           << failures << (failures == 1 ? " failed scrape" : " failed scrapes");
    if (!o.output.empty()) io.err << " -> " << o.output;
    io.err << "\n";
  }
  return rc;
}

}  // namespace

Runner SetupRecord(CLI::App& app, const CommonOptions& common) {
  auto o = std::make_shared<RecordOptions>();
  app.add_option("urls", o->urls, "Targets to scrape (http(s) URLs)")->type_name("URL");
  app.add_option("--config", o->config,
                 "prometheus.yml: scrape its static and file_sd targets, as Prometheus would")
      ->type_name("FILE");
  app.add_option("--job", o->job,
                 "With URLs: their job label (default ttam); with --config: only this job")
      ->type_name("NAME");
  app.add_option("--interval", o->interval, "Time between scrapes")
      ->type_name("DURATION")
      ->capture_default_str();
  app.add_option("--duration", o->duration,
                 "Stop after this long (scrapes at 0, interval, ... up to it); default: Ctrl-C")
      ->type_name("DURATION");
  app.add_option("--count", o->count, "Stop after N scrapes; default: Ctrl-C")->type_name("N");
  app.add_option("-o,--output", o->output,
                 "Write the recording to FILE (atomically); default: stdout")
      ->type_name("FILE");
  app.add_option("--concurrency", o->concurrency, "Targets scraped at once")
      ->type_name("N")
      ->capture_default_str();
  app.add_flag("--quiet", o->quiet, "No progress line and no summary line");
  // For tests: a simulated clock starting at MS (Unix ms); waits move it
  // instead of sleeping. Documented in ttam-record(1), hidden from --help.
  app.add_option("--test-clock", o->test_clock_ms)->type_name("MS")->group("");
  AddFetchFlags(app, o->fetch);
  return [o, &common](Io& io) { return RunRecord(*o, common, io); };
}

}  // namespace ttam::cli
