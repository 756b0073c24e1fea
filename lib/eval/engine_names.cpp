#include "eval/engine_names.h"

#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <string>
#include <unordered_map>

#include "eval/binary.h"

namespace ttam::eval {
namespace {

bool HasMetadataLabel(const model::Labels& labels) {
  return labels.Has("__name__") || labels.Has("__type__") || labels.Has("__unit__");
}

// The labels an aggregation groups an input sample under (upstream's
// generateGroupingLabels): `by` keeps the listed labels, `without` drops them
// and the metric name.
model::Labels GroupLabels(const promql::AggregateExpr& agg, const model::Labels& labels) {
  model::LabelsBuilder b(labels);
  if (agg.without) {
    for (const std::string& n : agg.grouping) b.Del(n);
    b.Del(model::kMetricName);
  } else {
    b.Keep(agg.grouping);
  }
  return b.Build();
}

const std::string* StringValue(const std::vector<Value>& args, size_t i) {
  if (i >= args.size()) return nullptr;
  const auto* s = std::get_if<String>(&args[i]);
  return s == nullptr ? nullptr : &s->v;
}

}  // namespace

void MarkAggregateDropName(const promql::AggregateExpr& agg, const Vector& input, Vector& output) {
  if (std::none_of(output.begin(), output.end(),
                   [](const VectorSample& s) { return HasMetadataLabel(s.labels); }))
    return;
  switch (agg.op) {
    case promql::AggregateOp::kCountValues:
      return;
    case promql::AggregateOp::kTopk:
    case promql::AggregateOp::kBottomk:
    case promql::AggregateOp::kLimitk:
    case promql::AggregateOp::kLimitRatio: {
      std::map<model::Labels, bool> marks;
      for (const VectorSample& s : input) marks[s.labels] = marks[s.labels] || s.drop_name;
      for (VectorSample& s : output) {
        auto it = marks.find(s.labels);
        if (it != marks.end()) s.drop_name = it->second;
      }
      return;
    }
    default:
      break;
  }
  std::map<model::Labels, bool> groups;
  for (const VectorSample& s : input) {
    bool& mark = groups[GroupLabels(agg, s.labels)];
    mark = mark || s.drop_name;
  }
  for (VectorSample& s : output) {
    auto it = groups.find(s.labels);
    if (it != groups.end()) s.drop_name = it->second;
  }
}

void DropMarkedNames(Matrix& m) {
  for (MatrixSeries& s : m) {
    if (!s.drop_name) continue;
    s.labels = DropMetadata(s.labels);
    s.drop_name = false;
  }
}

Status KeepRelabelledNames(const promql::Call& call, const std::vector<Value>& args, Value& out) {
  const std::string* dst = StringValue(args, 1);
  auto* vec = std::get_if<Vector>(&out);
  if (dst == nullptr || *dst != model::kMetricName || vec == nullptr) return Ok();
  if (call.func == "label_join") {
    for (VectorSample& s : *vec) s.drop_name = false;
    return Ok();
  }
  // label_replace: only samples whose source matched the regex were written.
  const std::string* src = StringValue(args, 3);
  const std::string* regex = StringValue(args, 4);
  const auto* in = args.empty() ? nullptr : std::get_if<Vector>(&args[0]);
  if (src == nullptr || regex == nullptr || in == nullptr || in->size() != vec->size()) return Ok();
  RE2::Options options;
  options.set_log_errors(false);
  RE2 re("^(?s:" + *regex + ")$", options);
  if (!re.ok()) return Ok();
  for (size_t i = 0; i < vec->size(); ++i) {
    std::string_view value = (*in)[i].labels.Get(*src);
    if (RE2::PartialMatch(value, re)) (*vec)[i].drop_name = false;
  }
  return Ok();
}

Status RemoveMarkedNames(Value& v) {
  if (auto* vec = std::get_if<Vector>(&v)) {
    bool any = false;
    for (VectorSample& s : *vec) {
      if (!s.drop_name) continue;
      s.labels = DropMetadata(s.labels);
      s.drop_name = false;
      any = true;
    }
    if (any) return CheckDistinctLabels(*vec);
    return Ok();
  }
  auto* m = std::get_if<Matrix>(&v);
  if (m == nullptr) return Ok();
  bool any = false;
  for (MatrixSeries& s : *m) {
    if (!s.drop_name) continue;
    s.labels = DropMetadata(s.labels);
    s.drop_name = false;
    any = true;
  }
  if (!any) return Ok();
  // Merge series that became equal; they must not share a timestamp.
  Matrix merged;
  std::unordered_map<uint64_t, std::vector<size_t>> index;
  for (MatrixSeries& s : *m) {
    std::vector<size_t>& same = index[s.labels.Hash()];
    size_t target = merged.size();
    for (size_t i : same) {
      if (merged[i].labels == s.labels) target = i;
    }
    if (target == merged.size()) {
      same.push_back(target);
      merged.push_back(std::move(s));
      continue;
    }
    std::vector<Sample>& points = merged[target].floats;
    points.insert(points.end(), s.floats.begin(), s.floats.end());
    std::stable_sort(points.begin(), points.end(),
                     [](const Sample& a, const Sample& b) { return a.t < b.t; });
    for (size_t i = 1; i < points.size(); ++i) {
      if (points[i].t == points[i - 1].t)
        return Error{"vector cannot contain metrics with the same labelset"};
    }
  }
  *m = std::move(merged);
  return Ok();
}

}  // namespace ttam::eval
