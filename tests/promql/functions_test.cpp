#include "promql/functions.h"

#include <doctest/doctest.h>

#include <set>
#include <string>

namespace ttam::promql {
namespace {

bool IsIdentifier(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return !(s[0] >= '0' && s[0] <= '9');
}

TEST_CASE("every function row is well formed and the table is sorted") {
  std::string_view previous;
  for (const Function& f : AllFunctions()) {
    CAPTURE(f.name);
    CHECK(IsIdentifier(f.name));
    CHECK(previous < f.name);  // sorted and unique: FindFunction binary-searches
    previous = f.name;
    CHECK(f.args.count <= kMaxDeclaredArgs);
    CHECK(f.variadic >= -1);
    // A variadic function repeats or omits its last declared argument.
    if (f.variadic != 0) CHECK(f.args.count > 0);
    CHECK((f.return_type == ValueType::kVector || f.return_type == ValueType::kScalar));
    CHECK(FindFunction(f.name) == &f);
  }
  CHECK(AllFunctions().size() == 91);
}

TEST_CASE("unknown names are not functions") {
  CHECK(FindFunction("") == nullptr);
  CHECK(FindFunction("holt_winters") == nullptr);  // renamed in Prometheus 3
  CHECK(FindFunction("Rate") == nullptr);
  CHECK(FindFunction("sum") == nullptr);  // an aggregation, not a function
  CHECK(FindFunction("zzz") == nullptr);
}

struct Case {
  std::string_view name;
  std::string_view want;
};

// Renders a row as `name(args) variadic -> return [experimental]`.
std::string Render(const Function& f) {
  std::string out = std::string(f.name) + "(";
  for (size_t i = 0; i < f.args.count; ++i) {
    if (i > 0) out += ", ";
    out += ValueTypeName(f.arg_types()[i]);
  }
  out += ") " + std::to_string(f.variadic) + " -> " + std::string(ValueTypeName(f.return_type));
  if (f.experimental) out += " experimental";
  return out;
}

TEST_CASE("spot checks against Prometheus's table") {
  const Case kCases[] = {
      {"rate", "rate(range vector) 0 -> instant vector"},
      {"histogram_quantile", "histogram_quantile(scalar, instant vector) 0 -> instant vector"},
      {"label_replace",
       "label_replace(instant vector, string, string, string, string) 0 -> instant vector"},
      {"label_join", "label_join(instant vector, string, string, string) -1 -> instant vector"},
      {"round", "round(instant vector, scalar) 1 -> instant vector"},
      {"hour", "hour(instant vector) 1 -> instant vector"},
      {"time", "time() 0 -> scalar"},
      {"scalar", "scalar(instant vector) 0 -> scalar"},
      {"vector", "vector(scalar) 0 -> instant vector"},
      {"quantile_over_time", "quantile_over_time(scalar, range vector) 0 -> instant vector"},
      {"double_exponential_smoothing",
       "double_exponential_smoothing(range vector, scalar, scalar) 0 -> instant vector "
       "experimental"},
      {"mad_over_time", "mad_over_time(range vector) 0 -> instant vector experimental"},
      {"sort_by_label", "sort_by_label(instant vector, string) -1 -> instant vector experimental"},
      {"info", "info(instant vector, instant vector) 1 -> instant vector experimental"},
      {"histogram_quantiles",
       "histogram_quantiles(instant vector, string, scalar, scalar) 9 -> instant vector "
       "experimental"},
      {"absent_over_time", "absent_over_time(range vector) 0 -> instant vector"},
      {"min_of", "min_of(scalar, scalar) 0 -> scalar experimental"},
      {"start_timestamp", "start_timestamp(instant vector) 0 -> instant vector experimental"},
  };
  for (const Case& c : kCases) {
    CAPTURE(c.name);
    const Function* f = FindFunction(c.name);
    REQUIRE(f != nullptr);
    CHECK(Render(*f) == c.want);
  }
}

TEST_CASE("argument counts follow the variadic convention") {
  const Function& rate = *FindFunction("rate");
  CHECK(rate.MinArgs() == 1);
  CHECK(rate.MaxArgs() == 1);
  const Function& label_replace = *FindFunction("label_replace");
  CHECK(label_replace.MinArgs() == 5);
  CHECK(label_replace.MaxArgs() == 5);
  const Function& hour = *FindFunction("hour");
  CHECK(hour.MinArgs() == 0);
  CHECK(hour.MaxArgs() == 1);
  const Function& label_join = *FindFunction("label_join");
  CHECK(label_join.MinArgs() == 3);
  CHECK_FALSE(label_join.MaxArgs().has_value());
  CHECK(label_join.ArgType(7) == ValueType::kString);
  const Function& quantiles = *FindFunction("histogram_quantiles");
  CHECK(quantiles.MinArgs() == 3);
  CHECK(quantiles.MaxArgs() == 12);
  CHECK(quantiles.ArgType(11) == ValueType::kScalar);
  const Function& pi = *FindFunction("pi");
  CHECK(pi.MinArgs() == 0);
  CHECK(pi.MaxArgs() == 0);
}

TEST_CASE("experimental functions are exactly Prometheus's") {
  std::set<std::string_view> experimental;
  for (const Function& f : AllFunctions()) {
    if (f.experimental) experimental.insert(f.name);
  }
  const std::set<std::string_view> want = {"double_exponential_smoothing",
                                           "end",
                                           "first_over_time",
                                           "histogram_quantiles",
                                           "info",
                                           "integral",
                                           "mad_over_time",
                                           "max_of",
                                           "min_of",
                                           "range",
                                           "sort_by_label",
                                           "sort_by_label_desc",
                                           "start",
                                           "start_timestamp",
                                           "step",
                                           "ts_of_first_over_time",
                                           "ts_of_last_over_time",
                                           "ts_of_max_over_time",
                                           "ts_of_min_over_time"};
  CHECK(experimental == want);
}

TEST_CASE("aggregation table: one row per operator, agreeing with the AST") {
  size_t i = 0;
  for (const Aggregation& a : AllAggregations()) {
    CAPTURE(a.name);
    CHECK(static_cast<size_t>(a.op) == i++);
    CHECK(a.name == AggregateOpName(a.op));
    CHECK(a.param.has_value() == AggregateOpTakesParam(a.op));
    CHECK(&FindAggregation(a.op) == &a);
    CHECK(FindAggregation(a.name) == &a);
    CHECK(FindFunction(a.name) == nullptr);
  }
  CHECK(i == 14);
  CHECK(FindAggregation("sum_over_time") == nullptr);
  CHECK(FindAggregation(AggregateOp::kTopk).param == ValueType::kScalar);
  CHECK(FindAggregation(AggregateOp::kQuantile).param == ValueType::kScalar);
  CHECK(FindAggregation(AggregateOp::kCountValues).param == ValueType::kString);
  CHECK_FALSE(FindAggregation(AggregateOp::kGroup).param.has_value());
  CHECK(FindAggregation(AggregateOp::kLimitk).experimental);
  CHECK(FindAggregation(AggregateOp::kLimitRatio).experimental);
  CHECK_FALSE(FindAggregation(AggregateOp::kTopk).experimental);
}

}  // namespace
}  // namespace ttam::promql
