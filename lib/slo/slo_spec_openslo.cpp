// OpenSLO v1 (OpenSLO/OpenSLO README, pkg/openslo/v1): `kind: SLO` objects
// whose SLI (inline `spec.indicator`, or `spec.indicatorRef` naming a
// `kind: SLI` object of the same stream) is a `ratioMetric` on Prometheus:
// `total` with `bad` (the errors) or `good` (errors = total - good), or
// `raw` with `rawType` (failure: the error ratio; success: 1 - it). A
// metric source's `spec.query` is a template with `{{.window}}`, or, with
// `counter: true`, a plain series selector that becomes
// `sum(rate(<selector>[{{.window}}]))`. Its type is `Prometheus` (any case),
// given or inherited from the `kind: DataSource` its `metricSourceRef`
// names.
//
// Only rolling time windows (`timeWindow[0].duration`, default 30d) and the
// Occurrences budgeting method fit burn rates; the others are errors. Each
// objective (`target` in [0, 1) or `targetPercent`) becomes one SloSpec:
// named metadata.name when the SLO has one objective, and
// `<metadata.name>-<index>` (0-based, as sloth names them) when it has
// several. Objects of other kinds are skipped.

#include <cctype>
#include <map>
#include <utility>

#include "slo/slo_spec_reader.h"
#include "support/number.h"
#include "support/text.h"
#include "support/units.h"

namespace ttam::slo::spec_internal {
namespace {

// One object of the stream.
struct OpenSloObject {
  const yaml::Document* doc = nullptr;
  const yaml::Node* node = nullptr;
  std::string kind;
  std::string name;
};

std::string OpenSloScalarOr(const yaml::Node* node, std::string fallback = "") {
  return node != nullptr && node->IsScalar() ? std::string(node->scalar) : fallback;
}

std::string OpenSloLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Everything one stream's reading shares.
struct OpenSloReader {
  diag::Sink& sink;
  std::vector<OpenSloObject> objects;
  std::map<std::string, std::optional<Sli>> sli_cache;

  const OpenSloObject* Find(std::string_view kind, std::string_view name) const {
    for (const OpenSloObject& o : objects) {
      if (o.kind == kind && o.name == name) return &o;
    }
    return nullptr;
  }

  // A metric source's query as a template.
  std::optional<std::string> Query(yaml::Object& metric, bool counter) {
    yaml::Object source = metric.Sub("metricSource");
    yaml::Context& ctx = metric.ctx();
    if (source.node() == nullptr) {
      metric.Error("", kSpecCheck,
                   "metricSource is required: {type: Prometheus, spec: {query: ...}}");
      return std::nullopt;
    }
    std::string ref = source.String("metricSourceRef").value_or("");
    std::optional<std::string> type = source.String("type");
    if (!type && !ref.empty()) {
      if (const OpenSloObject* ds = Find("DataSource", ref)) {
        const yaml::Node* spec = ds->node->Find("spec");
        if (spec != nullptr && spec->IsMap()) type = OpenSloScalarOr(spec->Find("type"));
      }
    }
    bool ok = true;
    if (!type || type->empty()) {
      source.Error("", kSpecCheck,
                   "metricSource.type is required (type: Prometheus), unless metricSourceRef "
                   "names a DataSource of this file that has it");
      ok = false;
    } else if (OpenSloLower(*type) != "prometheus") {
      source.Error(source.Has("type") ? "type" : "metricSourceRef", kSpecCheck,
                   "only Prometheus metric sources are supported, not " + Quote(*type));
      ok = false;
    }
    const yaml::Node* spec = source.Field("spec");
    source.Finish(yaml::Object::Unknown::kListKnown);
    // A source's spec holds whatever its type needs (OpenSLO leaves it open):
    // only `query` is read, other keys are left alone.
    const yaml::Node* query = spec != nullptr && spec->IsMap() ? spec->Find("query") : nullptr;
    if (query == nullptr || query->IsNull()) {
      ctx.Error(spec != nullptr ? *spec : *source.node(), source.PathOf("spec"), kSpecCheck,
                "metricSource.spec.query is required: a PromQL template with [{{.window}}] as "
                "every range, or with counter: true a series selector");
      return std::nullopt;
    }
    if (!ok) return std::nullopt;
    std::string path = source.PathOf("spec.query");
    bool has_window = query->IsScalar() && query->scalar.find("window") != std::string::npos &&
                      query->scalar.find("{{") != std::string::npos;
    if (has_window || !counter) {
      if (!has_window && query->IsScalar()) {
        ctx.Error(*query, path, kSpecCheck,
                  "this query has no {{.window}}: write a template with [{{.window}}] as every "
                  "range, e.g. sum(rate(http_requests_total[{{.window}}])), or set counter: "
                  "true and give a series selector");
        return std::nullopt;
      }
      return CheckTemplateScalar(ctx, *query, path, "the query");
    }
    std::optional<std::string> selector =
        PlainSelector(ctx, *query, path,
                      "with counter: true, give a series selector (ttam sums its rate) or a "
                      "template with [{{.window}}] as every range");
    if (!selector) return std::nullopt;
    return SumRate({}, *selector);
  }

  // An SLI's spec (inline indicator.spec or an SLI object's spec); `owner`
  // (the indicator or the SLI object) is where a missing spec is reported.
  std::optional<Sli> ReadSliSpec(yaml::Object& owner, yaml::Object& spec) {
    Sli sli;
    if (spec.node() == nullptr) {
      owner.Error("", kSpecCheck,
                  "the SLI needs a spec with a ratioMetric, e.g. spec: {ratioMetric: {counter: "
                  "true, bad: {metricSource: ...}, total: {metricSource: ...}}}");
      return std::nullopt;
    }
    sli.position = PositionOf(*spec.node());
    spec.String("description");
    if (const yaml::Node* threshold = spec.Field("thresholdMetric")) {
      spec.ctx().Error(*threshold, spec.PathOf("thresholdMetric"), kSpecCheck,
                       "thresholdMetric SLIs are not supported: use a ratioMetric (bad or good "
                       "events over total events)");
      spec.Finish(yaml::Object::Unknown::kListKnown);
      return std::nullopt;
    }
    yaml::Object ratio = spec.Sub("ratioMetric");
    spec.Finish(yaml::Object::Unknown::kListKnown);
    if (ratio.node() == nullptr) {
      spec.Error("", kSpecCheck,
                 "ratioMetric is required: {counter: true, bad (or good): {metricSource: ...}, "
                 "total: {metricSource: ...}}");
      return std::nullopt;
    }
    bool counter = ratio.Bool("counter").value_or(false);
    bool good = ratio.Has("good");
    bool bad = ratio.Has("bad");
    bool total = ratio.Has("total");
    bool raw = ratio.Has("raw");
    std::optional<std::string> raw_type = ratio.Enum("rawType", {"success", "failure"});
    bool shape_ok = raw ? (!good && !bad && !total) : (total && good != bad);
    if (!shape_ok) {
      ratio.Error("", kSpecCheck,
                  "give total with exactly one of bad and good, or raw with rawType");
    }
    if (raw && !ratio.Has("rawType")) {
      ratio.Error("", kSpecCheck,
                  "rawType is required with raw: failure (the query is an error ratio) or "
                  "success");
    }
    std::map<std::string, std::optional<std::string>> queries;
    for (std::string_view field : {"good", "bad", "total", "raw"}) {
      yaml::Object metric = ratio.Sub(field);
      if (metric.node() == nullptr) continue;
      queries[std::string(field)] = Query(metric, counter);
      metric.Finish(yaml::Object::Unknown::kListKnown);
    }
    ratio.Finish(yaml::Object::Unknown::kListKnown);
    if (!shape_ok) return std::nullopt;
    for (auto& [field, query] : queries) {
      if (!query) return std::nullopt;
    }
    // A field given with no mapping (`total:` alone) was reported by Sub and
    // has no query: nothing to build.
    std::vector<std::string> needed{"raw"};
    if (!raw) needed = {"total", bad ? "bad" : "good"};
    for (const std::string& field : needed) {
      if (queries.count(field) == 0) return std::nullopt;
    }
    yaml::Context& ctx = ratio.ctx();
    if (raw) {
      if (!raw_type) return std::nullopt;
      sli.error_ratio_query =
          *raw_type == "failure" ? *queries["raw"] : "1 - " + Operand(*queries["raw"]);
      if (!CheckBuiltTemplate(ctx, *ratio.node(), ratio.path(), "the error ratio query",
                              sli.error_ratio_query)) {
        return std::nullopt;
      }
      return sli;
    }
    sli.total_query = *queries["total"];
    sli.error_query =
        bad ? *queries["bad"] : Operand(*queries["total"]) + " - " + Operand(*queries["good"]);
    if (!CheckBuiltTemplate(ctx, *ratio.node(), ratio.path(), "the error query", sli.error_query)) {
      return std::nullopt;
    }
    return sli;
  }

  // The SLI object `name` refers to, read once.
  std::optional<Sli> ReferencedSli(yaml::Object& slo_spec, const std::string& name) {
    if (auto it = sli_cache.find(name); it != sli_cache.end()) return it->second;
    const OpenSloObject* object = Find("SLI", name);
    if (object == nullptr) {
      slo_spec.Error("indicatorRef", kSpecCheck,
                     "no `kind: SLI` object named " + Quote(name) +
                         " in this file; define it here or inline the SLI under "
                         "spec.indicator");
      return std::nullopt;
    }
    yaml::Context ctx(*object->doc, sink, yaml::SchemaIds::Single(kSpecCheck));
    yaml::Object top(ctx, object->node, "");
    top.Field("apiVersion");
    top.Field("kind");
    top.Sub("metadata");  // metadata.name was read when the objects were listed
    yaml::Object spec = top.Sub("spec");
    std::optional<Sli> sli = ReadSliSpec(top, spec);
    top.Finish(yaml::Object::Unknown::kListKnown);
    sli_cache[name] = sli;
    return sli;
  }

  // timeWindow: one rolling window; its length in ms.
  std::optional<int64_t> ReadTimeWindow(yaml::Object& spec) {
    const yaml::Node* windows = spec.Field("timeWindow");
    if (windows == nullptr || windows->IsNull()) return 30LL * 24 * 3600 * 1000;
    std::string path = spec.PathOf("timeWindow");
    if (!windows->IsSequence() || windows->items.size() != 1) {
      spec.ctx().Error(*windows, path, kSpecCheck,
                       "timeWindow must be a list of exactly one window, e.g. [{duration: 28d, "
                       "isRolling: true}]");
      return std::nullopt;
    }
    if (windows->items[0].IsNull()) {
      spec.ctx().Error(windows->items[0], path + "[0]", kSpecCheck,
                       "empty time window: give {duration: 28d, isRolling: true}");
      return std::nullopt;
    }
    yaml::Object window(spec.ctx(), &windows->items[0], path + "[0]");
    std::optional<std::string> duration = window.RequiredString("duration");
    std::optional<bool> rolling = window.Bool("isRolling");
    const yaml::Node* calendar = window.Field("calendar");
    window.Finish(yaml::Object::Unknown::kListKnown);
    if (window.node() == nullptr) return std::nullopt;
    if ((calendar != nullptr && !calendar->IsNull()) || (rolling && !*rolling)) {
      window.Error(calendar != nullptr ? "calendar" : "isRolling", kSpecCheck,
                   "only rolling time windows are supported (burn rates look back over "
                   "sliding windows): set isRolling: true and remove calendar");
      return std::nullopt;
    }
    if (!duration) return std::nullopt;
    char unit = duration->empty() ? ' ' : duration->back();
    if (unit == 'M' || unit == 'Q' || unit == 'Y') {
      window.Error("duration", kSpecCheck,
                   "months, quarters and years have no fixed length; give the window in days "
                   "or weeks, e.g. 30d or 4w");
      return std::nullopt;
    }
    Result<std::chrono::milliseconds> ms = ParseDuration(*duration);
    if (!ms || ms->count() <= 0) {
      window.Error("duration", kSpecCheck,
                   "invalid duration " + Quote(*duration) + ": give e.g. 28d, 30d or 4w");
      return std::nullopt;
    }
    return ms->count();
  }

  void ReadSlo(const OpenSloObject& object, SpecFile& file) {
    yaml::Context ctx(*object.doc, sink, yaml::SchemaIds::Single(kSpecCheck));
    yaml::Object top(ctx, object.node, "");
    top.Field("apiVersion");
    top.Field("kind");
    yaml::Object metadata = top.Sub("metadata");
    metadata.Field("name");
    metadata.String("displayName");
    metadata.Field("labels");
    metadata.Field("annotations");
    metadata.Finish(yaml::Object::Unknown::kListKnown);
    yaml::Object spec = top.Sub("spec");
    if (spec.node() == nullptr) {
      if (!top.Has("spec")) {
        top.Error("", kSpecCheck, "spec is required: service, indicator, timeWindow, objectives");
      }
      top.Finish(yaml::Object::Unknown::kListKnown);
      return;
    }
    SloSpec base;
    base.format = SpecFormat::kOpenSlo;
    base.position = PositionOf(*object.node);
    base.description = spec.String("description").value_or("");
    base.service = spec.String("service").value_or("");
    if (auto method = spec.String("budgetingMethod"); method && *method != "Occurrences") {
      spec.Error("budgetingMethod", kSpecCheck,
                 "only budgetingMethod: Occurrences is supported (burn rates are ratios of "
                 "event counts), not " +
                     Quote(*method));
    }
    if (spec.Field("alertPolicies") != nullptr) {
      ctx.Report(*spec.node()->Find("alertPolicies"), spec.PathOf("alertPolicies"), kSpecCheck,
                 diag::Severity::kWarning,
                 "ignored: ttam generates the multi-window page and ticket alerts itself");
    }
    std::optional<int64_t> period = ReadTimeWindow(spec);
    if (period) base.period_ms = *period;
    bool inline_sli = spec.Has("indicator");
    bool ref_sli = spec.Has("indicatorRef");
    spec.Field("indicator");
    spec.Field("indicatorRef");
    std::optional<Sli> sli;
    if (inline_sli == ref_sli) {
      spec.Error("", kSpecCheck,
                 inline_sli ? "give indicator or indicatorRef, not both"
                            : "indicator (an inline SLI) or indicatorRef (the name of a `kind: "
                              "SLI` object) is required");
    } else if (inline_sli) {
      yaml::Object indicator = spec.Sub("indicator");
      yaml::Object meta = indicator.Sub("metadata");
      meta.String("name");
      meta.String("displayName");
      meta.Field("labels");
      meta.Field("annotations");
      meta.Finish(yaml::Object::Unknown::kListKnown);
      yaml::Object sli_spec = indicator.Sub("spec");
      sli = ReadSliSpec(indicator, sli_spec);
      indicator.Finish(yaml::Object::Unknown::kListKnown);
    } else if (auto ref = spec.String("indicatorRef")) {
      sli = ReferencedSli(spec, *ref);
    }
    std::vector<SloSpec> specs;
    const yaml::Node* objectives = spec.Field("objectives");
    if (objectives == nullptr || !objectives->IsSequence() || objectives->items.empty()) {
      spec.Error("objectives", kSpecCheck,
                 "objectives must list at least one objective, e.g. [{target: 0.999}]");
    }
    std::vector<yaml::Object> items = spec.List("objectives");
    for (size_t i = 0; i < items.size(); ++i) {
      yaml::Object& objective = items[i];
      if (objective.node() == nullptr) continue;  // reported: not a mapping
      SloSpec one = base;
      if (items.size() > 1) one.position = PositionOf(*objective.node());
      one.name = items.size() == 1 ? object.name : object.name + "-" + std::to_string(i);
      one.slo_name = one.name;
      objective.String("displayName");
      std::optional<double> target = objective.Float("target");
      std::optional<double> percent = objective.Float("targetPercent");
      for (std::string_view field : {"op", "value"}) {
        if (objective.Field(field) != nullptr) {
          objective.Error(field, kSpecCheck,
                          std::string(field) + " is for thresholdMetric SLIs; remove it");
        }
      }
      for (std::string_view field : {"timeSliceTarget", "timeSliceWindow"}) {
        if (objective.Field(field) != nullptr) {
          objective.Error(field, kSpecCheck,
                          std::string(field) +
                              " is for Timeslices budgeting, which ttam does not support; "
                              "remove it");
        }
      }
      if (objective.Has("target") == objective.Has("targetPercent")) {
        objective.Error("", kSpecCheck,
                        "give target (a fraction, e.g. 0.999) or targetPercent (e.g. 99.9), "
                        "exactly one");
      } else if (target) {
        if (*target > 0 && *target < 1) {
          one.objective = *target;
        } else {
          objective.Error("target", kSpecCheck,
                          "target must be a fraction between 0 and 1 (exclusive), e.g. 0.999; "
                          "1 leaves no error budget to burn");
        }
      } else if (percent) {
        if (auto o = ObjectiveFromPercent(objective, "targetPercent", *percent)) {
          one.objective = *o;
        }
      }
      objective.Finish(yaml::Object::Unknown::kListKnown);
      if (sli) one.sli = *sli;
      one.alert_name = DefaultAlertName(one.name);
      WarnUnreachableTiers(ctx, *objective.node(), objective.path(), one,
                           "OpenSLO specs use the default factors; write a ttam spec to change "
                           "them");
      specs.push_back(std::move(one));
    }
    spec.Finish(yaml::Object::Unknown::kListKnown);
    top.Finish(yaml::Object::Unknown::kListKnown);
    for (SloSpec& s : specs) file.slos.push_back(std::move(s));
  }
};

}  // namespace

void ReadOpenSloStream(const std::vector<std::unique_ptr<yaml::Document>>& docs, diag::Sink& sink,
                       SpecFile& file) {
  OpenSloReader reader{sink, {}, {}};
  for (const auto& doc : docs) {
    yaml::Context ctx(*doc, sink, yaml::SchemaIds::Single(kSpecCheck));
    std::vector<const yaml::Node*> nodes;
    if (doc->root.IsSequence()) {
      for (const yaml::Node& item : doc->root.items) nodes.push_back(&item);
    } else {
      nodes.push_back(&doc->root);
    }
    for (const yaml::Node* node : nodes) {
      if (!node->IsMap()) {
        ctx.Error(*node, "", kSpecCheck,
                  "expected an OpenSLO object (apiVersion, kind, metadata, spec), not " +
                      std::string(node->KindName()));
        continue;
      }
      std::string api = OpenSloScalarOr(node->Find("apiVersion"));
      std::string kind = OpenSloScalarOr(node->Find("kind"));
      if (kind.empty()) {
        ctx.Error(*node, "", kSpecCheck,
                  "kind is required: SLO (or SLI, Service, DataSource, ... which are only "
                  "read when an SLO refers to them)");
        continue;
      }
      if (api != "openslo/v1") {
        if (kind == "SLO" || kind == "SLI") {
          const yaml::Node* at = node->Find("apiVersion");
          ctx.Error(at != nullptr ? *at : *node, "apiVersion", kSpecCheck,
                    "only openslo/v1 objects are supported; got apiVersion " + Quote(api));
        }
        continue;
      }
      const yaml::Node* metadata = node->Find("metadata");
      std::string name =
          metadata != nullptr && metadata->IsMap() ? OpenSloScalarOr(metadata->Find("name")) : "";
      if (name.empty() && (kind == "SLO" || kind == "SLI")) {
        ctx.Error(metadata != nullptr ? *metadata : *node, "", kSpecCheck,
                  "metadata.name is required: the " + kind + "'s name");
        continue;
      }
      reader.objects.push_back({doc.get(), node, kind, name});
    }
  }
  for (const OpenSloObject& object : reader.objects) {
    if (object.kind == "SLO") reader.ReadSlo(object, file);
  }
}

}  // namespace ttam::slo::spec_internal
