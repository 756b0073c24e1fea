#pragma once

// The values an evaluation produces: scalar, string, instant vector and
// range vector (matrix). Samples are floats; an instant vector's sample may
// instead point to a native histogram, as upstream's Sample carries F or H
// (only plain selection produces one: histogram_guard.h).

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "eval/storage.h"
#include "model/labels.h"
#include "promql/ast.h"

namespace ttam::eval {

/// The prefix of every error about a construct the engine does not evaluate yet.
inline constexpr std::string_view kNotImplemented = "not implemented: ";

/// A scalar at a time.
struct Scalar {
  int64_t t = 0;
  double v = 0;
};

/// A string at a time.
struct String {
  int64_t t = 0;
  std::string v;
};

/// One element of an instant vector.
struct VectorSample {
  model::Labels labels;
  int64_t t = 0;
  double v = 0;
  /// Delayed name removal (upstream's DropName): the operation that made this
  /// sample drops the metric name, `__type__` and `__unit__`, which stay in
  /// `labels` until the end of the query. Always false in immediate mode
  /// except where the labels are already gone.
  bool drop_name = false;
  /// A native histogram sample's value (then `v` is 0), owned by the
  /// Storage it was selected from; only a plain selection returns one
  /// (histogram_guard.h).
  const FloatHistogram* h = nullptr;
};

/// An instant vector, in the order the operation produced it.
using Vector = std::vector<VectorSample>;

/// One series of a range vector: labels and float points, oldest first.
struct MatrixSeries {
  model::Labels labels;
  std::vector<Sample> floats;
  bool drop_name = false;  ///< As VectorSample::drop_name, for the whole series.
  /// Start timestamps (ms, 0 = unknown) parallel to `floats`, only for a
  /// range selector over a series stored with them; empty otherwise (as
  /// after a subquery or any other expression).
  std::vector<int64_t> start_timestamps{};
};

/// A range vector (matrix).
using Matrix = std::vector<MatrixSeries>;

/// Any evaluation result.
using Value = std::variant<Scalar, String, Vector, Matrix>;

/// One annotation of a query (upstream's annotations package): a warning or
/// an info, with upstream's text and the span of the node it is about.
struct Annotation {
  enum class Kind { kWarning, kInfo };
  Kind kind = Kind::kWarning;
  std::string text;   ///< Upstream's text, e.g. `PromQL info: metric might not be a counter, ...`.
  promql::Span span;  ///< The node the annotation is about, in the parsed expression.
};

/// The annotations of one query, in the order they were raised (duplicates
/// removed by the engine before returning, as upstream's map does).
using Annotations = std::vector<Annotation>;

}  // namespace ttam::eval
