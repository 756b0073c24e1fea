#include "fleet/targets.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

#include "config/relabel.h"
#include "config/target_group.h"
#include "scrape/url.h"
#include "support/units.h"
#include "yaml/document.h"

namespace ttam::fleet {
namespace {

using scrape::FetchOptions;

diag::Diagnostic At(const config::Origin& origin, diag::Severity severity, std::string message,
                    const std::string& check) {
  if (origin.doc != nullptr && origin.node != nullptr) {
    return yaml::MakeDiagnostic(*origin.doc, origin.node->mark, severity, check,
                                std::move(message));
  }
  diag::Diagnostic d;
  d.path = origin.path;
  d.severity = severity;
  d.check = check;
  d.message = std::move(message);
  return d;
}

// The file's content with surrounding whitespace removed, as
// prometheus/common reads secret files.
Result<std::string> ReadSecret(FileSystem& fs, const std::string& path) {
  auto text = fs.Read(path);
  if (!text.ok()) return text;
  std::string s = std::move(*text);
  s.erase(0, s.find_first_not_of(" \t\r\n"));
  s.erase(s.find_last_not_of(" \t\r\n") + 1);
  return s;
}

// The job's FetchOptions; nullopt (after reporting) when a credential file
// cannot be read.
std::optional<FetchOptions> JobFetch(const config::ScrapeConfig& sc, FileSystem& fs,
                                     const std::string& target_config, diag::Sink& sink) {
  FetchOptions f;
  f.timeout = std::chrono::milliseconds(sc.scrape_timeout_ms);
  if (sc.body_size_limit != 0) f.max_bytes = sc.body_size_limit;
  f.accept = AcceptHeader(sc.scrape_protocols, sc.metric_name_escaping);
  const config::HttpSettings& h = sc.http;
  bool failed = false;
  auto secret = [&](const std::string& inline_value, const std::string& file,
                    const char* what) -> std::string {
    if (file.empty()) return inline_value;
    auto v = ReadSecret(fs, file);
    if (v.ok()) return *v;
    sink.Report(At(sc.origin, diag::Severity::kError,
                   "job " + sc.job_name + ": cannot read " + what + " " + file + ": " +
                       v.error().message + "; its targets are not scraped",
                   target_config));
    failed = true;
    return {};
  };
  if (h.has_basic_auth) {
    scrape::BasicAuth auth;
    auth.username = secret(h.username, h.username_file, "username_file");
    auth.password = secret(h.password, h.password_file, "password_file");
    f.basic_auth = std::move(auth);
  }
  std::string credentials =
      h.has_authorization ? secret(h.credentials, h.credentials_file, "credentials_file") : "";
  // prometheus/common sends no Authorization header for empty credentials.
  if (!credentials.empty()) {
    std::string type = h.authorization_type;
    std::string lower = type;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "bearer") {
      f.bearer_token = std::move(credentials);
    } else {
      f.headers.emplace_back("Authorization", type + " " + credentials);
    }
  }
  if (h.has_oauth2) {
    sink.Report(At(sc.origin, diag::Severity::kWarning,
                   "job " + sc.job_name +
                       " uses oauth2, which ttam does not support: its targets are scraped "
                       "without credentials",
                   target_config));
  }
  f.ca_file = h.ca_file;
  f.insecure = h.insecure_skip_verify;
  if (failed) return std::nullopt;
  return f;
}

std::string MetaDuration(int64_t ms) { return FormatDuration(std::chrono::milliseconds(ms)); }

// Relabels one discovered target as the scrape manager's PopulateLabels
// does and appends it to `out` unless it is dropped.
void AddTarget(const config::ScrapeConfig& sc, const config::Relabeler& relabeler,
               const FetchOptions& fetch, std::map<std::string, std::string> labels,
               const config::Origin& origin, const std::string& target_config,
               std::vector<Target>* out, diag::Sink& sink) {
  auto set_default = [&](const std::string& name, const std::string& value) {
    labels.emplace(name, value);  // keeps a value the target or group set
  };
  set_default("job", sc.job_name);
  set_default("__scrape_interval__", MetaDuration(sc.scrape_interval_ms));
  set_default("__scrape_timeout__", MetaDuration(sc.scrape_timeout_ms));
  set_default("__metrics_path__", sc.metrics_path);
  set_default("__scheme__", sc.scheme);
  for (const auto& [name, values] : sc.params) {
    if (!values.empty()) set_default("__param_" + name, values[0]);
  }
  if (!relabeler.Apply(&labels)) return;
  auto address = labels.find("__address__");
  if (address == labels.end() || address->second.empty()) return;  // Prometheus drops it too

  Target t;
  t.job = sc.job_name;
  t.fetch = fetch;
  t.origin = origin;
  t.limits = sc.limits;
  t.metric_relabel_configs = &sc.metric_relabel_configs;

  auto interval = ParseDuration(labels["__scrape_interval__"]);
  auto timeout = ParseDuration(labels["__scrape_timeout__"]);
  std::string problem;
  if (!interval.ok() || interval->count() == 0) {
    problem = "invalid __scrape_interval__ \"" + labels["__scrape_interval__"] + "\"";
  } else if (!timeout.ok() || timeout->count() == 0) {
    problem = "invalid __scrape_timeout__ \"" + labels["__scrape_timeout__"] + "\"";
  } else if (*timeout > *interval) {
    problem = "__scrape_timeout__ " + labels["__scrape_timeout__"] +
              " is greater than __scrape_interval__ " + labels["__scrape_interval__"];
  }
  if (!problem.empty()) {
    sink.Report(At(origin, diag::Severity::kError,
                   "target " + address->second + " of job " + sc.job_name + ": " + problem +
                       " after relabelling; Prometheus skips it",
                   target_config));
    return;
  }
  t.fetch.timeout = *timeout;

  // Target.URL(): the job's params, each overridden by its __param_ label.
  std::map<std::string, std::vector<std::string>> params = sc.params;
  for (const auto& [name, value] : labels) {
    if (name.rfind("__param_", 0) != 0) continue;
    auto& values = params[name.substr(8)];
    if (values.empty()) {
      values.push_back(value);
    } else {
      values[0] = value;
    }
  }
  std::string query;
  for (const auto& [name, values] : params) {
    for (const std::string& v : values) {
      if (!query.empty()) query += '&';
      query += scrape::QueryEscape(name) + "=" + scrape::QueryEscape(v);
    }
  }
  std::string path = labels["__metrics_path__"];
  if (path.empty() || path[0] != '/') path.insert(0, "/");
  t.url = labels["__scheme__"] + "://" + address->second + path;
  if (!query.empty()) t.url += "?" + query;

  if (labels["instance"].empty()) labels["instance"] = address->second;
  // As PopulateLabels: meta and internal labels go, and so do empty ones.
  for (const auto& [name, value] : labels) {
    if (name.rfind("__", 0) != 0 && !value.empty()) t.labels.emplace(name, value);
  }
  out->push_back(std::move(t));
}

}  // namespace

std::string AcceptHeader(const std::vector<std::string>& protocols, const std::string& escaping) {
  static const std::map<std::string, std::string> kHeaders = {
      {"PrometheusText0.0.4", "text/plain;version=0.0.4"},
      {"PrometheusText1.0.0", "text/plain;version=1.0.0"},
      {"OpenMetricsText0.0.1", "application/openmetrics-text;version=0.0.1"},
      {"OpenMetricsText1.0.0", "application/openmetrics-text;version=1.0.0"},
  };
  // Upstream weighs from len(ScrapeProtocolsHeaders)+1 (five protocols),
  // counting the protobuf one too even though ttam leaves it out.
  int weight = 6;
  std::string out;
  bool any = false;
  for (const std::string& p : protocols) {
    auto it = kHeaders.find(p);
    if (it == kHeaders.end()) {
      --weight;
      continue;
    }
    std::string v = it->second;
    if (p == "PrometheusText1.0.0" || p == "OpenMetricsText1.0.0") {
      v += ";escaping=" + (escaping.empty() ? std::string("allow-utf-8") : escaping);
    }
    v += ";q=0." + std::to_string(weight--);
    if (!out.empty()) out += ',';
    out += v;
    any = true;
  }
  if (!any) return scrape::kPrometheusAccept;
  return out + ",*/*;q=0." + std::to_string(std::max(weight, 1));
}

std::vector<Target> TargetsFromConfig(const config::LoadedConfig& loaded, const std::string& job,
                                      FileSystem& fs, std::string_view id_prefix,
                                      diag::Sink& sink) {
  const std::string unresolved_id = std::string(id_prefix) + "/unresolved-discovery";
  const std::string target_config = std::string(id_prefix) + "/target-config";
  std::vector<Target> out;
  for (const config::ScrapeConfig& sc : loaded.config.scrape_configs) {
    if (!job.empty() && sc.job_name != job) continue;
    std::vector<std::string> unresolved;
    for (const std::string& d : sc.discovery) {
      if (d != "file_sd_configs") unresolved.push_back(d);
    }
    if (!unresolved.empty()) {
      std::string names;
      for (const std::string& d : unresolved) names += (names.empty() ? "" : ", ") + d;
      sink.Report(At(sc.origin, diag::Severity::kInfo,
                     "job " + sc.job_name + " discovers targets with " + names +
                         ", which ttam cannot resolve offline: only its static_configs and "
                         "file_sd_configs targets are measured (use --prometheus to measure "
                         "what a server scraped)",
                     unresolved_id));
    }
    // An invalid config may hold rules the Relabeler cannot apply.
    bool unusable = std::any_of(
        sc.relabel_configs.begin(), sc.relabel_configs.end(),
        [](const config::RelabelConfig& r) { return r.action == "hashmod" && r.modulus == 0; });
    if (unusable) {
      sink.Report(At(sc.origin, diag::Severity::kError,
                     "job " + sc.job_name +
                         " has a hashmod relabel rule without a modulus: fix the config; its "
                         "targets are not scraped",
                     target_config));
      continue;
    }
    auto fetch = JobFetch(sc, fs, target_config, sink);
    if (!fetch) continue;
    config::Relabeler relabeler(sc.relabel_configs);
    for (const config::StaticTarget& st : sc.static_targets) {
      auto labels = st.labels;
      labels["__address__"] = st.address;
      AddTarget(sc, relabeler, *fetch, std::move(labels), st.origin, target_config, &out, sink);
    }
    for (const std::string& file : sc.file_sd_files) {
      config::Origin origin;
      origin.path = file;
      auto text = fs.Read(file);
      if (!text.ok()) {
        sink.Report(
            At(origin, diag::Severity::kError,
               "cannot read file_sd file of job " + sc.job_name + ": " + text.error().message,
               target_config));
        continue;
      }
      config::FileSdTargets parsed = config::ParseFileSd(file, std::move(*text), sink, fs);
      // Prometheus's file SD drops a file with any error as a whole.
      if (!parsed.valid) continue;
      for (const config::StaticTarget& st : parsed.targets) {
        auto labels = st.labels;
        labels["__address__"] = st.address;
        labels["__meta_filepath"] = file;
        // parsed.doc dies with this loop: keep only the file name.
        AddTarget(sc, relabeler, *fetch, std::move(labels), origin, target_config, &out, sink);
      }
    }
  }
  return out;
}

}  // namespace ttam::fleet
