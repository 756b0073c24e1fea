// `ttam query EXPR [--data FILE]... [--prometheus URL]`: evaluates a PromQL
// expression over local data (promqltest files, expositions) with ttam's
// engine, or sends it to a Prometheus-compatible server's HTTP API, and
// prints the result as a table or as the API's JSON body.
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common_options.h"
#include "eval/engine.h"
#include "eval/load_exposition.h"
#include "eval/plan.h"
#include "expfmt/parser.h"
#include "features.h"
#include "fetch_flags.h"
#include "findings_io.h"
#include "promapi/query.h"
#include "promql/check.h"
#include "promql/parser.h"
#include "query_data.h"
#include "query_json.h"
#include "query_text.h"
#include "subcommands.h"

namespace ttam::cli {
namespace {

// The Prometheus server's default for --query.max-samples.
constexpr int64_t kServerMaxSamples = 50000000;
// Shown as the file name of diagnostics about the expression.
constexpr char kQueryPath[] = "<query>";
// The feature that changes evaluation rather than the language.
constexpr char kDelayedNameRemoval[] = "promql-delayed-name-removal";
// Upstream's AsStrings(query, 10, 10).
constexpr size_t kMaxAnnotations = 10;

constexpr std::string_view kSyntaxCheck = "query/syntax";
constexpr std::string_view kTypeCheck = "query/type";
constexpr std::string_view kWarningCheck = "query/warning";
constexpr std::string_view kInfoCheck = "query/info";

struct QueryOptions {
  std::string expr;
  std::vector<std::string> data;
  std::string time;
  std::string start;
  std::string end;
  std::string step;
  std::string lookback;
  int64_t max_samples = kServerMaxSamples;
  std::vector<std::string> features;
  std::string prometheus;
  FetchFlags fetch;
  CLI::Option* max_samples_option = nullptr;
};

std::vector<diag::CheckInfo> QueryChecks() {
  std::vector<diag::CheckInfo> checks = {
      {kSyntaxCheck, diag::Severity::kError, "the expression is not valid PromQL syntax"},
      {kTypeCheck, diag::Severity::kError, "the expression has a type error"},
      {kWarningCheck, diag::Severity::kWarning, "a PromQL warning annotation of the result"},
      {kInfoCheck, diag::Severity::kInfo, "a PromQL info annotation of the result"},
      eval::DataCheckInfo(),
  };
  for (const auto& c : expfmt::ParserChecks()) checks.push_back(c);
  return checks;
}

// Where byte `pos` of the expression is: 1-based line and column, and the
// line's text (upstream's PositionRange.StartPosInput).
struct ExprPosition {
  uint32_t line = 1;
  uint32_t column = 1;
  std::string text;
};

ExprPosition PositionIn(const std::string& expr, size_t pos) {
  pos = std::min(pos, expr.size());
  ExprPosition p;
  size_t line_start = 0;
  for (size_t i = 0; i < pos; ++i) {
    if (expr[i] == '\n') {
      ++p.line;
      line_start = i + 1;
    }
  }
  p.column = static_cast<uint32_t>(pos - line_start + 1);
  size_t line_end = expr.find('\n', line_start);
  p.text = expr.substr(line_start,
                       line_end == std::string::npos ? std::string::npos : line_end - line_start);
  return p;
}

diag::Diagnostic AtExpr(const std::string& expr, size_t begin, size_t end, diag::Severity severity,
                        std::string_view check, std::string message) {
  ExprPosition p = PositionIn(expr, begin);
  diag::Diagnostic d;
  d.path = kQueryPath;
  d.line = p.line;
  d.column = p.column;
  // The caret runs to the span's end when it is on the same line.
  if (end > begin + 1 && PositionIn(expr, end).line == p.line) {
    d.end_column = p.column + static_cast<uint32_t>(end - begin);
  }
  d.severity = severity;
  d.check = std::string(check);
  d.message = std::move(message);
  d.source_line = std::move(p.text);
  return d;
}

// The times of a query: instant at `time_ms`, or a range.
struct QueryTimes {
  bool range = false;
  std::optional<int64_t> time_ms;
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  int64_t step_ms = 0;
};

Result<QueryTimes> ParseQueryTimes(const QueryOptions& o) {
  QueryTimes t;
  t.range = !o.start.empty() || !o.end.empty() || !o.step.empty();
  if (t.range) {
    if (!o.time.empty()) return Error{"--time is for instant queries; a range has --start/--end"};
    if (o.start.empty() || o.end.empty() || o.step.empty()) {
      return Error{"a range query needs --start, --end and --step"};
    }
    auto start = promapi::ParseApiTime(o.start);
    if (!start) return Error{"--start: " + start.error().message};
    auto end = promapi::ParseApiTime(o.end);
    if (!end) return Error{"--end: " + end.error().message};
    auto step = promapi::ParseApiDuration(o.step);
    if (!step) return Error{"--step: " + step.error().message};
    if (Status ok = promapi::CheckRange(*start, *end, *step); !ok) return ok.error();
    t.start_ms = *start;
    t.end_ms = *end;
    t.step_ms = *step;
  } else if (!o.time.empty()) {
    auto at = promapi::ParseApiTime(o.time);
    if (!at) return Error{"--time: " + at.error().message};
    t.time_ms = *at;
  }
  return t;
}

// Upstream's AsStrings: each annotation with its position, at most 10 of
// each kind and a line counting the rest.
void AnnotationStrings(const std::string& expr, const eval::Annotations& annotations,
                       std::vector<std::string>& warnings, std::vector<std::string>& infos) {
  size_t more_warnings = 0, more_infos = 0;
  for (const eval::Annotation& a : annotations) {
    ExprPosition p = PositionIn(expr, a.span.begin);
    std::string text =
        a.text + " (" + std::to_string(p.line) + ":" + std::to_string(p.column) + ")";
    bool warning = a.kind == eval::Annotation::Kind::kWarning;
    std::vector<std::string>& list = warning ? warnings : infos;
    if (list.size() < kMaxAnnotations) {
      list.push_back(std::move(text));
    } else {
      ++(warning ? more_warnings : more_infos);
    }
  }
  if (more_warnings > 0) {
    warnings.push_back(std::to_string(more_warnings) + " more warning annotations omitted");
  }
  if (more_infos > 0) {
    infos.push_back(std::to_string(more_infos) + " more info annotations omitted");
  }
}

// What a query produced, locally or remotely.
struct QueryAnswer {
  eval::Value value;
  std::vector<std::string> warnings;
  std::vector<std::string> infos;
};

// Parses, checks and evaluates locally. Errors that were reported as
// diagnostics come back as an Error with an empty message.
Result<QueryAnswer> RunLocal(const QueryOptions& o, const QueryTimes& times,
                             bool delayed_name_removal, const rules::LoadOptions& language,
                             const scrape::ReadOptions& read, Io& io, diag::Sink& sink) {
  promql::ParseResult parsed = promql::Parse(o.expr, language.syntax);
  if (!parsed.ok()) {
    for (const promql::ParseError& e : parsed.errors) {
      sink.Report(AtExpr(o.expr, e.begin, e.end, diag::Severity::kError, kSyntaxCheck,
                         "parse error: " + e.message));
    }
    return Error{""};
  }
  promql::CheckOptions check;
  check.enable_experimental_functions = language.experimental_functions;
  check.source = o.expr;
  std::vector<promql::CheckError> problems = promql::Check(*parsed.expr, check);
  for (const promql::CheckError& e : problems) {
    diag::Diagnostic d =
        AtExpr(o.expr, e.span.begin, e.span.end, diag::Severity::kError, kTypeCheck, e.message);
    if (!e.hint.empty()) d.notes.push_back({d.path, d.line, d.column, "hint: " + e.hint});
    sink.Report(std::move(d));
  }
  if (!problems.empty()) return Error{""};
  if (times.range) {
    std::optional<promql::ValueType> type = promql::TypeOf(*parsed.expr);
    if (type != promql::ValueType::kScalar && type != promql::ValueType::kVector) {
      std::string name = type ? std::string(promql::ValueTypeName(*type)) : "unknown";
      sink.Report(AtExpr(o.expr, 0, o.expr.size(), diag::Severity::kError, kTypeCheck,
                         "invalid expression type \"" + name +
                             "\" for range query, must be Scalar or instant Vector"));
      return Error{""};
    }
  }

  std::vector<DataSpec> specs;
  for (const std::string& arg : o.data) {
    auto spec = ParseDataSpec(arg, io.fs);
    if (!spec) return spec.error();
    specs.push_back(std::move(*spec));
  }
  eval::Storage storage;
  if (Status loaded = LoadDataFiles(specs, read, io.fs, storage, sink); !loaded) {
    return loaded.error();
  }

  auto plan = eval::Plan::Bind(*parsed.expr);
  if (!plan) return Error{"cannot evaluate the query: " + plan.error().message};
  eval::EngineOptions engine;
  engine.max_samples = o.max_samples;
  engine.delayed_name_removal = delayed_name_removal;
  if (!o.lookback.empty()) {
    auto lookback = promapi::ParseApiDuration(o.lookback);
    if (!lookback || *lookback <= 0) {
      return Error{"--lookback-delta: " +
                   (lookback ? std::string("must be positive") : lookback.error().message)};
    }
    engine.lookback_ms = *lookback;
  }
  eval::Annotations annotations;
  QueryAnswer answer;
  if (times.range) {
    auto m = eval::EvalRange(storage, *plan, times.start_ms, times.end_ms, times.step_ms, engine,
                             &annotations);
    if (!m) return Error{"cannot evaluate the query: " + m.error().message};
    answer.value = std::move(*m);
  } else {
    int64_t at = times.time_ms.value_or(eval::NewestSampleTime(storage).value_or(0));
    auto v = eval::EvalInstant(storage, *plan, at, engine, &annotations);
    if (!v) return Error{"cannot evaluate the query: " + v.error().message};
    answer.value = std::move(*v);
  }
  AnnotationStrings(o.expr, annotations, answer.warnings, answer.infos);
  for (const eval::Annotation& a : annotations) {
    bool warning = a.kind == eval::Annotation::Kind::kWarning;
    sink.Report(AtExpr(o.expr, a.span.begin, a.span.end,
                       warning ? diag::Severity::kWarning : diag::Severity::kInfo,
                       warning ? kWarningCheck : kInfoCheck, a.text));
  }
  return answer;
}

Result<QueryAnswer> RunRemote(const QueryOptions& o, const QueryTimes& times,
                              const scrape::ReadOptions& read, diag::Sink& sink) {
  promapi::QueryRequest request;
  request.expr = o.expr;
  request.range = times.range;
  request.time_ms = times.time_ms;
  request.start_ms = times.start_ms;
  request.end_ms = times.end_ms;
  request.step_ms = times.step_ms;
  if (!o.lookback.empty()) {
    auto lookback = promapi::ParseApiDuration(o.lookback);
    if (!lookback) return Error{"--lookback-delta: " + lookback.error().message};
    request.lookback_ms = *lookback;
  }
  auto client = scrape::MakeHttpClient(TTAM_VERSION);
  auto reply = promapi::RunQuery(o.prometheus, request, read.fetch, *client);
  if (!reply) return reply.error();
  // The server's texts carry their positions already.
  auto report = [&](const std::string& text, diag::Severity severity, std::string_view check) {
    diag::Diagnostic d;
    d.severity = severity;
    d.check = std::string(check);
    d.message = text;
    sink.Report(std::move(d));
  };
  for (const std::string& w : reply->warnings) report(w, diag::Severity::kWarning, kWarningCheck);
  for (const std::string& i : reply->infos) report(i, diag::Severity::kInfo, kInfoCheck);
  return QueryAnswer{std::move(reply->value), std::move(reply->warnings), std::move(reply->infos)};
}

int RunQueryCommand(const QueryOptions& o, const CommonOptions& common, Io& io) {
  if (o.data.empty() && o.prometheus.empty()) {
    return CannotRun(io, "nothing to query: give --data FILE (repeatable) or --prometheus URL");
  }
  if (!o.data.empty() && !o.prometheus.empty()) {
    return CannotRun(io,
                     "--data and --prometheus cannot be combined: the query runs either here "
                     "or on the server");
  }
  bool remote = !o.prometheus.empty();
  bool delayed_name_removal = false;
  std::vector<std::string> language_features;
  for (const std::string& f : o.features) {
    if (f == kDelayedNameRemoval) {
      delayed_name_removal = true;
    } else {
      language_features.push_back(f);
    }
  }
  auto language = ParseFeatures(language_features);
  if (!language) {
    return CannotRun(io, language.error().message + ", " + std::string(kDelayedNameRemoval));
  }
  if (remote && !o.features.empty()) {
    return CannotRun(io,
                     "--enable-feature applies to local evaluation; the server has its own "
                     "feature flags");
  }
  if (remote && o.max_samples_option != nullptr && o.max_samples_option->count() > 0) {
    return CannotRun(io,
                     "--max-samples applies to local evaluation; the server has its own "
                     "--query.max-samples");
  }
  if (o.max_samples <= 0) return CannotRun(io, "--max-samples must be at least 1");
  auto times = ParseQueryTimes(o);
  if (!times) return CannotRun(io, times.error().message);
  auto read = BuildReadOptions(o.fetch, io.fs);
  if (!read) return CannotRun(io, read.error().message);

  // The result goes to stdout in text and json; the findings then go to
  // stderr as text. github, sarif and gitlab print only the findings, on stdout.
  bool findings_only = FindingsOnlyFormat(common.format);
  CommonOptions report_options = common;
  Io findings_io = FindingsIo(io, !findings_only);
  if (!findings_only) report_options.format = "text";
  Report report(report_options, findings_io, QueryChecks());

  Result<QueryAnswer> answer =
      remote ? RunRemote(o, *times, *read, report.sink())
             : RunLocal(o, *times, delayed_name_removal, *language, *read, io, report.sink());
  auto finish = [&]() {
    // Text findings on stderr get their summary line only when there were some.
    if (findings_only || report.AnyFindings()) return report.Finish();
    return static_cast<int>(kExitClean);
  };
  if (!answer) {
    finish();
    if (!answer.error().message.empty())
      io.err << "ttam: error: " << answer.error().message << "\n";
    io.err.flush();
    return kExitCannotRun;
  }
  if (!findings_only) {
    if (common.format == "json") {
      io.out << ApiSuccessBody(answer->value, answer->warnings, answer->infos) << "\n";
    } else {
      QueryTextOptions text;
      text.sparkline = io.out_is_terminal;
      if (times->range) {
        text.start_ms = times->start_ms;
        text.end_ms = times->end_ms;
        text.step_ms = times->step_ms;
      }
      WriteQueryText(answer->value, text, io.out);
    }
    io.out.flush();
  }
  return finish();
}

}  // namespace

Runner SetupQuery(CLI::App& app, const CommonOptions& common) {
  auto o = std::make_shared<QueryOptions>();
  app.add_option("expr", o->expr, "The PromQL expression")->required()->type_name("EXPR");
  app.add_option("--data", o->data,
                 "Local data: a promqltest file, an exposition with timestamps, or FILE@TIME "
                 "(an exposition scraped at TIME) (repeatable)")
      ->type_name("FILE[@TIME]")
      ->allow_extra_args(false);
  app.add_option("--time", o->time,
                 "Instant query time, RFC 3339 or Unix seconds (default: the newest sample; the "
                 "server's now with --prometheus)")
      ->type_name("T");
  app.add_option("--start", o->start, "Range query: first step (RFC 3339 or Unix seconds)")
      ->type_name("T");
  app.add_option("--end", o->end, "Range query: last step (RFC 3339 or Unix seconds)")
      ->type_name("T");
  app.add_option("--step", o->step, "Range query: step (15s, 1m, or seconds)")->type_name("D");
  app.add_option("--lookback-delta,--lookback", o->lookback,
                 "How far back an instant selector looks (default 5m)")
      ->type_name("D");
  o->max_samples_option =
      app.add_option("--max-samples", o->max_samples,
                     "Most samples a local query may hold at once (Prometheus's default)")
          ->type_name("N")
          ->capture_default_str();
  app.add_option("--enable-feature", o->features,
                 std::string("Prometheus feature flags for local evaluation: ") +
                     kDelayedNameRemoval +
                     ", promql-experimental-functions, promql-duration-expr, "
                     "promql-extended-range-selectors, promql-binop-fill-modifiers")
      ->delimiter(',')
      ->type_name("NAME");
  app.add_option("--prometheus", o->prometheus,
                 "Send the query to this Prometheus-compatible server's HTTP API instead")
      ->type_name("URL");
  AddFetchFlags(app, o->fetch);
  return [o, &common](Io& io) { return RunQueryCommand(*o, common, io); };
}

}  // namespace ttam::cli
