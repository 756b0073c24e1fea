// Sloth's `version: prometheus/v1` specs (slok/sloth pkg/prometheus/api/v1):
// service, labels, slos[] {name, objective, description, labels, sli
// (events {error_query, total_query} or raw {error_ratio_query}),
// alerting {name, labels, annotations, page_alert, ticket_alert}}. An SLO's
// name is sloth's id, `<service>-<name>`, as its rules label it. SLI
// plugins and SLO plugins change what sloth generates and are refused;
// `infoLabels` and `interval` only decorate sloth's output and are ignored
// with a warning.

#include <utility>

#include "model/names.h"
#include "slo/slo_spec_reader.h"
#include "support/text.h"

namespace ttam::slo::spec_internal {
namespace {

void WarnSlothIgnored(yaml::Object& obj, std::string_view field, std::string_view why) {
  const yaml::Node* node = obj.Field(field);
  if (node == nullptr) return;
  obj.ctx().Report(*node, obj.PathOf(field), kSpecCheck, diag::Severity::kWarning,
                   "ignored: " + std::string(why));
}

void ReadSlothSli(yaml::Object& slo, SloSpec& spec) {
  yaml::Object sli = slo.Sub("sli");
  constexpr std::string_view kShapes =
      "events {error_query, total_query} or raw {error_ratio_query}, with [{{.window}}] as "
      "every range";
  if (sli.node() == nullptr) {
    if (!slo.Has("sli")) slo.Error("", kSpecCheck, "sli is required: " + std::string(kShapes));
    return;
  }
  spec.sli.position = PositionOf(*sli.node());
  if (const yaml::Node* plugin = sli.Field("plugin")) {
    sli.ctx().Error(*plugin, sli.PathOf("plugin"), kSpecCheck,
                    "sloth SLI plugins are not supported: use events or raw");
  }
  int shapes = int{sli.Has("events")} + int{sli.Has("raw")} + int{sli.Has("plugin")};
  if (shapes > 1) {
    slo.Error("sli", kSpecCheck, "give exactly one SLI type: " + std::string(kShapes));
  } else if (shapes == 0) {
    slo.Error("sli", kSpecCheck, "the SLI is empty: give " + std::string(kShapes));
  }
  yaml::Context& ctx = slo.ctx();
  yaml::Object events = sli.Sub("events");
  if (events.node() != nullptr) {
    const yaml::Node* error_query = events.Field("error_query");
    const yaml::Node* total_query = events.Field("total_query");
    std::optional<std::string> e;
    std::optional<std::string> t;
    if (error_query == nullptr || error_query->IsNull()) {
      events.Error("", kSpecCheck, "error_query is required: the bad events over {{.window}}");
    } else {
      e = CheckTemplateScalar(ctx, *error_query, events.PathOf("error_query"), "error_query");
    }
    if (total_query == nullptr || total_query->IsNull()) {
      events.Error("", kSpecCheck, "total_query is required: all events over {{.window}}");
    } else {
      t = CheckTemplateScalar(ctx, *total_query, events.PathOf("total_query"), "total_query");
    }
    if (e && t && shapes == 1) {
      spec.sli.error_query = *e;
      spec.sli.total_query = *t;
    }
    events.Finish(yaml::Object::Unknown::kListKnown);
  }
  yaml::Object raw = sli.Sub("raw");
  if (raw.node() != nullptr) {
    const yaml::Node* query = raw.Field("error_ratio_query");
    if (query == nullptr || query->IsNull()) {
      raw.Error("", kSpecCheck,
                "error_ratio_query is required: the error ratio (0 to 1) over {{.window}}");
    } else if (auto q = CheckTemplateScalar(ctx, *query, raw.PathOf("error_ratio_query"),
                                            "error_ratio_query")) {
      if (shapes == 1) spec.sli.error_ratio_query = *q;
    }
    raw.Finish(yaml::Object::Unknown::kListKnown);
  }
  sli.Finish(yaml::Object::Unknown::kListKnown);
}

void ReadSlothSlo(yaml::Object& slo, const std::string& service,
                  const std::map<std::string, std::string>& service_labels, SpecFile& file) {
  SloSpec spec;
  spec.format = SpecFormat::kSloth;
  spec.position = PositionOf(*slo.node());
  spec.service = service;
  if (auto name = slo.RequiredString("name")) {
    spec.slo_name = *name;
    spec.name = service + "-" + *name;
  }
  spec.description = slo.String("description").value_or("");
  if (auto percent = slo.Float("objective")) {
    if (auto objective = ObjectiveFromPercent(slo, "objective", *percent)) {
      spec.objective = *objective;
    }
  } else if (!slo.Has("objective")) {
    slo.Error("", kSpecCheck, "objective is required: the percentage of good events, e.g. 99.9");
  }
  spec.labels = service_labels;
  for (auto& [name, value] : LabelMap(slo, "labels", false)) spec.labels[name] = value;
  if (const yaml::Node* plugins = slo.Field("plugins")) {
    slo.ctx().Error(*plugins, slo.PathOf("plugins"), kSpecCheck,
                    "sloth SLO plugins are not supported: remove `plugins` (ttam generates the "
                    "rules itself)");
  }
  WarnSlothIgnored(slo, "infoLabels", "ttam's sloth_slo_info carries the SLO's labels only");
  WarnSlothIgnored(slo, "interval", "the generated rule groups use Prometheus's global interval");
  ReadSlothSli(slo, spec);
  yaml::Object alerting = slo.Sub("alerting");
  spec.alert_name = alerting.String("name").value_or("");
  if (!spec.alert_name.empty() && !model::IsValidLegacyMetricName(spec.alert_name)) {
    alerting.Error("name", kSpecCheck,
                   "invalid alert name " + Quote(spec.alert_name) +
                       ": use letters, digits and underscores, e.g. MyServiceHighErrorRate");
  }
  spec.alert_labels = LabelMap(alerting, "labels", false);
  spec.alert_annotations = LabelMap(alerting, "annotations", true);
  yaml::Object page = alerting.Sub("page_alert");
  ReadTier(page, spec.page, false);
  page.Finish(yaml::Object::Unknown::kListKnown);
  yaml::Object ticket = alerting.Sub("ticket_alert");
  ReadTier(ticket, spec.ticket, false);
  ticket.Finish(yaml::Object::Unknown::kListKnown);
  alerting.Finish(yaml::Object::Unknown::kListKnown);
  slo.Finish(yaml::Object::Unknown::kListKnown);
  if (spec.alert_name.empty()) spec.alert_name = DefaultAlertName(spec.name);
  if (const yaml::Node* objective = slo.node()->Find("objective")) {
    WarnUnreachableTiers(slo.ctx(), *objective, slo.PathOf("objective"), spec,
                         "set alerting.<tier>_alert.disable: true");
  }
  file.slos.push_back(std::move(spec));
}

}  // namespace

void ReadSlothFile(yaml::Context& ctx, const yaml::Node& root, SpecFile& file) {
  yaml::Object top(ctx, &root, "");
  top.String("version");  // checked by the format detection
  std::string service = top.RequiredString("service").value_or("");
  std::map<std::string, std::string> labels = LabelMap(top, "labels", false);
  if (const yaml::Node* plugins = top.Field("slo_plugins")) {
    ctx.Error(*plugins, "slo_plugins", kSpecCheck,
              "sloth SLO plugins are not supported: remove `slo_plugins` (ttam generates the "
              "rules itself)");
  }
  const yaml::Node* slos = top.Field("slos");
  if (slos == nullptr || slos->IsNull() || (slos->IsSequence() && slos->items.empty())) {
    top.Error("slos", kSpecCheck, "no SLO: list at least one under `slos:`");
  }
  for (yaml::Object& slo : top.List("slos")) {
    if (slo.node() != nullptr) ReadSlothSlo(slo, service, labels, file);  // else reported
  }
  top.Finish(yaml::Object::Unknown::kListKnown);
}

}  // namespace ttam::slo::spec_internal
