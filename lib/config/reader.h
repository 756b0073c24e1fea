#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"
#include "support/filesystem.h"
#include "yaml/document.h"

namespace ttam::config {

/// Check ids for what Prometheus would refuse to load (all errors).
inline constexpr std::string_view kUnknownField = "config/unknown-field";
inline constexpr std::string_view kType = "config/type";          ///< wrong YAML type
inline constexpr std::string_view kValue = "config/value";        ///< invalid value
inline constexpr std::string_view kRequired = "config/required";  ///< missing field
inline constexpr std::string_view kConflict = "config/conflict";  ///< mutually exclusive
inline constexpr std::string_view kDuplicate = "config/duplicate";  ///< duplicate name/job
inline constexpr std::string_view kRegex = "config/regex";        ///< invalid RE2 regex
inline constexpr std::string_view kMissingFile = "config/missing-file";  ///< named file absent
inline constexpr std::string_view kFile = "config/file";  ///< an included file is invalid

/// Everything one validation run shares: the document, where findings go,
/// and how files are read.
class Context {
 public:
  Context(const yaml::Document& doc, diag::Sink& sink, FileSystem& fs)
      : doc_(&doc), sink_(sink), fs_(fs) {}

  /// Reports an error at `at` about the field at `path`; the message is
  /// prefixed with the path ("scrape_configs[2].relabel_configs[0].regex: ...").
  void Error(const yaml::Node& at, std::string_view path, std::string_view check,
             std::string message);
  /// The same at another severity (lints).
  void Report(const yaml::Node& at, std::string_view path, std::string_view check,
              diag::Severity severity, std::string message);

  const yaml::Document& doc() const { return *doc_; }
  FileSystem& fs() { return fs_; }
  diag::Sink& sink() { return sink_; }
  /// Number of errors reported through this context.
  uint64_t errors() const { return errors_; }
  /// Switches to another document (an included scrape config file).
  void SetDocument(const yaml::Document& doc) { doc_ = &doc; }

 private:
  const yaml::Document* doc_;
  diag::Sink& sink_;
  FileSystem& fs_;
  uint64_t errors_ = 0;
};

/// Reads one YAML mapping against a schema: each getter marks its field as
/// known and checks its type and value with Prometheus's rules; Finish()
/// rejects the fields no getter asked for (Prometheus loads strictly), with a
/// did-you-mean. Getters return nullopt when the field is absent, null, or
/// invalid (the error is already reported).
class Object {
 public:
  /// `node` may be null (field absent): then every getter returns nullopt.
  /// A node that is not a mapping (nor null) is reported once.
  Object(Context& ctx, const yaml::Node* node, std::string path);

  const std::string& path() const { return path_; }
  const yaml::Node* node() const { return node_; }
  /// "path.name" (or "name" at the top).
  std::string PathOf(std::string_view name) const;
  /// The raw value of `name` (marks it known); nullptr when absent.
  const yaml::Node* Field(std::string_view name);
  /// True when `name` is present and not null (does not mark it known).
  bool Has(std::string_view name) const;

  std::optional<std::string> String(std::string_view name);
  /// A non-empty string; reports kRequired when absent or empty.
  std::optional<std::string> RequiredString(std::string_view name);
  /// YAML 1.1 booleans as go-yaml reads them (true/false/yes/no/on/off...).
  std::optional<bool> Bool(std::string_view name);
  std::optional<int64_t> Int(std::string_view name, int64_t min = INT64_MIN,
                             int64_t max = INT64_MAX);
  std::optional<double> Float(std::string_view name);
  /// Prometheus durations ("1m30s"); milliseconds.
  std::optional<int64_t> Duration(std::string_view name);
  /// Byte sizes as Prometheus reads them ("512MB", base 2).
  std::optional<uint64_t> Size(std::string_view name);
  /// An absolute URL with a scheme and a host, as config.URL requires.
  std::optional<std::string> Url(std::string_view name);
  /// One of `allowed` (exact, case-sensitive unless stated by the caller).
  std::optional<std::string> Enum(std::string_view name,
                                  std::initializer_list<std::string_view> allowed);
  std::optional<std::vector<std::string>> StringList(std::string_view name);
  std::optional<std::map<std::string, std::string>> StringMap(std::string_view name);
  /// A nested mapping (absent: an Object over nullptr).
  Object Sub(std::string_view name);
  /// A list of mappings: `name[0]`, `name[1]`, ...
  std::vector<Object> List(std::string_view name);

  /// Reports every field that no getter asked for.
  void Finish();

  /// Reports at this object's node (or at field `name` when present).
  void Error(std::string_view name, std::string_view check, std::string message);

  Context& ctx() { return ctx_; }

 private:
  const yaml::Node* Scalar(std::string_view name);
  Context& ctx_;
  const yaml::Node* node_;
  std::string path_;
  std::vector<std::string_view> known_;
};

/// Go's strconv-style checks used by the schema.
bool IsValidLabelName(std::string_view name);         ///< [a-zA-Z_][a-zA-Z0-9_]*
bool IsValidLegacyMetricName(std::string_view name);  ///< [a-zA-Z_:][a-zA-Z0-9_:]*

}  // namespace ttam::config
