// Alert state transitions, templates and the ALERTS series (rules/alerting.go).

#include "ruletest/alerting.h"

#include <bit>
#include <set>

namespace ttam::ruletest {
namespace {

std::string_view StateName(AlertState s) {
  switch (s) {
    case AlertState::kInactive:
      return "inactive";
    case AlertState::kPending:
      return "pending";
    case AlertState::kFiring:
      return "firing";
  }
  return "inactive";
}

// time.Time.Unix() of ms: seconds, rounded down.
int64_t UnixSeconds(int64_t ms) { return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000); }

tmpl::LabelMap ToMap(const model::Labels& labels) {
  tmpl::LabelMap out;
  out.reserve(labels.size());
  for (const model::Label& l : labels) out.emplace_back(l.name, l.value);
  return out;
}

}  // namespace

Result<eval::Vector> AlertingRule::Eval(const eval::Vector& result, int64_t ts_ms,
                                        int64_t query_offset_ms, int64_t limit,
                                        const TemplateEnv& env) {
  const AlertingRuleDef& def = *def_;
  std::unordered_map<model::Labels, Alert, LabelsHasher> alerts;
  // What every alert's templates share; the labels and value are set per sample.
  tmpl::AlertData data;
  data.external_labels = env.external_labels;
  data.external_url = env.external_url;
  tmpl::ExpandOptions opts;
  opts.name = "__alert_" + def.name;
  opts.eval_time_ms = ts_ms;
  if (env.query) {
    opts.query = [&env, ts_ms](const std::string& expr) { return env.query(expr, ts_ms); };
  }
  // Text without actions expands to itself: then no template data is needed.
  // Without `query` and `now`, an expansion depends only on the sample's
  // labels and value: the last evaluation's are reused for equal ones, and
  // for equal labels alone where no action is written.
  bool labels_templated = false;
  bool annotations_templated = false;
  bool reusable = true;
  for (const StringMap* texts : {&def.labels, &def.annotations}) {
    for (const auto& [name, text] : *texts) {
      (texts == &def.labels ? labels_templated : annotations_templated) |=
          text.find("{{") != text.npos;
      reusable = reusable && text.find("query") == text.npos && text.find("now") == text.npos;
    }
  }
  auto expand = [&](const std::string& text) {
    // Text without actions expands to itself.
    if (text.find("{{") == std::string::npos) return text;
    Result<std::string> r = tmpl::ExpandAlertTemplate(text, data, opts);
    if (r) return *r;
    return "<error expanding template: " + r.error().message + ">";
  };
  const uint64_t evaluation = ++evaluations_;
  for (const eval::VectorSample& sample : result) {
    const uint64_t value_bits = std::bit_cast<uint64_t>(sample.v);
    auto cached = reusable ? expansions_.find(sample.labels) : expansions_.end();
    const bool found = cached != expansions_.end();
    const bool same_value = found && cached->second.value_bits == value_bits;
    const bool have_labels = found && (same_value || !labels_templated);
    const bool have_annotations = found && (same_value || !annotations_templated);
    if ((!have_labels && labels_templated) || (!have_annotations && annotations_templated)) {
      data.labels = ToMap(sample.labels);
      data.value = sample.v;
    }
    model::Labels labels;
    if (have_labels) {
      labels = cached->second.labels;
    } else {
      model::LabelsBuilder lb(sample.labels);
      lb.Del(model::kMetricName);
      for (const auto& [name, value] : def.labels) lb.Set(name, expand(value));
      lb.Set("alertname", def.name);
      labels = lb.Build();
    }
    model::Labels annotations;
    if (have_annotations) {
      annotations = cached->second.annotations;
    } else {
      std::vector<model::Label> texts;
      for (const auto& [name, value] : def.annotations)
        texts.push_back(model::Label{name, expand(value)});
      annotations = model::Labels::FromUnsorted(std::move(texts));
    }
    if (found) {
      cached->second = Expansion{value_bits, labels, annotations, evaluation};
    } else if (reusable) {
      expansions_.emplace(sample.labels, Expansion{value_bits, labels, annotations, evaluation});
    }
    if (alerts.contains(labels)) {
      return Error{"vector contains metrics with the same labelset after applying alert labels"};
    }
    Alert a;
    a.labels = labels;
    a.annotations = std::move(annotations);
    a.value = sample.v;
    a.state = AlertState::kPending;
    a.active_at_ms = ts_ms;
    alerts.emplace(std::move(labels), std::move(a));
  }

  // Expansions of samples this evaluation did not see are forgotten.
  for (auto it = expansions_.begin(); it != expansions_.end();)
    it = it->second.evaluation == evaluation ? std::next(it) : expansions_.erase(it);

  for (auto& [labels, a] : alerts) {
    auto it = active_.find(labels);
    if (it != active_.end() && it->second.state != AlertState::kInactive) {
      it->second.value = a.value;
      it->second.annotations = a.annotations;
      continue;
    }
    active_.insert_or_assign(labels, std::move(a));
  }

  eval::Vector out;
  int64_t active_pending = 0;
  const int64_t at = ts_ms - query_offset_ms;
  for (auto it = active_.begin(); it != active_.end();) {
    Alert& a = it->second;
    bool erase = false;
    if (!alerts.contains(it->first)) {
      bool keep_firing = false;
      if (a.state == AlertState::kFiring && def.keep_firing_for_ms > 0) {
        if (!a.keep_firing_since_ms) a.keep_firing_since_ms = ts_ms;
        if (ts_ms - *a.keep_firing_since_ms < def.keep_firing_for_ms) keep_firing = true;
      }
      if (a.state == AlertState::kPending ||
          (a.resolved_at_ms && ts_ms - *a.resolved_at_ms > kResolvedRetentionMs))
        erase = true;
      if (a.state != AlertState::kInactive && !keep_firing) {
        a.state = AlertState::kInactive;
        a.resolved_at_ms = ts_ms;
      }
      if (!keep_firing) {
        it = erase ? active_.erase(it) : std::next(it);
        continue;
      }
    } else {
      a.keep_firing_since_ms.reset();
    }
    ++active_pending;
    if (a.state == AlertState::kPending && ts_ms - a.active_at_ms >= def.for_ms) {
      a.state = AlertState::kFiring;
      a.fired_at_ms = ts_ms;
    }
    // The series' labels are built once per alert (and state): the same
    // label sets then come back every evaluation.
    if (a.alerts_series.empty() || a.alerts_series_state != a.state) {
      model::LabelsBuilder alerts_labels(a.labels);
      alerts_labels.Set(model::kMetricName, "ALERTS");
      alerts_labels.Set("alertstate", StateName(a.state));
      a.alerts_series = alerts_labels.Build();
      a.alerts_series_state = a.state;
    }
    out.push_back(eval::VectorSample{a.alerts_series, at, 1.0});
    if (a.for_state_series.empty()) {
      model::LabelsBuilder for_state(a.labels);
      for_state.Set(model::kMetricName, "ALERTS_FOR_STATE");
      a.for_state_series = for_state.Build();
    }
    out.push_back(eval::VectorSample{a.for_state_series, at,
                                     static_cast<double>(UnixSeconds(a.active_at_ms))});
    it = erase ? active_.erase(it) : std::next(it);
  }
  if (limit > 0 && active_pending > limit) {
    active_.clear();
    return Error{"exceeded limit of " + std::to_string(limit) + " with " +
                 std::to_string(active_pending) + " alerts"};
  }
  return out;
}

std::vector<const Alert*> AlertingRule::Firing() const {
  std::vector<const Alert*> out;
  for (const auto& [labels, a] : active_)
    if (a.state == AlertState::kFiring) out.push_back(&a);
  return out;
}

}  // namespace ttam::ruletest
