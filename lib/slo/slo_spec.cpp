// SLO spec files: format detection, YAML streams, duplicate names, and
// ttam's own format. Sloth's format is read in slo_spec_sloth.cpp, OpenSLO
// in slo_spec_openslo.cpp; what they share is in slo_spec_reader.*.
//
// ttam's format (samples/slo.yml is a complete example):
//
//   slos:
//     - name: checkout-availability   # required; letters, digits, - _ .; unique
//       description: ...              # optional
//       service: checkout             # optional
//       objective: 99.9               # required: percent of good events, in (0, 100)
//       period: 30d                   # optional (default 30d): a Prometheus duration
//       by: [route]                   # optional: labels the SLI's sums keep
//       labels: {team: web}           # optional: on every generated rule
//       sli:                          # exactly one of the four shapes below
//         # 1. counters, as plain series selectors (no range, offset or @):
//         errors: http_requests_total{code=~"5.."}
//         total: http_requests_total
//         #    become sum by (route) (rate(<selector>[{{.window}}])).
//         # 2. query templates, used as written; every range is [{{.window}}]:
//         # error_query: sum(rate(x_errors_total[{{.window}}]))
//         # total_query: sum(rate(x_total[{{.window}}]))
//         # 3. a ratio template (no event counts, so no --min-events guard):
//         # error_ratio_query: 1 - avg(avg_over_time(x_ok_ratio[{{.window}}]))
//         # 4. latency: requests slower than `threshold` seconds on a classic
//         #    histogram (`histogram` with or without _bucket; `selector`
//         #    optional, as '{label="value", ...}'):
//         # latency: {histogram: http_request_duration_seconds, threshold: 0.25}
//         #    errors = sum by (route) (rate(<h>_count{m}[W]))
//         #           - sum by (route) (rate(<h>_bucket{m,le="0.25"}[W]))
//         #    total  = sum by (route) (rate(<h>_count{m}[W]))
//         #    with `le` written as Prometheus 3 normalises bucket bounds when
//         #    it scrapes them (1 -> "1.0", 0.25 -> "0.25").
//       alerting:                     # optional
//         name: CheckoutAvailability  # default: the name in UpperCamelCase + BurnRate
//         labels: {}                  # on both tiers
//         annotations: {}
//         page:   {disable: false, factors: [14.4, 6], labels: {}, annotations: {}}
//         ticket: {disable: false, factors: [3, 1], labels: {}, annotations: {}}
//
// The format is strict: an unknown field is an error naming the known ones.

#include "slo/slo_spec.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <utility>

#include "model/names.h"
#include "promql/ast.h"
#include "promql/parser.h"
#include "slo/slo_spec_reader.h"
#include "support/text.h"
#include "yaml/document.h"
#include "yaml/schema.h"

namespace ttam::slo {
namespace {

using spec_internal::CheckBuiltTemplate;
using spec_internal::CheckTemplateScalar;
using spec_internal::PlainSelector;
using spec_internal::SumRate;

constexpr std::string_view kAcceptedFormats =
    "ttam's own format (`slos:` at the top), sloth's (`version: prometheus/v1`) or OpenSLO "
    "(`apiVersion: openslo/v1`, `kind: SLO`)";

bool IsTtamSloName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

// The `by` labels: legacy label names, not `le`, each once.
std::vector<std::string> ReadTtamBy(yaml::Object& obj) {
  std::optional<std::vector<std::string>> by = obj.StringList("by");
  if (!by) return {};
  std::vector<std::string> out;
  for (const std::string& label : *by) {
    std::string problem;
    if (!model::IsValidLegacyLabelName(label)) {
      problem = "invalid label name " + Quote(label) +
                ": use letters, digits and underscores, not starting with a digit";
    } else if (label == "le") {
      problem = "`le` cannot be a group label: the latency SLI reads the buckets itself";
    } else if (std::find(out.begin(), out.end(), label) != out.end()) {
      problem = "label " + Quote(label) + " is listed twice";
    }
    if (!problem.empty()) {
      obj.Error("by", kSpecCheck, problem);
      continue;
    }
    out.push_back(label);
  }
  return out;
}

// The matchers of a latency SLI's `selector` ('{a="b", c=~"d"}'), without
// the braces; "" when absent. Reports a selector with a metric name or an
// `le` matcher.
std::optional<std::string> ReadTtamLatencyMatchers(yaml::Object& latency) {
  const yaml::Node* node = latency.Field("selector");
  if (node == nullptr || node->IsNull()) return std::string();
  std::string path = latency.PathOf("selector");
  constexpr std::string_view kHint =
      "write the matchers in braces, e.g. '{job=\"api\", route!=\"/health\"}'";
  std::optional<std::string> text = PlainSelector(latency.ctx(), *node, path, std::string(kHint));
  if (!text) return std::nullopt;
  if (text->front() != '{' || text->back() != '}') {
    latency.ctx().Error(*node, path, kSpecCheck,
                        "give only label matchers, without a metric name (the histogram "
                        "names it); " +
                            std::string(kHint));
    return std::nullopt;
  }
  promql::ParseResult parsed = promql::Parse(*text);
  const auto& selector = std::get<promql::VectorSelector>(parsed.expr->node);
  for (const promql::LabelMatcher& m : selector.matchers) {
    if (m.name == "__name__" || m.name == "le") {
      latency.ctx().Error(*node, path, kSpecCheck,
                          "the selector must not match on " + Quote(m.name) +
                              ": the latency SLI sets the metric names and `le` itself");
      return std::nullopt;
    }
  }
  std::string inner = text->substr(1, text->size() - 2);
  size_t b = inner.find_first_not_of(" \t\n");
  size_t e = inner.find_last_not_of(" \t\n,");
  return b == std::string::npos ? std::string() : inner.substr(b, e - b + 1);
}

// sli.latency: errors are the requests slower than the threshold.
void ReadTtamLatency(yaml::Object& sli, SloSpec& spec) {
  yaml::Object latency = sli.Sub("latency");
  if (latency.node() == nullptr) return;
  std::optional<std::string> histogram = latency.RequiredString("histogram");
  std::optional<double> threshold = latency.Float("threshold");
  std::optional<std::string> matchers = ReadTtamLatencyMatchers(latency);
  if (!latency.Has("threshold")) {
    latency.Error("", kSpecCheck,
                  "threshold is required: the latency target in seconds, e.g. 0.25; requests "
                  "slower than it are errors");
  }
  latency.Finish(yaml::Object::Unknown::kListKnown);
  bool ok = histogram && threshold && matchers;
  if (histogram) {
    std::string name = *histogram;
    if (name.size() > 7 && name.ends_with("_bucket")) name.resize(name.size() - 7);
    if (!model::IsValidLegacyMetricName(name)) {
      latency.Error("histogram", kSpecCheck,
                    "invalid histogram name " + Quote(*histogram) +
                        ": give the family name of a classic histogram, e.g. "
                        "http_request_duration_seconds");
      ok = false;
    } else if (name.ends_with("_count") || name.ends_with("_sum")) {
      latency.Error("histogram", kSpecCheck,
                    "give the histogram's family name (x for x_bucket, x_count and x_sum), "
                    "not " +
                        Quote(name));
      ok = false;
    }
    histogram = name;
  }
  if (threshold && !(*threshold > 0 && std::isfinite(*threshold))) {
    latency.Error("threshold", kSpecCheck,
                  "the threshold must be a positive number of seconds, e.g. 0.25 "
                  "(a bucket bound of the histogram)");
    ok = false;
  }
  if (!ok) return;
  std::string count = *histogram + "_count";
  if (!matchers->empty()) count += "{" + *matchers + "}";
  std::string bucket = *histogram + "_bucket{" + (matchers->empty() ? "" : *matchers + ",") +
                       "le=\"" + spec_internal::LeLabelValue(*threshold) + "\"}";
  spec.sli.total_query = SumRate(spec.by, count);
  spec.sli.error_query = spec.sli.total_query + " - " + SumRate(spec.by, bucket);
  spec.sli.latency_histogram = *histogram;
  spec.sli.latency_threshold = *threshold;
  yaml::Context& ctx = sli.ctx();
  CheckBuiltTemplate(ctx, *latency.node(), latency.path(), "the latency SLI's total query",
                     spec.sli.total_query);
  CheckBuiltTemplate(ctx, *latency.node(), latency.path(), "the latency SLI's error query",
                     spec.sli.error_query);
}

// The SLI of a ttam SLO: exactly one of its four shapes.
void ReadTtamSli(yaml::Object& slo, SloSpec& spec) {
  yaml::Object sli = slo.Sub("sli");
  constexpr std::string_view kShapes =
      "{errors: SELECTOR, total: SELECTOR}, {error_query: TEMPLATE, total_query: TEMPLATE}, "
      "{error_ratio_query: TEMPLATE} or {latency: {histogram: NAME, threshold: SECONDS}}";
  if (sli.node() == nullptr) {
    if (!slo.Has("sli")) {
      slo.Error("", kSpecCheck, "sli is required: one of " + std::string(kShapes));
    }
    return;
  }
  spec.sli.position = spec_internal::PositionOf(*sli.node());
  bool selectors = sli.Has("errors") || sli.Has("total");
  bool templates = sli.Has("error_query") || sli.Has("total_query");
  bool ratio = sli.Has("error_ratio_query");
  bool latency = sli.Has("latency");
  int shapes = int{selectors} + int{templates} + int{ratio} + int{latency};
  if (shapes != 1) {
    slo.Error("sli", kSpecCheck,
              std::string(shapes == 0 ? "the SLI is empty" : "the SLI mixes several shapes") +
                  ": give exactly one of " + std::string(kShapes));
    sli.Field("errors");
    sli.Field("total");
    sli.Field("error_query");
    sli.Field("total_query");
    sli.Field("error_ratio_query");
    sli.Field("latency");
    sli.Finish(yaml::Object::Unknown::kListKnown);
    return;
  }
  yaml::Context& ctx = slo.ctx();
  auto pair = [&](std::string_view errors_field, std::string_view total_field, bool as_selectors) {
    const yaml::Node* errors = sli.Field(errors_field);
    const yaml::Node* total = sli.Field(total_field);
    for (auto [field, node] : {std::pair{errors_field, errors}, std::pair{total_field, total}}) {
      if (node == nullptr || node->IsNull()) {
        sli.Error("", kSpecCheck,
                  std::string(field) + " is required with " +
                      std::string(field == errors_field ? total_field : errors_field));
      }
    }
    if (errors == nullptr || errors->IsNull() || total == nullptr || total->IsNull()) return;
    if (as_selectors) {
      for (auto [field, node] : {std::pair{errors_field, errors}, std::pair{total_field, total}}) {
        if (node->IsScalar() && node->scalar.find("{{") != std::string::npos) {
          ctx.Error(*node, sli.PathOf(field), kSpecCheck,
                    std::string(field) +
                        " takes a series selector, and ttam adds the rate and the window; "
                        "for a query template with {{.window}}, write error_query and "
                        "total_query instead of errors and total");
          return;
        }
      }
      constexpr std::string_view kHint =
          "for any other query, give error_query and total_query templates with "
          "[{{.window}}] as every range";
      auto e = PlainSelector(ctx, *errors, sli.PathOf(errors_field), kHint);
      auto t = PlainSelector(ctx, *total, sli.PathOf(total_field), kHint);
      if (!e || !t) return;
      spec.sli.error_query = SumRate(spec.by, *e);
      spec.sli.total_query = SumRate(spec.by, *t);
      CheckBuiltTemplate(ctx, *errors, sli.PathOf(errors_field), "the error query",
                         spec.sli.error_query);
      CheckBuiltTemplate(ctx, *total, sli.PathOf(total_field), "the total query",
                         spec.sli.total_query);
      return;
    }
    auto e = CheckTemplateScalar(ctx, *errors, sli.PathOf(errors_field), errors_field);
    auto t = CheckTemplateScalar(ctx, *total, sli.PathOf(total_field), total_field);
    if (e && t) {
      spec.sli.error_query = *e;
      spec.sli.total_query = *t;
    }
  };
  if (selectors) {
    pair("errors", "total", true);
  } else if (templates) {
    pair("error_query", "total_query", false);
  } else if (ratio) {
    const yaml::Node* node = sli.Field("error_ratio_query");
    if (auto q =
            CheckTemplateScalar(ctx, *node, sli.PathOf("error_ratio_query"), "error_ratio_query")) {
      spec.sli.error_ratio_query = *q;
    }
  } else {
    ReadTtamLatency(sli, spec);
  }
  sli.Finish(yaml::Object::Unknown::kListKnown);
}

void ReadTtamSlo(yaml::Object& slo, SpecFile& file) {
  SloSpec spec;
  spec.format = SpecFormat::kTtam;
  spec.position = spec_internal::PositionOf(*slo.node());
  if (auto name = slo.RequiredString("name")) {
    if (!IsTtamSloName(*name)) {
      slo.Error("name", kSpecCheck,
                "invalid SLO name " + Quote(*name) +
                    ": use letters, digits, '-', '_' and '.', e.g. checkout-availability");
    }
    spec.name = *name;
    spec.slo_name = *name;
  }
  spec.description = slo.String("description").value_or("");
  spec.service = slo.String("service").value_or("");
  if (auto percent = slo.Float("objective")) {
    if (auto objective = spec_internal::ObjectiveFromPercent(slo, "objective", *percent)) {
      spec.objective = *objective;
    }
  } else if (!slo.Has("objective")) {
    slo.Error("", kSpecCheck, "objective is required: the percentage of good events, e.g. 99.9");
  }
  if (auto period = spec_internal::PositivePeriod(slo, "period")) spec.period_ms = *period;
  spec.by = ReadTtamBy(slo);
  spec.labels = spec_internal::LabelMap(slo, "labels", false);
  ReadTtamSli(slo, spec);
  yaml::Object alerting = slo.Sub("alerting");
  spec.alert_name = alerting.String("name").value_or("");
  if (!spec.alert_name.empty() && !model::IsValidLegacyMetricName(spec.alert_name)) {
    alerting.Error("name", kSpecCheck,
                   "invalid alert name " + Quote(spec.alert_name) +
                       ": use letters, digits and underscores, e.g. CheckoutAvailability");
  }
  spec.alert_labels = spec_internal::LabelMap(alerting, "labels", false);
  spec.alert_annotations = spec_internal::LabelMap(alerting, "annotations", true);
  yaml::Object page = alerting.Sub("page");
  spec_internal::ReadTier(page, spec.page, true);
  page.Finish(yaml::Object::Unknown::kListKnown);
  yaml::Object ticket = alerting.Sub("ticket");
  spec_internal::ReadTier(ticket, spec.ticket, true);
  ticket.Finish(yaml::Object::Unknown::kListKnown);
  alerting.Finish(yaml::Object::Unknown::kListKnown);
  slo.Finish(yaml::Object::Unknown::kListKnown);
  if (spec.alert_name.empty()) spec.alert_name = spec_internal::DefaultAlertName(spec.name);
  if (const yaml::Node* objective = slo.node()->Find("objective")) {
    spec_internal::WarnUnreachableTiers(
        slo.ctx(), *objective, slo.PathOf("objective"), spec,
        "lower alerting.<tier>.factors or set alerting.<tier>.disable: true");
  }
  file.slos.push_back(std::move(spec));
}

void ReadTtamFile(yaml::Context& ctx, const yaml::Node& root, SpecFile& file) {
  yaml::Object top(ctx, &root, "");
  const yaml::Node* slos = top.Field("slos");
  if (slos == nullptr || slos->IsNull() || (slos->IsSequence() && slos->items.empty())) {
    top.Error("slos", kSpecCheck,
              "no SLO: list at least one under `slos:` (name, objective, sli; see "
              "samples/slo.yml)");
  }
  for (yaml::Object& slo : top.List("slos")) {
    if (slo.node() != nullptr) ReadTtamSlo(slo, file);  // else reported: not a mapping
  }
  top.Finish(yaml::Object::Unknown::kListKnown);
}

// Forwards findings under kSpecCheck: the YAML reader's own ids
// (yaml/syntax, yaml/duplicate-key) become the spec's, so that every
// problem of a spec file has one id.
class SpecCheckSink : public diag::Sink {
 public:
  explicit SpecCheckSink(diag::Sink& next) : next_(next) {}
  void Report(diag::Diagnostic d) override {
    d.check = std::string(kSpecCheck);
    next_.Report(std::move(d));
  }

 private:
  diag::Sink& next_;
};

// A document-start marker line (`---`, `--- ...`).
bool IsYamlDocumentStart(std::string_view line) {
  return line.starts_with("---") &&
         (line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r');
}

bool IsYamlDocumentEnd(std::string_view line) {
  return line.starts_with("...") &&
         (line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r');
}

// The documents of a YAML stream, each parsed on its own (yaml::Parse reads
// one document) from the file's text with the other documents' lines left
// empty, so that lines and columns are the file's. Empty documents are
// dropped; nullptr entries are documents that did not parse (reported).
std::vector<std::unique_ptr<yaml::Document>> ParseSpecStream(std::string_view text,
                                                             std::string_view path,
                                                             diag::Sink& sink, bool& failed) {
  std::vector<std::pair<size_t, size_t>> pieces;  // [begin, end) byte ranges
  size_t piece_begin = 0;
  for (size_t at = 0; at < text.size();) {
    size_t eol = text.find('\n', at);
    size_t next = eol == std::string_view::npos ? text.size() : eol + 1;
    std::string_view line = text.substr(at, next - at);
    if (line.ends_with('\n')) line.remove_suffix(1);
    if (IsYamlDocumentStart(line)) {
      pieces.emplace_back(piece_begin, at);
      piece_begin = at;
    } else if (IsYamlDocumentEnd(line)) {
      pieces.emplace_back(piece_begin, next);
      piece_begin = next;
    }
    at = next;
  }
  pieces.emplace_back(piece_begin, text.size());
  std::vector<std::unique_ptr<yaml::Document>> docs;
  for (auto [begin, end] : pieces) {
    std::string_view body = text.substr(begin, end - begin);
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) continue;
    size_t lines_before = static_cast<size_t>(std::count(text.begin(), text.begin() + begin, '\n'));
    std::string padded(lines_before, '\n');
    padded.append(body);
    SpecCheckSink relabel(sink);
    diag::ErrorCountingSink counting(relabel);
    std::unique_ptr<yaml::Document> doc =
        yaml::Parse(std::string(path), std::move(padded), counting);
    if (doc == nullptr || counting.errors > 0) {
      failed = true;
      continue;
    }
    if (doc->empty || doc->root.IsNull()) continue;
    docs.push_back(std::move(doc));
  }
  return docs;
}

void ReportSpecAt(diag::Sink& sink, std::string_view path, std::string_view text, SpecPosition at,
                  std::string message) {
  yaml::Document whole;
  whole.path = std::string(path);
  whole.text = std::string(text);
  yaml::Mark mark{at.line == 0 ? 1 : at.line, at.column == 0 ? 1 : at.column, 0};
  sink.Report(
      yaml::MakeDiagnostic(whole, mark, diag::Severity::kError, kSpecCheck, std::move(message)));
}

std::optional<SpecFormat> DetectSpecFormat(yaml::Context& ctx, const yaml::Node& root) {
  const yaml::Node* map = &root;
  if (root.IsSequence() && !root.items.empty() && root.items[0].IsMap()) {
    map = &root.items[0];
    if (map->Find("apiVersion") == nullptr) map = &root;
  }
  auto unknown = [&](const yaml::Node& at, std::string what) {
    ctx.Error(at, "", kSpecCheck, what + "; an SLO spec is " + std::string(kAcceptedFormats));
    return std::nullopt;
  };
  if (!map->IsMap()) return unknown(root, "this is " + std::string(root.KindName()));
  if (const yaml::Node* version = map->Find("version")) {
    if (version->IsScalar() && version->scalar == "prometheus/v1") return SpecFormat::kSloth;
    return unknown(*version, "unknown spec version " +
                                 Quote(version->IsScalar() ? version->scalar : "") +
                                 " (sloth's is prometheus/v1)");
  }
  if (const yaml::Node* api = map->Find("apiVersion")) {
    std::string value = api->IsScalar() ? std::string(api->scalar) : "";
    if (value == "openslo/v1") return SpecFormat::kOpenSlo;
    if (value.starts_with("openslo/")) {
      ctx.Error(*api, "apiVersion", kSpecCheck,
                "OpenSLO " + value +
                    " is not supported: write openslo/v1 documents (kind: SLO with "
                    "spec.indicator.spec.ratioMetric)");
      return std::nullopt;
    }
    if (value.starts_with("sloth.slok.dev/")) {
      ctx.Error(*api, "apiVersion", kSpecCheck,
                "sloth's Kubernetes PrometheusServiceLevel is not supported: write its spec "
                "as a `version: prometheus/v1` file");
      return std::nullopt;
    }
    return unknown(*api, "unknown apiVersion " + Quote(value));
  }
  if (map->Find("slos") != nullptr) return SpecFormat::kTtam;
  return unknown(root, "this file has neither `slos`, `version` nor `apiVersion`");
}

void CheckDuplicateSloNames(const SpecFile& file, std::string_view path, std::string_view text,
                            diag::Sink& sink) {
  std::map<std::string, SpecPosition> seen;
  for (const SloSpec& spec : file.slos) {
    if (spec.name.empty()) continue;
    auto [it, inserted] = seen.emplace(spec.name, spec.position);
    if (inserted) continue;
    ReportSpecAt(sink, path, text, spec.position,
                 "duplicate SLO name " + Quote(spec.name) + " (first at line " +
                     std::to_string(it->second.line) +
                     "): burn-rate and the generated rules tell SLOs apart by name; rename one");
  }
}

}  // namespace

Result<SpecFile> ParseSpecFile(std::string_view text, std::string_view path, diag::Sink& sink) {
  diag::ErrorCountingSink counting(sink);
  bool failed = false;
  std::vector<std::unique_ptr<yaml::Document>> docs = ParseSpecStream(text, path, counting, failed);
  auto fail = [&]() { return Error{std::string(path) + ": the SLO spec has errors"}; };
  if (failed) return fail();
  if (docs.empty()) {
    ReportSpecAt(counting, path, text, {1, 1},
                 "the SLO spec is empty: write " + std::string(kAcceptedFormats));
    return fail();
  }
  SpecFile file;
  {
    yaml::Context ctx(*docs[0], counting, yaml::SchemaIds::Single(kSpecCheck));
    std::optional<SpecFormat> format = DetectSpecFormat(ctx, docs[0]->root);
    if (!format) return fail();
    file.format = *format;
  }
  if (file.format != SpecFormat::kOpenSlo && docs.size() > 1) {
    yaml::Context ctx(*docs[1], counting, yaml::SchemaIds::Single(kSpecCheck));
    ctx.Error(docs[1]->root, "", kSpecCheck,
              std::string(file.format == SpecFormat::kTtam ? "a ttam" : "a sloth") +
                  " spec file is one YAML document: put every SLO under `slos:` (only OpenSLO "
                  "files hold several documents)");
    return fail();
  }
  switch (file.format) {
    case SpecFormat::kTtam: {
      yaml::Context ctx(*docs[0], counting, yaml::SchemaIds::Single(kSpecCheck));
      ReadTtamFile(ctx, docs[0]->root, file);
      break;
    }
    case SpecFormat::kSloth: {
      yaml::Context ctx(*docs[0], counting, yaml::SchemaIds::Single(kSpecCheck));
      spec_internal::ReadSlothFile(ctx, docs[0]->root, file);
      break;
    }
    case SpecFormat::kOpenSlo:
      spec_internal::ReadOpenSloStream(docs, counting, file);
      break;
  }
  if (counting.errors == 0) CheckDuplicateSloNames(file, path, text, counting);
  if (counting.errors > 0) return fail();
  if (file.slos.empty()) {
    ReportSpecAt(counting, path, text, {1, 1},
                 "the file holds no SLO: an OpenSLO file needs a `kind: SLO` document");
    return fail();
  }
  return file;
}

std::string ExpandWindow(std::string_view query_template, std::string_view window) {
  std::string out;
  size_t at = 0;
  while (true) {
    size_t hit = query_template.find(kWindowPlaceholder, at);
    if (hit == std::string_view::npos) break;
    out.append(query_template.substr(at, hit - at));
    out.append(window);
    at = hit + kWindowPlaceholder.size();
  }
  out.append(query_template.substr(at));
  return out;
}

}  // namespace ttam::slo
