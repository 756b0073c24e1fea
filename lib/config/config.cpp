// Load: walks a positioned prometheus.yml against Prometheus 3's schema and
// validation rules (config/config.go and the packages it calls), reporting
// every problem it finds rather than stopping at the first.
#include "config/config.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <set>

#include "config/azuread.h"
#include "config/http_client.h"
#include "config/relabel.h"
#include "config/schema.h"
#include "config/sd/discovery.h"
#include "config/target_group.h"
#include "support/text.h"
#include "support/units.h"

namespace ttam::config {
namespace {

constexpr std::array<std::string_view, 5> kScrapeProtocols = {
    "OpenMetricsText0.0.1", "OpenMetricsText1.0.0", "PrometheusProto", "PrometheusText0.0.4",
    "PrometheusText1.0.0"};
const std::vector<std::string> kDefaultProtocols = {"OpenMetricsText1.0.0", "OpenMetricsText0.0.1",
                                                    "PrometheusText1.0.0", "PrometheusText0.0.4"};
const std::vector<std::string> kProtoFirstProtocols = {
    "PrometheusProto", "OpenMetricsText1.0.0", "OpenMetricsText0.0.1", "PrometheusText1.0.0",
    "PrometheusText0.0.4"};
constexpr std::array<std::string_view, 4> kEscapingSchemes = {"allow-utf-8", "underscores", "dots",
                                                              "values"};
// Headers Prometheus sets itself on remote write/read and tracing requests.
constexpr std::array<std::string_view, 17> kRemoteReservedHeaders = {
    "host",
    "content-encoding",
    "content-length",
    "content-type",
    "user-agent",
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "www-authenticate",
    "accept-encoding",
    "x-prometheus-remote-write-version",
    "x-prometheus-remote-read-version",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-content-sha256",
    "authorization"};

constexpr int64_t kDefaultScrapeTimeoutMs = 10000;

/// Prometheus's rule_files / scrape_config_files pattern, `^[^*]*(\*[^/]*)?$`:
/// a `*` may only appear in the last path element.
bool IsValidFilePattern(std::string_view p) {
  size_t star = p.find('*');
  return star == std::string_view::npos || p.find('/', star) == std::string_view::npos;
}

/// Why Go's url.Parse rejects `s`, or nullopt when it accepts it (remote
/// write/read URLs are only parsed, not required to have a host).
std::optional<std::string> GoUrlError(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return "it contains a control character";
  }
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size() || !std::isxdigit(static_cast<unsigned char>(s[i + 1])) ||
          !std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
        return "it contains an invalid %-escape";
      }
    }
  }
  std::string_view rest = s;
  bool has_scheme = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (std::isalpha(static_cast<unsigned char>(c))) continue;
    if (i > 0 && (std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.'))
      continue;
    if (c == ':') {
      if (i == 0) return "missing protocol scheme";
      has_scheme = true;
      rest = s.substr(i + 1);
    }
    break;
  }
  std::string_view before_query = rest.substr(0, rest.find_first_of("?#"));
  if (!has_scheme && before_query.substr(0, 2) != "//") {
    std::string_view first_segment = before_query.substr(0, before_query.find('/'));
    if (first_segment.find(':') != std::string_view::npos) {
      return "the first path segment cannot contain a colon (write the scheme, e.g. http://)";
    }
  }
  if (before_query.substr(0, 2) == "//") {
    std::string_view authority = before_query.substr(2);
    authority = authority.substr(0, authority.find('/'));
    if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
      authority = authority.substr(at + 1);
    }
    size_t bracket = authority.rfind(']');
    size_t colon = authority.rfind(':');
    if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
      std::string_view port = authority.substr(colon + 1);
      for (char c : port) {
        if (!std::isdigit(static_cast<unsigned char>(c))) {
          return "invalid port " + Quote(port) + " after host";
        }
      }
    }
  }
  return std::nullopt;
}

struct JobSeen {
  std::string file;
  uint32_t line = 0;
};

class Loader {
 public:
  Loader(LoadedConfig& out, diag::Sink& sink, FileSystem& fs, const LoadOptions& options)
      : out_(out), cfg_(out.config), sink_(sink), fs_(fs), options_(options) {}

  void Run(const std::string& path, std::string text);

 private:
  void ReadGlobal(Object& root);
  void ReadRuntime(Object& root);
  /// One entry of a list of file paths or globs (rule_files,
  /// scrape_config_files) that is well formed, with the files it matched.
  struct PatternMatch {
    const yaml::Node* item;
    std::string path;  ///< "rule_files[2]"
    std::vector<std::string> files;
  };
  /// Checks the list `field` (its type, each entry's type and glob syntax)
  /// and globs each entry relative to the config; `noun` and `example` shape
  /// the messages.
  std::vector<PatternMatch> ReadFilePatterns(const yaml::Node* n, std::string_view field,
                                             std::string_view noun, std::string_view example);
  void ReadRuleFiles(Object& root);
  void ReadScrapeConfigs(Object& root);
  void ReadScrapeConfigFiles(const yaml::Node* patterns);
  void ReadScrapeConfig(Object& job);
  void ReadAlerting(Object& root);
  void ReadAlertmanager(Object& am);
  void ReadRemoteWrite(Object& root);
  void ReadRemoteRead(Object& root);
  void ReadStorage(Object& root);
  void ReadTracing(Object& root);
  void ReadOtlp(Object& root);

  std::optional<uint64_t> ReadSize(Object& obj, std::string_view name);
  std::optional<uint64_t> ReadLimit(Object& obj, std::string_view name);
  std::optional<NameValidation> ReadScheme(Object& obj, bool* written);
  bool CheckProtocols(Object& obj, std::string_view name, const std::vector<std::string>& list,
                      std::string_view where);
  void ReadUrl(Object& obj, std::string_view section, std::vector<std::string>* urls);
  void ReadHeaders(Object& obj, bool tracing);
  void ReadSigV4(Object& obj);
  void ReadGoogleIam(Object& obj);
  bool GlobalEscapingValid();
  void CheckRelabeledTargets(const std::vector<RelabelConfig>& rules,
                             const std::vector<StaticTarget>& targets,
                             const std::map<std::string, std::string>& defaults);
  void CheckAgentMode(Object& root);

  Context& ctx() { return *ctx_; }

  LoadedConfig& out_;
  Config& cfg_;
  diag::Sink& sink_;
  FileSystem& fs_;
  const LoadOptions& options_;
  std::unique_ptr<Context> ctx_;
  const yaml::Document* main_doc_ = nullptr;
  const yaml::Node* global_escaping_node_ = nullptr;
  bool global_escaping_checked_ = false;
  bool global_escaping_valid_ = true;
  std::map<std::string, JobSeen> jobs_;
};

void Loader::Run(const std::string& path, std::string text) {
  cfg_.path = path;
  auto doc = yaml::Parse(path, std::move(text), sink_);
  if (doc == nullptr) return;
  main_doc_ = doc.get();
  out_.documents.push_back(std::move(doc));
  ctx_ = std::make_unique<Context>(*main_doc_, sink_, fs_, ReaderIds());
  Object root(ctx(), &main_doc_->root, "");
  // global first: scrape configs, relabel rules and OTLP depend on it.
  ReadGlobal(root);
  ReadRuntime(root);
  ReadAlerting(root);
  ReadRuleFiles(root);
  const yaml::Node* scrape_config_files = root.Field("scrape_config_files");
  ReadScrapeConfigs(root);
  ReadStorage(root);
  ReadTracing(root);
  ReadRemoteWrite(root);
  ReadRemoteRead(root);
  ReadOtlp(root);
  root.Finish();
  if (options_.agent_mode) CheckAgentMode(root);
  // Included files come last: their job names must not repeat the main
  // file's, and their errors point into their own text.
  ReadScrapeConfigFiles(scrape_config_files);
}

std::optional<uint64_t> Loader::ReadSize(Object& obj, std::string_view name) {
  const yaml::Node* n = obj.Field(name);
  if (n != nullptr && n->IsScalar() && !n->scalar.empty() && n->scalar != "0" &&
      std::all_of(n->scalar.begin(), n->scalar.end(),
                  [](unsigned char c) { return std::isdigit(c) != 0; })) {
    // alecthomas/units (Prometheus's size parser) wants a unit on every
    // non-zero size.
    ctx().Error(*n, obj.PathOf(name), kValue,
                "size " + Quote(n->scalar) + " has no unit: write e.g. " + std::string(n->scalar) +
                    "B or " + std::string(n->scalar) +
                    "MB (units B, KB, MB, GB, TB, PB, EB are powers of "
                    "1024)");
    return std::nullopt;
  }
  return obj.Size(name);
}

std::optional<uint64_t> Loader::ReadLimit(Object& obj, std::string_view name) {
  auto v = obj.Int(name, 0);
  if (!v) return std::nullopt;
  return static_cast<uint64_t>(*v);
}

std::optional<NameValidation> Loader::ReadScheme(Object& obj, bool* written) {
  *written = false;
  auto s = obj.String("metric_name_validation_scheme");
  if (!s || s->empty()) return std::nullopt;
  if (*s == "utf8") {
    *written = true;
    return NameValidation::kUtf8;
  }
  if (*s == "legacy") {
    *written = true;
    return NameValidation::kLegacy;
  }
  obj.Error("metric_name_validation_scheme", kValue,
            "unknown metric name validation scheme " + Quote(*s) + "; use utf8 or legacy");
  return std::nullopt;
}

bool Loader::CheckProtocols(Object& obj, std::string_view name,
                            const std::vector<std::string>& list, std::string_view where) {
  const yaml::Node* n = obj.node() != nullptr ? obj.node()->Find(name) : nullptr;
  if (n == nullptr) return true;
  std::string path = obj.PathOf(name);
  if (list.empty()) {
    ctx().Error(*n, path, kValue,
                "scrape_protocols cannot be empty " + std::string(where) +
                    ": list at least one of " + Join(kScrapeProtocols) +
                    ", or remove the field for the default");
    return false;
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < list.size(); ++i) {
    const yaml::Node& item = n->items[i];
    std::string item_path = path + "[" + std::to_string(i) + "]";
    if (!seen.insert(Lower(list[i])).second) {
      ctx().Error(item, item_path, kDuplicate,
                  "protocol " + Quote(list[i]) + " is listed twice " + std::string(where) +
                      ": remove the repeat");
      return false;
    }
    if (std::find(kScrapeProtocols.begin(), kScrapeProtocols.end(), list[i]) ==
        kScrapeProtocols.end()) {
      ctx().Error(item, item_path, kValue,
                  "unknown scrape protocol " + Quote(list[i]) + " " + std::string(where) +
                      "; use one of " + Join(kScrapeProtocols) + " (case-sensitive)");
      return false;
    }
  }
  return true;
}

void Loader::ReadGlobal(Object& root) {
  Object g = root.Sub("global");
  GlobalConfig& gc = cfg_.global;
  gc.origin = Origin{main_doc_, g.node(), "global"};
  bool scheme_written = false;
  if (auto s = ReadScheme(g, &scheme_written)) gc.metric_name_validation = *s;

  auto interval = g.Duration("scrape_interval");
  if (interval && *interval != 0) gc.scrape_interval_ms = *interval;
  auto timeout = g.Duration("scrape_timeout");
  if (timeout && *timeout > gc.scrape_interval_ms) {
    g.Error("scrape_timeout", kValue,
            "global scrape_timeout (" + FormatDuration(*timeout) +
                ") is greater than scrape_interval (" + FormatDuration(gc.scrape_interval_ms) +
                "): lower the timeout or raise the interval");
  }
  if (timeout && *timeout != 0) {
    gc.scrape_timeout_ms = *timeout;
  } else {
    gc.scrape_timeout_ms = std::min(kDefaultScrapeTimeoutMs, gc.scrape_interval_ms);
  }
  if (auto v = g.Duration("evaluation_interval"); v && *v != 0) gc.evaluation_interval_ms = *v;
  if (auto v = g.Duration("rule_query_offset")) gc.rule_query_offset_ms = *v;
  if (auto v = g.String("query_log_file")) gc.query_log_file = *v;
  if (auto v = g.String("scrape_failure_log_file")) gc.scrape_failure_log_file = *v;
  if (auto labels = ReadLabelSet(g, "external_labels", gc.metric_name_validation, true)) {
    gc.external_labels = *labels;
  }
  if (auto v = ReadSize(g, "body_size_limit")) gc.body_size_limit = *v;
  if (auto v = ReadLimit(g, "sample_limit")) gc.limits.sample_limit = *v;
  if (auto v = ReadLimit(g, "target_limit")) gc.target_limit = *v;
  if (auto v = ReadLimit(g, "label_limit")) gc.limits.label_limit = *v;
  if (auto v = ReadLimit(g, "label_name_length_limit")) gc.limits.label_name_length_limit = *v;
  if (auto v = ReadLimit(g, "label_value_length_limit")) gc.limits.label_value_length_limit = *v;
  if (auto v = ReadLimit(g, "keep_dropped_targets")) gc.keep_dropped_targets = *v;
  if (auto v = g.String("metric_name_escaping_scheme")) gc.metric_name_escaping = *v;
  global_escaping_node_ =
      g.node() != nullptr ? g.node()->Find("metric_name_escaping_scheme") : nullptr;
  if (auto v = g.Bool("scrape_native_histograms")) gc.scrape_native_histograms = *v;
  if (auto v = g.Bool("convert_classic_histograms_to_nhcb")) {
    gc.convert_classic_histograms_to_nhcb = *v;
  }
  if (auto v = g.Bool("always_scrape_classic_histograms")) {
    gc.always_scrape_classic_histograms = *v;
  }
  if (auto v = g.Bool("extra_scrape_metrics")) gc.extra_scrape_metrics = *v;
  if (auto list = g.StringList("scrape_protocols")) {
    if (CheckProtocols(g, "scrape_protocols", *list, "in global")) gc.scrape_protocols = *list;
  }
  g.Finish();
}

void Loader::ReadRuntime(Object& root) {
  Object r = root.Sub("runtime");
  (void)r.Int("gogc");
  r.Finish();
}

std::vector<Loader::PatternMatch> Loader::ReadFilePatterns(const yaml::Node* n,
                                                           std::string_view field,
                                                           std::string_view noun,
                                                           std::string_view example) {
  std::vector<PatternMatch> out;
  if (n == nullptr || n->IsNull()) return out;
  if (!n->IsSequence()) {
    ctx().Error(*n, field, kType,
                "expected a list of file paths or globs, got " + std::string(n->KindName()));
    return out;
  }
  for (size_t i = 0; i < n->items.size(); ++i) {
    const yaml::Node& item = n->items[i];
    std::string path = std::string(field) + "[" + std::to_string(i) + "]";
    if (!item.IsScalar()) {
      ctx().Error(item, path, kType,
                  "expected a file path or glob, got " + std::string(item.KindName()));
      continue;
    }
    if (!IsValidFilePattern(item.scalar)) {
      ctx().Error(item, path, kValue,
                  "invalid " + std::string(noun) + " path " + Quote(item.scalar) +
                      ": a * may only appear in the last path element (e.g. " +
                      std::string(example) + ")");
      continue;
    }
    auto files = fs_.Glob(ResolveRelative(cfg_.path, std::string(item.scalar)));
    if (!files) {
      ctx().Error(item, path, kValue,
                  "invalid " + std::string(noun) + " pattern " + Quote(item.scalar) + ": " +
                      files.error().message);
      continue;
    }
    std::sort(files->begin(), files->end());
    out.push_back(PatternMatch{&item, path, std::move(*files)});
  }
  return out;
}

void Loader::ReadRuleFiles(Object& root) {
  for (PatternMatch& m :
       ReadFilePatterns(root.Field("rule_files"), "rule_files", "rule file", "rules/*.yml")) {
    const yaml::Node& item = *m.item;
    RuleFileRef ref;
    ref.pattern = item.scalar;
    ref.origin = Origin{main_doc_, &item, m.path};
    ref.files = std::move(m.files);
    if (ref.files.empty() && item.scalar.find('*') == std::string::npos) {
      // A pattern without `*` names one file; promtool requires it to exist.
      ctx().Error(item, m.path, kMissingFile,
                  "rule file " + Quote(item.scalar) + " does not exist (looked for " +
                      ResolveRelative(cfg_.path, std::string(item.scalar)) +
                      "): fix the path or remove the entry");
    }
    if (options_.check_rule_file) {
      for (const std::string& file : ref.files) options_.check_rule_file(file, fs_, sink_);
    }
    cfg_.rule_files.push_back(std::move(ref));
  }
}

void Loader::ReadScrapeConfigs(Object& root) {
  for (Object& job : root.List("scrape_configs")) ReadScrapeConfig(job);
}

void Loader::ReadScrapeConfigFiles(const yaml::Node* n) {
  if (n == nullptr || n->IsNull()) return;
  struct Included {
    std::string by;  // the scrape_config_files entry that matched it first
    size_t jobs = 0;
  };
  std::map<std::string, Included> included_files;
  for (PatternMatch& m :
       ReadFilePatterns(n, "scrape_config_files", "scrape config file", "jobs/*.yml")) {
    const yaml::Node& item = *m.item;
    const std::string& path = m.path;
    for (const std::string& file : m.files) {
      if (auto seen = included_files.find(file); seen != included_files.end()) {
        // Reading it again would define its jobs twice; say so once, here.
        if (seen->second.jobs > 0) {
          ctx().Error(item, path, kDuplicate,
                      "scrape config file " + Quote(file) + " is already included by " +
                          seen->second.by +
                          ", so its jobs would be defined twice: remove the "
                          "repeated entry");
        }
        continue;
      }
      auto text = fs_.Read(file);
      if (!text) {
        ctx().Error(item, path, kFile,
                    "cannot read scrape config file " + Quote(file) + ": " + text.error().message);
        continue;
      }
      auto doc = yaml::Parse(file, std::move(*text), sink_);
      if (doc == nullptr) continue;
      cfg_.scrape_config_files.push_back(file);
      const yaml::Document* included = doc.get();
      out_.documents.push_back(std::move(doc));
      ctx().SetDocument(*included);
      // An included file holds only scrape_configs (no global, no rules).
      Object file_root(ctx(), &included->root, "");
      size_t jobs = 0;
      for (Object& job : file_root.List("scrape_configs")) {
        ReadScrapeConfig(job);
        ++jobs;
      }
      included_files[file] = Included{path, jobs};
      if (included->root.IsMap()) {
        for (const yaml::Entry& e : included->root.entries) {
          if (e.key.IsScalar() && e.key.scalar == "scrape_configs") continue;
          ctx().Error(e.key, "", kUnknownField,
                      "unknown field " + Quote(e.key.scalar) +
                          " in a scrape config file: files named by scrape_config_files may "
                          "only contain scrape_configs (global settings belong in " +
                          cfg_.path + ")");
        }
      }
      ctx().SetDocument(*main_doc_);
    }
  }
}

bool Loader::GlobalEscapingValid() {
  if (global_escaping_checked_) return global_escaping_valid_;
  global_escaping_checked_ = true;
  const std::string& esc = cfg_.global.metric_name_escaping;
  if (esc.empty() ||
      std::find(kEscapingSchemes.begin(), kEscapingSchemes.end(), esc) != kEscapingSchemes.end()) {
    return true;
  }
  global_escaping_valid_ = false;
  if (global_escaping_node_ != nullptr) {
    // Reported against the main file even while reading an included one.
    Context main_ctx(*main_doc_, sink_, fs_, ReaderIds());
    main_ctx.Error(*global_escaping_node_, "global.metric_name_escaping_scheme", kValue,
                   "unknown metric name escaping scheme " + Quote(esc) + "; use one of " +
                       Join(kEscapingSchemes));
  }
  return false;
}

void Loader::ReadScrapeConfig(Object& job) {
  const GlobalConfig& gc = cfg_.global;
  ScrapeConfig sc;
  sc.origin = Origin{&ctx().doc(), job.node(), job.path()};
  sc.source_file = ctx().doc().path;

  const yaml::Node* name_node = job.node() != nullptr ? job.node()->Find("job_name") : nullptr;
  if (auto name = job.RequiredString("job_name")) sc.job_name = *name;
  if (auto v = job.Bool("honor_labels")) sc.honor_labels = *v;
  if (auto v = job.Bool("honor_timestamps")) sc.honor_timestamps = *v;
  if (auto v = job.Bool("track_timestamps_staleness")) sc.track_timestamps_staleness = *v;

  if (const yaml::Node* params = job.Field("params"); params != nullptr && !params->IsNull()) {
    std::string ppath = job.PathOf("params");
    if (!params->IsMap()) {
      ctx().Error(*params, ppath, kType,
                  "expected a mapping of parameter names to lists of values, e.g. "
                  "{module: [http_2xx]}, got " +
                      std::string(params->KindName()));
    } else {
      for (const yaml::Entry& e : params->entries) {
        std::vector<std::string> values;
        std::string vpath = ppath + "." + std::string(e.key.scalar);
        if (e.value.IsSequence()) {
          for (const yaml::Node& v : e.value.items) {
            if (v.IsScalar() || v.IsNull()) {
              values.push_back(std::string(v.scalar));
            } else {
              ctx().Error(v, vpath, kType,
                          "expected a string value, got " + std::string(v.KindName()));
            }
          }
        } else if (!e.value.IsNull()) {
          ctx().Error(e.value, vpath, kType,
                      "expected a list of values, e.g. [" + std::string(e.value.scalar) +
                          "], got " + std::string(e.value.KindName()));
        }
        sc.params[std::string(e.key.scalar)] = std::move(values);
      }
    }
  }

  auto interval = job.Duration("scrape_interval");
  sc.scrape_interval_ms = interval && *interval != 0 ? *interval : gc.scrape_interval_ms;
  auto timeout = job.Duration("scrape_timeout");
  if (timeout && *timeout > sc.scrape_interval_ms) {
    std::string whence = interval && *interval != 0 ? "" : ", from global";
    job.Error("scrape_timeout", kValue,
              "scrape_timeout (" + FormatDuration(*timeout) +
                  ") is greater than scrape_interval (" + FormatDuration(sc.scrape_interval_ms) +
                  whence + ") for job " + Quote(sc.job_name) +
                  ": lower the timeout or raise the interval");
  }
  sc.scrape_timeout_ms =
      timeout && *timeout != 0 ? *timeout : std::min(gc.scrape_timeout_ms, sc.scrape_interval_ms);

  auto protocols = job.StringList("scrape_protocols");
  std::string where = "for job " + Quote(sc.job_name);
  if (auto v = job.String("fallback_scrape_protocol"); v && !v->empty()) {
    if (std::find(kScrapeProtocols.begin(), kScrapeProtocols.end(), *v) == kScrapeProtocols.end()) {
      job.Error("fallback_scrape_protocol", kValue,
                "unknown scrape protocol " + Quote(*v) + " " + where + "; use one of " +
                    Join(kScrapeProtocols) + " (case-sensitive)");
    } else {
      sc.fallback_scrape_protocol = *v;
    }
  }
  auto native = job.Bool("scrape_native_histograms");
  sc.scrape_native_histograms = native ? *native : gc.scrape_native_histograms;
  auto always = job.Bool("always_scrape_classic_histograms");
  sc.always_scrape_classic_histograms = always ? *always : gc.always_scrape_classic_histograms;
  auto nhcb = job.Bool("convert_classic_histograms_to_nhcb");
  sc.convert_classic_histograms_to_nhcb = nhcb ? *nhcb : gc.convert_classic_histograms_to_nhcb;
  auto extra = job.Bool("extra_scrape_metrics");
  sc.extra_scrape_metrics = extra ? *extra : gc.extra_scrape_metrics;
  if (protocols) {
    if (CheckProtocols(job, "scrape_protocols", *protocols, where))
      sc.scrape_protocols = *protocols;
  } else if (!gc.scrape_protocols.empty()) {
    sc.scrape_protocols = gc.scrape_protocols;
  } else {
    sc.scrape_protocols = sc.scrape_native_histograms ? kProtoFirstProtocols : kDefaultProtocols;
  }

  auto failure_log = job.String("scrape_failure_log_file");
  sc.scrape_failure_log_file =
      failure_log && !failure_log->empty() ? *failure_log : gc.scrape_failure_log_file;
  if (auto v = job.String("metrics_path")) sc.metrics_path = *v;
  if (auto v = job.String("scheme")) sc.scheme = *v;
  if (auto v = job.Bool("enable_compression")) sc.enable_compression = *v;

  auto inherit = [](std::optional<uint64_t> local, uint64_t global) {
    return local && *local != 0 ? *local : global;
  };
  sc.body_size_limit = inherit(ReadSize(job, "body_size_limit"), gc.body_size_limit);
  sc.limits.sample_limit = inherit(ReadLimit(job, "sample_limit"), gc.limits.sample_limit);
  sc.target_limit = inherit(ReadLimit(job, "target_limit"), gc.target_limit);
  sc.limits.label_limit = inherit(ReadLimit(job, "label_limit"), gc.limits.label_limit);
  sc.limits.label_name_length_limit =
      inherit(ReadLimit(job, "label_name_length_limit"), gc.limits.label_name_length_limit);
  sc.limits.label_value_length_limit =
      inherit(ReadLimit(job, "label_value_length_limit"), gc.limits.label_value_length_limit);
  sc.keep_dropped_targets =
      inherit(ReadLimit(job, "keep_dropped_targets"), gc.keep_dropped_targets);
  (void)ReadLimit(job, "native_histogram_bucket_limit");
  (void)job.Float("native_histogram_min_bucket_factor");

  bool scheme_written = false;
  auto local_scheme = ReadScheme(job, &scheme_written);
  bool scheme_failed = !local_scheme && job.Has("metric_name_validation_scheme") &&
                       !job.node()->Find("metric_name_validation_scheme")->scalar.empty();
  sc.metric_name_validation = local_scheme ? *local_scheme : gc.metric_name_validation;
  auto local_escaping = job.String("metric_name_escaping_scheme");

  ReadHttpClientConfig(job, &sc.plaintext_secrets, &sc.http);
  ReadServiceDiscovery(job, &sc.discovery, &sc.file_sd_files, &sc.plaintext_secrets);
  sc.static_targets = ReadStaticConfigs(job, "static_configs");
  uint64_t errors_before_relabel = ctx().errors();
  sc.relabel_configs = ReadRelabelConfigs(job, "relabel_configs", sc.metric_name_validation);
  bool relabel_valid = ctx().errors() == errors_before_relabel;
  sc.metric_relabel_configs =
      ReadRelabelConfigs(job, "metric_relabel_configs", sc.metric_name_validation);
  job.Finish();

  // Escaping follows the validation scheme unless written; a job that sets
  // its own scheme does not inherit the global escaping.
  if (GlobalEscapingValid() && !scheme_failed) {
    std::string global_esc = gc.metric_name_escaping;
    if (global_esc.empty()) {
      global_esc =
          gc.metric_name_validation == NameValidation::kLegacy ? "underscores" : "allow-utf-8";
    }
    bool esc_written = local_escaping && !local_escaping->empty();
    std::string esc;
    if (esc_written) {
      esc = *local_escaping;
    } else if (!scheme_written) {
      esc = global_esc;
    } else {
      esc = sc.metric_name_validation == NameValidation::kLegacy ? "underscores" : "allow-utf-8";
    }
    if (std::find(kEscapingSchemes.begin(), kEscapingSchemes.end(), esc) ==
        kEscapingSchemes.end()) {
      job.Error("metric_name_escaping_scheme", kValue,
                "unknown metric name escaping scheme " + Quote(esc) + "; use one of " +
                    Join(kEscapingSchemes));
    } else if (esc == "allow-utf-8" && sc.metric_name_validation != NameValidation::kUtf8) {
      std::string esc_from = esc_written ? "" : " (from global)";
      std::string scheme_from = scheme_written ? "" : " (from global)";
      const yaml::Node* at =
          esc_written ? job.node()->Find("metric_name_escaping_scheme") : name_node;
      if (at == nullptr) at = job.node();
      if (at != nullptr) {
        ctx().Error(
            *at, esc_written ? job.PathOf("metric_name_escaping_scheme") : job.path(), kConflict,
            "metric_name_escaping_scheme allow-utf-8" + esc_from +
                " requests UTF-8 names, but metric_name_validation_scheme is legacy" + scheme_from +
                ": use escaping underscores, dots or values, or validation utf8");
      }
    } else {
      sc.metric_name_escaping = esc;
    }
  }

  if (sc.relabel_configs.empty()) {
    CheckTargetAddresses(ctx(), sc.static_targets);
  } else if (relabel_valid) {
    // promtool relabels static targets as the scrape manager would and
    // checks the address that results.
    std::map<std::string, std::string> defaults = {
        {"job", sc.job_name},
        {"__scrape_interval__", FormatDuration(sc.scrape_interval_ms)},
        {"__scrape_timeout__", FormatDuration(sc.scrape_timeout_ms)},
        {"__metrics_path__", sc.metrics_path},
        {"__scheme__", sc.scheme}};
    for (const auto& [name, values] : sc.params) {
      if (!values.empty()) defaults["__param_" + name] = values[0];
    }
    CheckRelabeledTargets(sc.relabel_configs, sc.static_targets, defaults);
  }

  if (!sc.job_name.empty()) {
    auto [it, inserted] = jobs_.emplace(
        sc.job_name, JobSeen{ctx().doc().path, name_node != nullptr ? name_node->mark.line : 0});
    if (!inserted && name_node != nullptr) {
      std::string where_first = it->second.file == ctx().doc().path
                                    ? "line " + std::to_string(it->second.line)
                                    : it->second.file + ":" + std::to_string(it->second.line);
      ctx().Error(*name_node, job.PathOf("job_name"), kDuplicate,
                  "job name " + Quote(sc.job_name) + " is already used at " + where_first +
                      "; every scrape config needs its own job_name");
    }
  }
  cfg_.scrape_configs.push_back(std::move(sc));
}

void Loader::CheckRelabeledTargets(const std::vector<RelabelConfig>& rules,
                                   const std::vector<StaticTarget>& targets,
                                   const std::map<std::string, std::string>& defaults) {
  if (targets.empty()) return;
  Relabeler relabeler(rules);
  for (const StaticTarget& t : targets) {
    std::map<std::string, std::string> labels = t.labels;
    labels["__address__"] = t.address;
    for (const auto& [name, value] : defaults) labels.emplace(name, value);
    if (!relabeler.Apply(&labels)) continue;  // dropped: never scraped
    auto it = labels.find("__address__");
    std::string address = it == labels.end() ? "" : it->second;
    if (t.origin.node == nullptr) continue;
    if (address.empty()) {
      ctx().Error(*t.origin.node, t.origin.path, kValue,
                  "target " + Quote(t.address) +
                      " has no __address__ after relabel_configs: keep or set __address__");
    } else if (address.find('/') != std::string::npos) {
      ctx().Error(*t.origin.node, t.origin.path, kValue,
                  "target " + Quote(t.address) + " has __address__ " + Quote(address) +
                      " after relabel_configs, which is not a valid host:port: put the scheme "
                      "in `scheme` and the path in `metrics_path`, or rewrite __address__");
    }
  }
}

void Loader::ReadAlerting(Object& root) {
  Object al = root.Sub("alerting");
  NameValidation scheme = cfg_.global.metric_name_validation;
  cfg_.alert_relabel_configs = ReadRelabelConfigs(al, "alert_relabel_configs", scheme);
  for (Object& am : al.List("alertmanagers")) ReadAlertmanager(am);
  al.Finish();
}

void Loader::ReadAlertmanager(Object& am) {
  NameValidation scheme = cfg_.global.metric_name_validation;
  ReadHttpClientConfig(am, &cfg_.plaintext_secrets);
  if (am.Has("sigv4")) {
    std::vector<std::string> auth;
    for (std::string_view f : {"basic_auth", "authorization", "oauth2"}) {
      if (am.Has(f)) auth.emplace_back(f);
    }
    if (!auth.empty()) {
      am.Error("sigv4", kConflict,
               "sigv4 cannot be combined with " + Join(auth) +
                   ": configure at most one of basic_auth, authorization, oauth2 and sigv4");
    }
  }
  Object sigv4 = am.Sub("sigv4");
  ReadSigV4(sigv4);
  auto scheme_value = am.String("scheme");
  auto path_prefix = am.String("path_prefix");
  (void)am.Duration("timeout");
  if (auto v = am.String("api_version"); v && *v != "v2") {
    am.Error("api_version", kValue,
             "Alertmanager api_version " + Quote(*v) +
                 " is not supported by Prometheus 3: use v2 (the default) or remove the field");
  }
  std::vector<std::string> discovery;
  std::vector<std::string> files;
  ReadServiceDiscovery(am, &discovery, &files, &cfg_.plaintext_secrets);
  auto targets = ReadStaticConfigs(am, "static_configs");
  uint64_t errors_before_relabel = ctx().errors();
  auto relabel = ReadRelabelConfigs(am, "relabel_configs", scheme);
  bool relabel_valid = ctx().errors() == errors_before_relabel;
  (void)ReadRelabelConfigs(am, "alert_relabel_configs", scheme);
  am.Finish();
  if (relabel.empty()) {
    CheckTargetAddresses(ctx(), targets);
  } else if (relabel_valid) {
    CheckRelabeledTargets(relabel, targets,
                          {{"__scheme__", scheme_value.value_or("http")},
                           {"__alerts_path__", path_prefix.value_or("") + "/api/v2/alerts"}});
  }
  for (auto& t : targets) cfg_.alertmanager_targets.push_back(std::move(t));
}

void Loader::ReadUrl(Object& obj, std::string_view section, std::vector<std::string>* urls) {
  const yaml::Node* n = obj.Field("url");
  if (n == nullptr || n->IsNull()) {
    const yaml::Node* at = n != nullptr ? n : obj.node();
    if (at != nullptr) {
      ctx().Error(*at, obj.PathOf("url"), kRequired,
                  "url is required for " + std::string(section) +
                      ": the endpoint's URL, e.g. http://receiver:9090/api/v1/write");
    }
    return;
  }
  if (!n->IsScalar()) {
    ctx().Error(*n, obj.PathOf("url"), kType, "expected a URL, got " + std::string(n->KindName()));
    return;
  }
  if (auto reason = GoUrlError(n->scalar)) {
    ctx().Error(*n, obj.PathOf("url"), kValue, "invalid URL " + Quote(n->scalar) + ": " + *reason);
    return;
  }
  if (urls != nullptr) urls->push_back(std::string(n->scalar));
}

void Loader::ReadHeaders(Object& obj, bool tracing) {
  const yaml::Node* node = obj.node() != nullptr ? obj.node()->Find("headers") : nullptr;
  auto headers = obj.StringMap("headers");
  if (!headers || node == nullptr || !node->IsMap()) return;
  for (const yaml::Entry& e : node->entries) {
    std::string lower = Lower(e.key.scalar);
    std::string path = obj.PathOf("headers");
    if (lower == "authorization") {
      ctx().Error(e.key, path, kValue,
                  tracing ? "a custom Authorization header is not supported for tracing yet: "
                            "remove it"
                          : "the Authorization header cannot be set in headers: use basic_auth, "
                            "authorization, oauth2, sigv4, azuread or google_iam");
      continue;
    }
    if (std::find(kRemoteReservedHeaders.begin(), kRemoteReservedHeaders.end(), lower) !=
        kRemoteReservedHeaders.end()) {
      ctx().Error(e.key, path, kValue,
                  Quote(e.key.scalar) +
                      " is a reserved header that Prometheus sets itself: "
                      "remove it");
    }
  }
}

void Loader::ReadSigV4(Object& s) {
  if (s.node() == nullptr) {
    s.Finish();
    return;
  }
  (void)s.String("region");
  auto access = s.String("access_key");
  auto secret = s.String("secret_key");
  (void)s.String("profile");
  (void)s.String("role_arn");
  (void)s.String("external_id");
  (void)s.Bool("use_fips_sts_endpoint");
  (void)s.String("service_name");
  if (secret && !secret->empty()) {
    const yaml::Node* n = s.node()->Find("secret_key");
    cfg_.plaintext_secrets.push_back(Origin{&ctx().doc(), n, s.PathOf("secret_key")});
  }
  bool has_access = access && !access->empty();
  bool has_secret = secret && !secret->empty();
  if (has_access != has_secret) {
    s.Error(has_access ? "access_key" : "secret_key", kRequired,
            "access_key and secret_key must be set together: add the missing one or remove both "
            "(to use the default AWS credential chain)");
  }
  s.Finish();
}

void Loader::ReadGoogleIam(Object& g) {
  (void)g.String("credentials_file");
  g.Finish();
}

void Loader::ReadRemoteWrite(Object& root) {
  std::map<std::string, uint32_t> names;
  NameValidation scheme = cfg_.global.metric_name_validation;
  for (Object& rw : root.List("remote_write")) {
    ReadUrl(rw, "remote_write", &cfg_.remote_write_urls);
    (void)rw.Duration("remote_timeout");
    ReadHeaders(rw, false);
    cfg_.write_relabel_configs.push_back(ReadRelabelConfigs(rw, "write_relabel_configs", scheme));
    if (auto name = rw.String("name"); name && !name->empty()) {
      const yaml::Node* n = rw.node()->Find("name");
      auto [it, inserted] = names.emplace(*name, n->mark.line);
      if (!inserted) {
        rw.Error("name", kDuplicate,
                 "remote_write name " + Quote(*name) + " is already used at line " +
                     std::to_string(it->second) + ": names must be unique");
      }
    }
    (void)rw.Bool("send_exemplars");
    (void)rw.Bool("send_native_histograms");
    (void)rw.Bool("round_robin_dns");
    if (auto msg = rw.String("protobuf_message");
        msg && *msg != "prometheus.WriteRequest" && *msg != "io.prometheus.write.v2.Request") {
      rw.Error("protobuf_message", kValue,
               "unknown protobuf_message " + Quote(*msg) +
                   "; use prometheus.WriteRequest (remote write 1.0) or "
                   "io.prometheus.write.v2.Request (2.0)");
    }
    ReadHttpClientConfig(rw, &cfg_.plaintext_secrets);

    Object q = rw.Sub("queue_config");
    int64_t capacity = q.Int("capacity").value_or(10000);
    int64_t max_shards = q.Int("max_shards").value_or(50);
    int64_t min_shards = q.Int("min_shards").value_or(1);
    int64_t max_samples = q.Int("max_samples_per_send").value_or(2000);
    (void)q.Duration("batch_send_deadline");
    int64_t min_backoff = q.Duration("min_backoff").value_or(30);
    int64_t max_backoff = q.Duration("max_backoff").value_or(5000);
    (void)q.Bool("retry_on_http_429");
    (void)q.Duration("sample_age_limit");
    auto positive = [&](std::string_view field, int64_t v) {
      if (v <= 0) {
        q.Error(field, kValue,
                std::string(field) + " must be greater than 0, got " + std::to_string(v) +
                    ": remove it for the default");
        return false;
      }
      return true;
    };
    // Both are checked (and reported) before they are combined.
    bool max_ok = positive("max_shards", max_shards);
    bool min_ok = positive("min_shards", min_shards);
    bool shards_ok = max_ok && min_ok;
    positive("capacity", capacity);
    positive("max_samples_per_send", max_samples);
    if (shards_ok && min_shards > max_shards) {
      q.Error("min_shards", kValue,
              "min_shards (" + std::to_string(min_shards) + ") is greater than max_shards (" +
                  std::to_string(max_shards) + "): lower min_shards or raise max_shards");
    }
    if (min_backoff > max_backoff) {
      q.Error("max_backoff", kValue,
              "max_backoff (" + FormatDuration(max_backoff) + ") is less than min_backoff (" +
                  FormatDuration(min_backoff) + "): raise max_backoff or lower min_backoff");
    }
    q.Finish();

    Object md = rw.Sub("metadata_config");
    (void)md.Bool("send");
    (void)md.Duration("send_interval");
    (void)md.Int("max_samples_per_send");
    md.Finish();

    std::vector<std::string> auth;
    for (std::string_view f :
         {"basic_auth", "authorization", "oauth2", "sigv4", "azuread", "google_iam"}) {
      if (rw.Has(f)) auth.emplace_back(f);
    }
    Object sigv4 = rw.Sub("sigv4");
    ReadSigV4(sigv4);
    Object azuread = rw.Sub("azuread");
    ReadAzureAd(azuread, &cfg_.plaintext_secrets);
    Object google_iam = rw.Sub("google_iam");
    ReadGoogleIam(google_iam);
    if (auth.size() > 1) {
      rw.Error(auth[1], kConflict,
               "at most one of basic_auth, authorization, oauth2, sigv4, azuread and google_iam "
               "may be configured; this one sets " +
                   Join(auth) + ": keep one");
    }
    rw.Finish();
  }
}

void Loader::ReadRemoteRead(Object& root) {
  std::map<std::string, uint32_t> names;
  for (Object& rr : root.List("remote_read")) {
    ReadUrl(rr, "remote_read", nullptr);
    (void)rr.Duration("remote_timeout");
    (void)rr.Int("chunked_read_limit", 0);
    ReadHeaders(rr, false);
    (void)rr.Bool("read_recent");
    if (auto name = rr.String("name"); name && !name->empty()) {
      const yaml::Node* n = rr.node()->Find("name");
      auto [it, inserted] = names.emplace(*name, n->mark.line);
      if (!inserted) {
        rr.Error("name", kDuplicate,
                 "remote_read name " + Quote(*name) + " is already used at line " +
                     std::to_string(it->second) + ": names must be unique");
      }
    }
    ReadHttpClientConfig(rr, &cfg_.plaintext_secrets);
    (void)ReadLabelSet(rr, "required_matchers", NameValidation::kUtf8, false);
    (void)rr.Bool("filter_external_labels");
    rr.Finish();
  }
}

void Loader::ReadStorage(Object& root) {
  Object st = root.Sub("storage");
  Object tsdb = st.Sub("tsdb");
  (void)tsdb.Duration("out_of_order_time_window");
  (void)tsdb.Float("stale_series_compaction_threshold");
  Object retention = tsdb.Sub("retention");
  if (auto v = retention.Duration("time")) cfg_.tsdb_retention_time_ms = *v;
  if (auto v = ReadSize(retention, "size")) cfg_.tsdb_retention_size = *v;
  if (auto v = retention.Float("percentage")) {
    if (!(*v >= 0 && *v <= 100)) {
      retention.Error("percentage", kValue,
                      "retention percentage must be between 0 and 100, got " +
                          std::string(retention.node()->Find("percentage")->scalar));
    } else {
      cfg_.tsdb_retention_percentage = *v;
    }
  }
  retention.Finish();
  Object chunks = tsdb.Sub("chunk_encoding");
  if (auto v = chunks.String("floats"); v && *v != "xor" && *v != "xor2") {
    chunks.Error("floats", kValue,
                 "unknown float chunk encoding " + Quote(*v) + "; use xor or xor2 (lower case)");
  }
  chunks.Finish();
  tsdb.Finish();
  Object exemplars = st.Sub("exemplars");
  (void)exemplars.Int("max_exemplars");
  exemplars.Finish();
  st.Finish();
}

void Loader::ReadTracing(Object& root) {
  Object t = root.Sub("tracing");
  if (t.node() == nullptr) {
    t.Finish();
    return;
  }
  (void)t.Enum("client_type", {"grpc", "http"});
  auto endpoint = t.String("endpoint");
  if (!endpoint || endpoint->empty()) {
    const yaml::Node* at = t.node()->Find("endpoint");
    ctx().Error(at != nullptr ? *at : *t.node(), t.PathOf("endpoint"), kRequired,
                "tracing needs an endpoint to send spans to, e.g. endpoint: localhost:4317 (or "
                "remove the tracing section)");
  }
  (void)t.Float("sampling_fraction");
  (void)t.Bool("insecure");
  Object tls = t.Sub("tls_config");
  ReadTlsConfig(tls, &cfg_.plaintext_secrets);
  ReadHeaders(t, true);
  if (auto c = t.String("compression"); c && !c->empty() && *c != "gzip") {
    t.Error("compression", kValue,
            "unknown compression " + Quote(*c) + "; use gzip or remove the field");
  }
  (void)t.Duration("timeout");
  t.Finish();
}

/// Trims, then rejects empty and repeated OTel attribute names.
void CheckAttributes(Context& ctx, Object& o, std::string_view field,
                     const std::vector<std::string>& attrs, std::string_view adjective) {
  const yaml::Node* n = o.node()->Find(field);
  std::set<std::string> seen;
  for (size_t i = 0; i < attrs.size(); ++i) {
    std::string a = attrs[i];
    a.erase(0, a.find_first_not_of(" \t\n\r"));
    a.erase(a.find_last_not_of(" \t\n\r") + 1);
    std::string path = o.PathOf(field) + "[" + std::to_string(i) + "]";
    if (a.empty()) {
      ctx.Error(n->items[i], path, kValue,
                "empty " + std::string(adjective) + " OTel resource attribute: remove it");
    } else if (!seen.insert(a).second) {
      ctx.Error(n->items[i], path, kDuplicate,
                "duplicated " + std::string(adjective) + " OTel resource attribute " + Quote(a) +
                    ": remove the repeat");
    }
  }
}

void Loader::ReadOtlp(Object& root) {
  Object o = root.Sub("otlp");
  auto promote_all = o.Bool("promote_all_resource_attributes");
  auto promote = o.StringList("promote_resource_attributes");
  auto ignore = o.StringList("ignore_resource_attributes");
  auto strategy = o.String("translation_strategy");
  (void)o.Bool("keep_identifying_resource_attributes");
  (void)o.Bool("convert_histograms_to_nhcb");
  (void)o.Bool("promote_scope_metadata");
  (void)o.Bool("label_name_underscore_sanitization");
  (void)o.Bool("label_name_preserve_multiple_underscores");
  if (o.node() != nullptr) {
    if (promote_all.value_or(false)) {
      if (promote && !promote->empty()) {
        o.Error("promote_resource_attributes", kConflict,
                "promote_resource_attributes cannot be set together with "
                "promote_all_resource_attributes: true; remove one of them");
      }
      if (ignore) CheckAttributes(ctx(), o, "ignore_resource_attributes", *ignore, "ignored");
    } else {
      if (ignore && !ignore->empty()) {
        o.Error("ignore_resource_attributes", kConflict,
                "ignore_resource_attributes needs promote_all_resource_attributes: true; set it "
                "or remove ignore_resource_attributes");
      }
      if (promote) CheckAttributes(ctx(), o, "promote_resource_attributes", *promote, "promoted");
    }
  }
  if (strategy && !strategy->empty()) {
    const std::string& s = *strategy;
    if (s == "NoUTF8EscapingWithSuffixes" || s == "NoTranslation") {
      if (cfg_.global.metric_name_validation == NameValidation::kLegacy) {
        o.Error("translation_strategy", kConflict,
                "OTLP translation strategy " + Quote(s) +
                    " keeps UTF-8 names, which global metric_name_validation_scheme: legacy "
                    "forbids: use UnderscoreEscapingWithSuffixes or "
                    "UnderscoreEscapingWithoutSuffixes, or utf8 validation");
      }
    } else if (s != "UnderscoreEscapingWithSuffixes" && s != "UnderscoreEscapingWithoutSuffixes") {
      o.Error("translation_strategy", kValue,
              "unknown OTLP translation strategy " + Quote(s) +
                  "; use UnderscoreEscapingWithSuffixes, UnderscoreEscapingWithoutSuffixes, "
                  "NoUTF8EscapingWithSuffixes or NoTranslation");
    }
  }
  o.Finish();
}

void Loader::CheckAgentMode(Object& root) {
  const yaml::Node* top = root.node();
  if (top == nullptr) return;
  auto non_empty = [](const yaml::Node* n) {
    return n != nullptr && ((n->IsSequence() && !n->items.empty()) || n->IsScalar());
  };
  const yaml::Node* alerting = top->Find("alerting");
  if (alerting != nullptr && alerting->IsMap() &&
      (non_empty(alerting->Find("alertmanagers")) ||
       non_empty(alerting->Find("alert_relabel_configs")))) {
    ctx().Error(*alerting, "alerting", kValue,
                "alerting is not allowed in agent mode (an agent evaluates no rules): remove it "
                "or run Prometheus as a server");
  }
  if (const yaml::Node* n = top->Find("rule_files"); non_empty(n)) {
    ctx().Error(*n, "rule_files", kValue,
                "rule_files is not allowed in agent mode (an agent evaluates no rules): remove "
                "it or run Prometheus as a server");
  }
  if (const yaml::Node* n = top->Find("remote_read"); non_empty(n)) {
    ctx().Error(*n, "remote_read", kValue,
                "remote_read is not allowed in agent mode (an agent answers no queries): remove "
                "it or run Prometheus as a server");
  }
}

}  // namespace

LoadedConfig Load(const std::string& path, std::string text, diag::Sink& sink, FileSystem& fs) {
  return Load(path, std::move(text), sink, fs, LoadOptions{});
}

LoadedConfig Load(const std::string& path, std::string text, diag::Sink& sink, FileSystem& fs,
                  const LoadOptions& options) {
  LoadedConfig out;
  // `valid` must also see the YAML layer's and the discovery code's findings.
  diag::ErrorCountingSink counting(sink);
  {
    Loader loader(out, counting, fs, options);
    loader.Run(path, std::move(text));
  }
  out.valid = counting.errors == 0 && !out.documents.empty();
  return out;
}

}  // namespace ttam::config
